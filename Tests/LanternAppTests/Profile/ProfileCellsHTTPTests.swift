import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The profile's summary table stays exact: after seeding, after cases recorded, decided and
/// changed through the API (40 at once), after rows changed by hand in SQL, and a question
/// answered from the cells gives exactly what the GROUP BY over the cases gives. `lantern
/// profile verify` finds a damaged cell and a missing trigger; `rebuild` mends both.
@Suite struct ProfileCellsHTTPTests {
    /// Every question the cells can answer, and some they cannot (answered from the cases).
    static func questions(from: Quarter, to: Quarter, organisation: String) -> [ProfileQuery] {
        let closed: [ProfileDimension] = [.boroughIdentified, .bcu, .exploitationType, .exploitationCombination, .ageGroup, .gender,
                                          .nationality, .stage, .reasonableGrounds, .conclusiveGrounds, .firstResponderType, .firstResponder,
                                          .boroughExploited, .ageGroupAtExploitation]
        var questions: [ProfileQuery] = []
        for (index, rows) in closed.enumerated() {
            questions.append(ProfileQuery(dimensions: [rows, .quarter], from: from, to: to))
            for columns in closed[(index + 1)...] where ProfileCellDimension(columns) != ProfileCellDimension(rows) {
                questions.append(ProfileQuery(dimensions: [rows, columns], from: from, to: to))
            }
        }
        questions += [
            ProfileQuery(dimensions: [.year, .month], from: from, to: to),
            ProfileQuery(dimensions: [.exploitationType], filters: [.boroughIdentified: ["E09000012", "E09000007"]], from: from, to: to),
            ProfileQuery(dimensions: [.bcu, .quarter], filters: [.bcu: ["CE"], .year: [String(to.year)]], from: from, to: to),
            ProfileQuery(dimensions: [.gender], filters: [.firstResponder: [organisation.lowercased()]], from: from, to: to),
            ProfileQuery(dimensions: [.quarter], from: from, to: to,
                         within: CoveredCases(boroughs: ["E09000012"], organisations: [organisation])),
            ProfileQuery(dimensions: [.boroughIdentified], from: from, to: to, within: CoveredCases(boroughs: ["E09000012"], organisations: [])),
            // Three dimensions, and a filter on the type: only the cases can answer these.
            ProfileQuery(dimensions: [.boroughIdentified, .gender, .stage], from: from, to: to),
            ProfileQuery(dimensions: [.gender], filters: [.exploitationType: ["criminal", "labour"]], from: from, to: to),
        ]
        return questions
    }

    static func sorted(_ result: ProfileResult) -> [String] {
        result.rows.map { ($0.keys + [String($0.count), String($0.keySum)]).joined(separator: "|") }.sorted()
    }

    /// Every question answered from the cells equals the count over the cases.
    static func expectCellsAnswerAsTheCasesDo(_ lantern: TestLantern, organisation: String) async throws {
        let to = Quarter(containing: lantern.today)
        let from = to.adding(quarters: -12)
        var fromCells = 0
        for question in questions(from: from, to: to, organisation: organisation) {
            let cells = ProfileRepository(db: lantern.app.db, boroughs: lantern.app.lantern.boroughs)
            var cases = cells
            cases.readsCells = false
            let counted = try await cases.run(question)
            #expect(Self.sorted(try await cells.run(question)) == Self.sorted(counted), "\(question.dimensions) \(question.filters)")
            if ProfileCuboid.answering(question) != nil { fromCells += 1 }
        }
        #expect(fromCells >= 90, "too few questions were answered from the cells to prove them")
    }

    static func expectExact(_ lantern: TestLantern, _ step: String) async throws {
        let report = try await ProfileCellStore(db: lantern.app.db).verify()
        #expect(report.isExact, "\(step): \(report.differences.prefix(3)) missing \(report.missingTriggers)")
        #expect(report.cuboids == ProfileCuboid.all.count)
    }

    @Test(arguments: TestDatabase.available)
    func theSummaryTableStaysExactThroughEveryKindOfChange(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let world = try await PathwayHTTPTests.world(lantern)
            let council = world.council
            let organisation = try council.requireID().uuidString
            let owner = SyntheticSeeder.Owner(organisationID: try council.requireID(), userID: world.worker.id,
                                              responderType: .localAuthority, weight: 1)
            try await SyntheticSeeder.seed(lantern.app, count: 400, seed: 5, owners: [owner])
            try await Self.expectExact(lantern, "after seeding")
            #expect(try await ProfileCellStore.integer(
                #require((lantern.app.db as! any SQLDatabase).raw("SELECT SUM(n) AS n FROM profile_cells WHERE dims = 0").first()), "n") == 400)

            // Recorded, decided and changed through the API, forty at once.
            let api = lantern.api(try await lantern.apiToken(for: world.worker))
            let today = lantern.today
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for n in 0..<40 {
                    let types = [["criminal"], ["labour", "sexual"], ["domestic_servitude", "criminal", "labour"]][n % 3]
                    let body = PathwayHTTPTests.newCase(today, identifiedDaysAgo: 1 + n * 9, extra: [
                        "exploitationTypes": types, "gender": n % 2 == 0 ? "female" : "male",
                        "boroughIdentified": n % 4 == 0 ? "E09000007" : "E09000012", "nationality": n % 5 == 0 ? "VNM" : "ALB",
                    ])
                    group.addTask { try await api.post("/api/v1/cases", body).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            _ = try await PathwayHTTPTests.childWithPositiveCG(world)
            try await Self.expectExact(lantern, "after the API")

            // By hand: any path that changes a case or its types keeps the cells, even SQL.
            let sql = lantern.app.db as! any SQLDatabase
            try await sql.raw("UPDATE cases SET gender = 'Female', nationality = NULL WHERE stage = 'childrens_services_support'").run()
            try await sql.raw("UPDATE cases SET identified_quarter = NULL, identified_month = NULL WHERE nationality = 'VNM'").run()
            try await sql.raw("UPDATE case_exploitation_types SET type = 'other' WHERE type = 'sexual'").run()
            try await sql.raw("DELETE FROM case_exploitation_types WHERE type = 'labour'").run()
            // Three seeded cases deleted (their keys, search tokens and types go with them).
            let seeded = try await sql.raw("SELECT id FROM cases WHERE organisation_id = \(bind: council.requireID()) LIMIT 3").all()
            #expect(seeded.count == 3)
            for row in seeded {
                let id = try row.decode(column: "id", as: UUID.self)
                try await sql.raw("DELETE FROM case_events WHERE case_id = \(bind: id)").run()
                try await sql.raw("DELETE FROM cases WHERE id = \(bind: id)").run()
            }
            try await Self.expectExact(lantern, "after SQL by hand")
            try await Self.expectCellsAnswerAsTheCasesDo(lantern, organisation: organisation)
        }
    }

    @Test(arguments: TestDatabase.available)
    func verifyFindsADamagedCellAndAMissingTriggerAndRebuildMendsBoth(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            _ = try await ProfileHTTPTests.seed(lantern, cases: 150)
            let sql = lantern.app.db as! any SQLDatabase
            let store = ProfileCellStore(db: lantern.app.db)
            try await sql.raw("UPDATE profile_cells SET n = n + 1 WHERE dims = \(bind: ProfileCuboid([.gender])!.code) AND k0 = 'Female'").run()
            try await sql.raw("DELETE FROM profile_cells WHERE dims = \(bind: ProfileCuboid([.stage, .nationality])!.code)").run()
            try await ProfileCellTriggers.drop(on: sql)
            try await sql.raw("UPDATE cases SET gender = 'Male' WHERE gender = 'Female'").run()

            let report = try await store.verify(limit: 1_000_000)
            #expect(!report.isExact)
            #expect(report.missingTriggers.count == ProfileCellTriggers.triggers.count)
            #expect(report.differences.contains { $0.cuboid == ProfileCuboid([.gender])! })
            #expect(report.differences.contains { $0.cuboid == ProfileCuboid([.stage, .nationality])! })

            try await ProfileCellTriggers.create(on: sql)
            try await store.rebuild()
            #expect(try await store.verify().isExact)
            try await sql.raw("UPDATE cases SET gender = 'Female' WHERE stage = 'closed'").run()
            #expect(try await store.verify().isExact)
        }
    }
}
