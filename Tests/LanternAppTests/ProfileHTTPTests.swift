import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The problem profile over HTTP: every role's view, disclosure control on every face
/// (page, downloads, API, public page, annual report), imported statistics and bad input.
@Suite struct ProfileHTTPTests {
    static func seed(_ lantern: TestLantern, cases: Int = 300) async throws -> Organisation {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let person = try await lantern.makePerson(in: council, roles: [.caseWorker])
        let owner = SyntheticSeeder.Owner(organisationID: council.id!, userID: person.id, responderType: .localAuthority, weight: 1)
        try await SyntheticSeeder.seed(lantern.app, count: cases, seed: 5, owners: [owner])
        return council
    }

    /// Every number shown in a table cell of a page.
    static func cellNumbers(_ html: String) -> [Int] {
        html.matches(of: /<td class="table__cell table__cell--numeric">([0-9,]+)<\/td>/).compactMap { Int($0.1.replacingOccurrences(of: ",", with: "")) }
    }

    static func importPoliceTable(_ lantern: TestLantern) async throws {
        // An excerpt of the real table: four forces, Tests/Fixtures/README.md.
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nrm-statistics/nrm_referrals_police_2022_q2.csv")
        let data = try Data(contentsOf: file)
        let parsed = try StatisticsImporter.parse(data, mapping: nil, boroughs: lantern.app.lantern.boroughs)
        let metadata = DatasetMetadata(title: "Police referrals 2022 Q2", source: "Home Office", licence: "OGL v3.0",
                                       from: Quarter(year: 2022, quarter: 2)!, to: Quarter(year: 2022, quarter: 2)!,
                                       fileName: file.lastPathComponent, importedBy: nil, importedByLabel: "test")
        _ = try await DatasetStore.store(parsed, file: data, metadata: metadata, replacing: nil, on: lantern.app.db, audit: { db, dataset in
            try await AuditLog.append(AuditEvent(action: "dataset.imported", recordType: "dataset", recordID: dataset.id?.uuidString),
                                      actor: nil, organisation: nil, requestID: nil, sourceAddress: nil, at: Date(),
                                      key: lantern.app.lantern.auditChainKey, on: db)
        })
    }

    @Test(arguments: TestDatabase.available)
    func anAnalystSeesControlledTablesChartsAndTheMapAndDownloadsExactlyThem(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await Self.seed(lantern)
            let analyst = try await lantern.makePerson(in: council, roles: [.analyst])
            let browser = try await lantern.signedIn(analyst)
            let from = Quarter(containing: lantern.today).adding(quarters: -7).text
            let query = "rows=borough_identified&columns=age_group&from=\(from)"
            let page = try await browser.get("/profile?\(query)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<svg id=\"map\""))
            #expect(html.contains("<svg id=\"trend\""))
            #expect(html.contains("Barking and Dagenham"))
            #expect(html.contains("About these figures"))
            // No published figure is a small number, and the page says how they were protected.
            #expect(Self.cellNumbers(html).allSatisfy { $0 == 0 || $0 >= 5 })
            #expect(html.contains("cell key method"))

            // The CSV carries the metadata and the same figures as the JSON and the API.
            let csv = try await browser.get("/profile/download.csv?\(query)")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("# Cases recorded in Lantern"))
            #expect(lines.contains { $0.hasPrefix("# Disclosure control:") })
            let json = try await browser.get("/profile/download.json?\(query)")
            let release = try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: json.body))
            let token = try await lantern.apiToken(for: analyst)
            let api = try await lantern.api(token).get("/api/v1/profile?\(query)")
            #expect(api.status == .ok)
            let viaAPI = try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: api.body))
            #expect(viaAPI.tables.map(\.rows.count) == release.tables.map(\.rows.count))
            #expect(viaAPI.tables[0].rows.map(\.values) == release.tables[0].rows.map(\.values))
            let firstRow = try #require(release.tables.first?.rows.first)
            let csvRow = try #require(lines.first { $0.hasPrefix(firstRow.label + ",") })
            #expect(csvRow == ([firstRow.label] + firstRow.values + [firstRow.total]).joined(separator: ","))
            #expect(release.metadata.threshold == 5)
            #expect(release.metadata.disclosureMethod == "cell key perturbation")
            // Exports are audited.
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exported").count() == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func whoMaySeeTheProfileAndWhatThePublicSees(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await Self.seed(lantern, cases: 200)
            for role in Role.allCases {
                let person = try await lantern.makePerson(in: council, roles: [role])
                let status = try await lantern.signedIn(person).get("/profile").status
                let allowed = AccessPolicy.lantern.allowsSome([role], .viewStatistics)
                #expect(status == (allowed ? .ok : .forbidden), "\(role)")
            }
            #expect(try await lantern.browser().get("/profile").location == "/sign-in")
            #expect(try await lantern.app.testing().sendRequest(.GET, "/api/v1/profile").status == .unauthorized)
            let publicPage = try await lantern.browser().get("/statistics")
            #expect(publicPage.status == .ok)
            let html = publicPage.body.string
            #expect(html.contains("<svg id=\"public-map\""))
            #expect(Self.cellNumbers(html).allSatisfy { $0 == 0 || $0 >= 5 })
            #expect(!html.contains("LNT-"))
        }
    }

    @Test func badQuestionsGetFieldMessagesNotFigures() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let browser = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.analyst]))
            for (query, message) in [("rows=nonsense", "Choose from the list"),
                                     ("rows=gender&columns=gender", "Choose different things"),
                                     ("from=2026-Q4&to=2025-Q1", "The first quarter must be before the last"),
                                     ("to=last-year", "Enter a quarter like"),
                                     ("borough=E09999999", "Choose a borough from the list"),
                                     ("source=imported:nothing", "Choose figures from the list"),
                                     ("source=<script>alert(1)</script>", "Choose figures from the list"),
                                     // Too large: the period before the NRM, after today, over ten years, too many figures.
                                     ("from=2000-Q1&to=2001-Q1", "the NRM began in April 2009"),
                                     ("from=2026-Q1&to=2039-Q4", "later quarters have no figures yet"),
                                     ("from=2010-Q1&to=2026-Q4", "Choose at most 10 years"),
                                     ("rows=nationality&columns=month&pages=first_responder&from=2019-Q1&to=2026-Q4",
                                      "at most 20000 can be shown")] {
                let page = try await browser.get("/profile?\(query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
                #expect(page.status == .unprocessableEntity, "\(query)")
                #expect(page.body.string.contains(message), "\(query)")
                #expect(!page.body.string.contains("<script>alert"))
            }
            let token = try await lantern.apiToken(for: try await lantern.makePerson(in: council, roles: [.analyst]))
            let api = try await lantern.api(token).get("/api/v1/profile?rows=nonsense")
            #expect(api.status == .unprocessableEntity)
            #expect(api.headers.contentType?.description.contains("problem+json") == true)
        }
    }

    /// The attack that worked against threshold suppression: a table, then the same question
    /// filtered to one of its columns, then the total less the visible cells. With the cell
    /// key method the same people always get the same figure, whichever question counts them,
    /// so asking again gives nothing new, and nothing from 1 to 4 is ever shown.
    @Test(arguments: TestDatabase.available)
    func theSameCellGetsTheSameFigureWhateverTheQuestion(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await Self.seed(lantern, cases: 400)
            let token = try await lantern.apiToken(for: try await lantern.makePerson(in: council, roles: [.analyst]))
            let from = Quarter(containing: lantern.today).adding(quarters: -7).text
            func release(_ query: String) async throws -> ProfileExport.ReleaseDTO {
                let response = try await lantern.api(token).get("/api/v1/profile?from=\(from)&\(query)")
                #expect(response.status == .ok, "\(query)")
                return try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: response.body))
            }
            let table = try await release("rows=borough_identified&columns=gender")
            for gender in Gender.allCases {
                let filtered = try await release("rows=borough_identified&gender=\(gender.code)")
                let column = try #require(table.tables[0].columns.firstIndex(of: gender.rawValue))
                for row in filtered.tables[0].rows {
                    let inTable = try #require(table.tables[0].rows.first { $0.label == row.label })
                    // The filtered question's borough figure is the same cell as the table's.
                    #expect(row.total == inTable.values[column], "\(row.label), \(gender)")
                }
            }
            for figure in table.tables[0].rows.flatMap({ $0.values + [$0.total] }) {
                let value = Int(figure) ?? -1
                #expect(value == 0 || value >= 5, "\(figure)")
            }
            // Asking the very same question again gives the very same answer.
            let again = try await release("rows=borough_identified&columns=gender")
            #expect(again.tables[0].rows.map(\.values) == table.tables[0].rows.map(\.values))
        }
    }

    @Test(arguments: TestDatabase.available)
    func importedStatisticsAreCountedByTheirOwnDimensions(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            try await Self.importPoliceTable(lantern)
            let council = try await lantern.makeOrganisation("Met")
            let analyst = try await lantern.makePerson(in: council, roles: [.analyst])
            let token = try await lantern.apiToken(for: analyst)
            // All areas the national table covers: every force.
            let response = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&rows=first_responder&from=2022-Q2&to=2022-Q2&scope=national")
            #expect(response.status == .ok)
            let release = try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: response.body))
            let met = try #require(release.tables[0].rows.first { $0.label == "Metropolitan Police Service" })
            #expect(met.total == "163")
            #expect(release.tables[0].grandTotal == "230")
            // London, the default: the rows London's forces made (the Met's 163 and the City of
            // London Police's 1, each then withheld, as one small figure beside a total would tell).
            let london = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&rows=first_responder&from=2022-Q2&to=2022-Q2")
            let londons = try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: london.body))
            #expect(londons.tables[0].grandTotal == "164")
            #expect(Set(londons.tables[0].rows.map(\.label)).isSubset(of: ["Metropolitan Police Service", "City of London Police"]))
            #expect(try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&scope=everywhere").status == .unprocessableEntity)
            // A dimension the imported table does not carry is refused with a reason.
            let refused = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&rows=stage")
            #expect(refused.status == .unprocessableEntity)
            // The police table has no borough: asking by borough is refused by name rather
            // than answered with a zero in all 33 boroughs.
            let byBorough = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&rows=borough_identified&from=2022-Q2&to=2022-Q2")
            #expect(byBorough.status == .unprocessableEntity)
            #expect(byBorough.body.string.contains("not available in this source"))
            let inOneBorough = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&rows=first_responder&borough=E09000007&from=2022-Q2&to=2022-Q2")
            #expect(inOneBorough.status == .unprocessableEntity)
            // Without rows chosen, the figures are counted by something the source records.
            let byDefault = try await lantern.api(token).get("/api/v1/profile?source=imported:nrm_referrals&from=2022-Q2&to=2022-Q2")
            #expect(byDefault.status == .ok)
            let page = try await lantern.signedIn(analyst).get("/profile?source=imported:nrm_referrals&rows=borough_identified&from=2022-Q2&to=2022-Q2")
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("not available in this source") && !page.body.string.contains("Boroughs with low figures"))
            let datasets = try await lantern.api(token).get("/api/v1/datasets")
            let items = try #require(datasets.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items[0]["totalsChecked"] as? Int ?? 0 > 0)
            // The dataset page lists it and an analyst can remove it, figures and all.
            let browser = try await lantern.signedIn(analyst)
            let list = try await browser.get("/profile/datasets")
            #expect(list.body.string.contains("Police referrals 2022 Q2"))
            let id = try #require(items[0]["id"] as? String)
            #expect(try await browser.post("/profile/datasets/\(id)/remove").status == .seeOther)
            #expect(try await DatasetFigure.query(on: lantern.app.db).count() == 0)
            #expect(try await AuditLog.verify(key: lantern.app.lantern.auditChainKey, on: lantern.app.db) == .intact(entries: Int64(try await AuditEntry.query(on: lantern.app.db).count())))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAnnualReportControlsItsTablesTogether(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await Self.seed(lantern, cases: 400)
            let browser = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.boardSecretariat]))
            let year = lantern.today.components.year - 1
            let page = try await browser.get("/profile/annual-report?year=\(year)")
            #expect(page.status == .ok)
            let html = page.body.string
            for heading in ["by borough", "against \(year - 1)", "Basic Command Unit", "exploitation type", "quarter by quarter"] {
                #expect(html.contains(heading), "\(heading)")
            }
            #expect(Self.cellNumbers(html).allSatisfy { $0 == 0 || $0 >= 5 })
            let report = try await AnnualReport.build(year: year, db: lantern.app.db, boroughs: lantern.app.lantern.boroughs,
                                                      rules: .standard, now: Date())
            #expect(report.referrals > 0)
            #expect(try await browser.get("/profile/annual-report?year=1700").status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func softIntelligenceIsSealedGradedAndSeenOnlyByThoseAllowed(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Newham Council")
            let other = try await lantern.makeOrganisation("Ealing Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let browser = try await lantern.signedIn(worker)
            #expect(try await browser.get("/intelligence/new").status == .ok)
            let bad = try await browser.post("/intelligence/new", [("reportedOn", lantern.today.adding(days: 3).iso), ("borough", "nowhere"), ("text", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("cannot be in the future"))
            #expect(try await IntelligenceReport.query(on: lantern.app.db).count() == 0)
            let secret = "Several men collected at dawn from 12 Example Road"
            let made = try await browser.post("/intelligence/new", [
                ("reportedOn", lantern.today.iso), ("borough", "E09000025"), ("ward", "Stratford"),
                ("exploitationTypes[]", "labour"), ("indicators[]", "controlled_movement"), ("sourceType", "community"),
                ("sourceEvaluation", "2"), ("assessment", "C"), ("handling", "P"), ("text", secret)])
            #expect(made.status == .seeOther)
            let location = try #require(made.location)
            let shown = try await browser.get(location)
            #expect(shown.body.string.contains(secret))
            #expect(shown.body.string.contains("2 – Untested"))
            // Sealed at rest.
            let stored = try #require(try await IntelligenceReport.query(on: lantern.app.db).first())
            #expect(!stored.sealedText.contains("Example Road"))
            // Another organisation's case worker cannot find it; an analyst anywhere can.
            let outsider = try await lantern.signedIn(try await lantern.makePerson(in: other, roles: [.caseWorker, .modernSlaveryLead]))
            #expect(try await outsider.get(location).status == .notFound)
            #expect(!(try await outsider.get("/intelligence").body.string.contains(stored.reference)))
            let analyst = try await lantern.signedIn(try await lantern.makePerson(in: other, roles: [.analyst]))
            #expect(try await analyst.get(location).status == .ok)
            let beside = try await analyst.get("/profile?borough=E09000025")
            #expect(beside.body.string.contains(stored.reference))
            let actions = try await AuditEntry.query(on: lantern.app.db).all().map(\.action)
            #expect(actions.contains("intelligence.recorded") && actions.contains("intelligence.viewed"))
        }
    }
}
