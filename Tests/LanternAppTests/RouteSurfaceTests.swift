import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp

/// How a caller is recognised is decided by the route that matched. The attack that worked:
/// `POST /api//v1/cases` with the browser's session cookie and no CSRF token created a case,
/// because the middlewares read the raw path while the router skipped the empty segment.
@Suite struct RouteSurfaceTests {
    static let caseBody = #"{"ageGroup":"adult","ageGroupAtExploitation":"adult","gender":"female","exploitationTypes":["labour"],"boroughIdentified":"E09000007","exploitationLocation":"uk","identifiedOn":"2027-01-02","firstName":"Ana","lastName":"Test"}"#

    /// A path no file could have (a segment or a whole path longer than the file system
    /// allows) is answered as any unknown path, signed in or not: never a 500 from the static
    /// files' look-up.
    @Test(arguments: TestDatabase.available)
    func overlongPathsAreUnknownPathsNotErrors(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let browser = lantern.browser()
            let paths = ["/" + String(repeating: "B", count: 300), "/static/" + String(repeating: "B", count: 300),
                         "/static/" + Array(repeating: "abc", count: 1_500).joined(separator: "/"), "/surveys/" + String(repeating: "A", count: 4_050)]
            for path in paths {
                let response = try await browser.get(path)
                #expect(response.status == .notFound || response.status == .seeOther, "\(path.prefix(20))… answered \(response.status.code)")
            }
            let stylesheet = try await browser.get("/static/lantern.css")
            #expect(stylesheet.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theBrowsersCookieNeverReachesTheAPIWhateverThePath(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let browser = try await lantern.signedIn(worker)
            var headers = HTTPHeaders()
            headers.contentType = .json
            for path in ["/api//v1/cases", "/api/v1//cases", "/api/v1/cases//"] {
                let response = try await browser.send(.POST, path, headers: headers, body: ByteBuffer(string: Self.caseBody))
                #expect(response.status == .badRequest, "\(path)")
                #expect(response.body.string.contains("empty part"), "\(path)")
            }
            // A leading `//` is read by the HTTP parser as `/`: the clean API address, which
            // does not read cookies.
            let leading = try await browser.send(.POST, "//api/v1/cases", headers: headers, body: ByteBuffer(string: Self.caseBody))
            #expect(leading.status == .unauthorized)
            // The clean address with only the cookie: the API does not read cookies.
            let clean = try await browser.send(.POST, "/api/v1/cases", headers: headers, body: ByteBuffer(string: Self.caseBody))
            #expect(clean.status == .unauthorized)
            #expect(try await CaseRecord.query(on: lantern.app.db).count() == 0)
            // A page route still takes the cookie, and still wants CSRF.
            #expect(try await browser.get("/cases").status == .ok)
            #expect(try await browser.post("/cases/new", [("gender", "female")], csrf: false).status == .forbidden)
        }
    }
}
