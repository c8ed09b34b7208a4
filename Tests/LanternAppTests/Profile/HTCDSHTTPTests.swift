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

            let counts = try await HTCDSController.caseload(on: lantern.app.db)
            let plan = HTCDSExport.plan(counts, regions: .bundled)
            #expect(plan.people == 1_500)

            let csv = try await analyst.get("/profile/htcds/download.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n").map(String.init)
            #expect(lines.first == HTCDSExport.fields.joined(separator: ","))
            let rows = Array(lines.dropFirst())
            #expect(rows.count == plan.people - plan.suppressed)
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
            #expect(object["k"] as? Int == 11 && object["leftOut"] as? Int == plan.suppressed)
            #expect(Set(records.first?.keys.map { $0 } ?? []) == Set(HTCDSExport.fields))

            let exports = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exported").all().compactMap(\.recordID)
            #expect(exports.sorted() == ["htcds-csv", "htcds-json"])
            let caseworker = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.caseWorker]))
            #expect(try await caseworker.get("/profile/htcds/download.csv").status == .forbidden)
        }
    }
}
