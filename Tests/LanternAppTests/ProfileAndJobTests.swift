import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct ProfileAndJobTests {
    @Test(arguments: TestDatabase.available)
    func aScheduledJobRunsOncePerWindowWhoeverAsks(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let first = try await ScheduledJobs.runIfDue("stage_deadlines", interval: 300, node: "a", app: lantern.app)
            let second = try await ScheduledJobs.runIfDue("stage_deadlines", interval: 300, node: "b", app: lantern.app)
            #expect(first && !second)
            lantern.clock.advance(301)
            #expect(try await ScheduledJobs.runIfDue("stage_deadlines", interval: 300, node: "b", app: lantern.app))
            #expect(try await JobRun.query(on: lantern.app.db).count() == 2)
            #expect(try await AuditLog.verify(key: lantern.app.lantern.auditChainKey, on: lantern.app.db) == .intact(entries: 2))
        }
    }

    @Test(arguments: TestDatabase.available)
    func profileQueriesCountCasesByTheChosenDimensions(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Hackney Council")
            let person = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let owner = SyntheticSeeder.Owner(organisationID: council.id!, userID: person.id, responderType: .localAuthority, weight: 1)
            try await SyntheticSeeder.seed(lantern.app, count: 400, seed: 3, owners: [owner])
            let repository = ProfileRepository(db: lantern.app.db, boroughs: lantern.app.lantern.boroughs)
            let today = Quarter(containing: lantern.today)
            let all = ProfileQuery(dimensions: [.ageGroup], from: today.adding(quarters: -16), to: today)
            let byAge = try await repository.run(all)
            #expect(byAge.rows.reduce(0) { $0 + $1.count } == 400)

            // Each case counted once per type when types are the dimension.
            let byType = try await repository.run(ProfileQuery(dimensions: [.exploitationType], from: all.from, to: all.to))
            let typeRows = try await CaseExploitationType.query(on: lantern.app.db).count()
            #expect(byType.rows.reduce(0) { $0 + $1.count } == typeRows)

            // Three dimensions, a filter, and BCUs derived from boroughs.
            let three = try await repository.run(ProfileQuery(dimensions: [.boroughIdentified, .exploitationType, .quarter],
                                                              filters: [.ageGroup: [AgeGroup.child.rawValue]], from: all.from, to: all.to))
            let children = try await CaseRecord.query(on: lantern.app.db).filter(\.$ageGroup == AgeGroup.child.rawValue).all()
            #expect(three.rows.allSatisfy { $0.keys.count == 3 })
            let childTypeRows = try await CaseExploitationType.query(on: lantern.app.db).filter(\.$case.$id ~~ children.compactMap(\.id)).count()
            #expect(three.rows.reduce(0) { $0 + $1.count } == childTypeRows)
            let bcu = try await repository.run(ProfileQuery(dimensions: [.bcu], from: all.from, to: all.to))
            #expect(bcu.rows.reduce(0) { $0 + $1.count } == 400)
            #expect(bcu.rows.count <= 13)
            let filtered = try await repository.run(ProfileQuery(dimensions: [.gender], filters: [.exploitationType: [ExploitationType.criminal.rawValue]],
                                                                 from: all.from, to: all.to))
            let criminal = try await CaseExploitationType.query(on: lantern.app.db).filter(\.$type == ExploitationType.criminal.rawValue).count()
            #expect(filtered.rows.reduce(0) { $0 + $1.count } == criminal)

            // Read in parts at once (one per reader, each its own connection), every question
            // gets exactly the answer of the single statement.
            let readers = (0..<3).map { _ in lantern.app.databases.database(logger: lantern.app.logger, on: lantern.app.eventLoopGroup.any())! }
            let parallel = ProfileRepository(db: lantern.app.db, boroughs: lantern.app.lantern.boroughs, readers: readers)
            for question in [all, ProfileQuery(dimensions: [.boroughIdentified, .exploitationType, .quarter], from: all.from, to: all.to),
                             ProfileQuery(dimensions: [.bcu, .gender], filters: [.ageGroup: [AgeGroup.child.rawValue]], from: all.from, to: all.to)] {
                #expect(try await parallel.run(question) == ProfileResult.adding([try await repository.run(question)]))
            }
        }
    }
}
