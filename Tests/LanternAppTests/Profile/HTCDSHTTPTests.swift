import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The HTCDS export over HTTP: the report says what was generalised and left out; the CSV and
/// the JSON give exactly the rows it describes, every row among at least eleven identical
/// ones, nobody's name, reference or borough; downloads are audited; only analysts export.
@Suite struct HTCDSHTTPTests {
    @Test(arguments: TestDatabase.available)
    func anAnalystExportsKAnonymousCaseDataWithItsReport(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await ProfileHTTPTests.seed(lantern, cases: 1_500)
            let analyst = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.analyst]))
            let page = try await analyst.get("/profile/htcds")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Generalisation report") && page.body.string.contains("Data dictionary"))

            let year = lantern.today.components.year
            let counts = try await HTCDSController.caseload(on: lantern.app.db, beforeYear: year)
            let plan = HTCDSExport.plan(counts, regions: .bundled)
            let completeYears = try await CaseRecord.query(on: lantern.app.db).filter(\.$identifiedYear < year).count()
            #expect(plan.people == completeYears && completeYears > 1_000, "complete years only")
            let perturbation = CellKeyPerturbation(perturbationTable: try PerturbationTable(maximumNoise: 5, threshold: 5))
            let expected = HTCDSExport.rows(counts, plan: plan, regions: .bundled, perturbation: perturbation)

            let csv = try await analyst.get("/profile/htcds/download.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n").map(String.init)
            #expect(lines.first == HTCDSExport.fields.joined(separator: ","))
            let rows = Array(lines.dropFirst())
            #expect(rows.count == expected.reduce(0) { $0 + $1.count }, "each group written its published number of times")
            #expect(!rows.contains { $0.hasPrefix("\(year),") || $0.hasPrefix("\(year - 1)-\(year),") }, "not the year in progress")
            let groups = Dictionary(grouping: rows, by: { $0 })
            #expect(groups.values.allSatisfy { $0.count >= 11 }, "every row among at least eleven identical ones")
            let references = try await CaseRecord.query(on: lantern.app.db).all().map(\.reference)
            #expect(!references.contains { csv.body.string.contains($0) })
            #expect(!csv.body.string.contains("E09000"), "no borough")

            let json = try await analyst.get("/profile/htcds/download.json")
            #expect(json.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.readableBytesView)) as? [String: Any])
            let records = try #require(object["records"] as? [[String: Any]])
            #expect(records.count == rows.count)
            #expect(object["k"] as? Int == 11 && object["throughYear"] as? Int == year - 1 && object["recordCount"] as? Int == rows.count)
            #expect(object["people"] == nil && object["leftOut"] == nil, "no exact totals")
            #expect(Set(records.first?.keys.map { $0 } ?? []) == Set(HTCDSExport.fields))

            let exports = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exported").all().compactMap(\.recordID)
            #expect(exports.sorted() == ["htcds-csv", "htcds-json"])
            let caseworker = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.caseWorker]))
            #expect(try await caseworker.get("/profile/htcds/download.csv").status == .forbidden)
        }
    }
}
