import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Two of a newcomer's rough edges: enrolment offers a QR code drawn on the server, and the
/// audit trail and a case's "Views by other organisations" speak in words, references and
/// names instead of codes and ids.
@Suite struct EnrolmentAndAuditWordsHTTPTests {
    @Test(arguments: TestDatabase.available)
    func enrolmentDrawsTheSetupLinkAsAnSVGQRCode(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker], enrolled: false)
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
            // MUT
            let page = try await browser.get("/second-factor/setup")
            // validate
            #expect(page.status == .ok)
            let body = page.body.string
            let secret = try #require(body.firstMatch(of: /data-secret="([A-Z2-7]+)"/)?.1)
            let svg = try #require(body.firstMatch(of: /<svg class="qr-code"[^>]*>.*?<\/svg>/.dotMatchesNewlines())?.0)
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("aria-label=\"QR code of your setup key"))
            #expect(svg.ranges(of: "<path").count == 1)
            // The symbol is the setup link the page also offers as a link, with a quiet zone of 4.
            let link = TOTP(secret: try #require(Base32.decode(String(secret)))).provisioningURI(account: person.email, issuer: "Lantern")
            let code = try QRCode(text: link, errorCorrection: .medium)
            #expect(svg.contains("d=\"\(code.svgPathData)\""))
            #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\""))
            #expect(code.version <= 10)
            // The key stays on the page as text for anyone who cannot scan, and no script draws anything.
            #expect(body.contains("id=\"secret-key\""))
            #expect(!body.contains("<script"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAuditTrailAndCaseViewsShowWordsReferencesAndNames(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: a Camden case viewed by its worker, and refused to someone in Hackney
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let stranger = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let api = lantern.api(try await lantern.apiToken(for: worker))
            let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today))
            #expect(created.status == .created)
            let reference = try #require(created.json["reference"] as? String)
            let caseID = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first()?.id)
            let workerBrowser = try await lantern.signedIn(worker)
            #expect(try await workerBrowser.get("/cases/\(reference)").status == .ok)
            #expect(try await lantern.signedIn(stranger).get("/cases/\(reference)").status == .notFound)

            // MUT: the case page's views by other organisations
            let casePage = try await workerBrowser.get("/cases/\(reference)").body.string
            // validate
            #expect(casePage.contains("Views by other organisations"))
            #expect(casePage.contains("Was refused access to the case"))
            #expect(casePage.contains("Hackney Council"))
            #expect(!casePage.contains("case.access_denied"))

            // MUT: the organisation's audit trail
            let trail = try await lantern.signedIn(admin).get("/organisation/audit")
            // validate
            #expect(trail.status == .ok)
            let body = trail.body.string
            for words in ["Viewed the case", "Created the case", "Signed in", "Case \(reference)", worker.user.displayName, "Done"] {
                #expect(body.contains(HTML.escape(words)), "\(words)")
            }
            // Codes only as the filter's option values, never as text; no record ids at all.
            for code in ["case.viewed", "case.created", "sign_in.completed", "succeeded"] {
                #expect(!body.contains(">\(code)<"), "\(code)")
            }
            // The table (after the filter form, whose person options carry ids as values).
            let table = try #require(body.split(separator: "</form>").last)
            #expect(table.contains("<table"))
            #expect(!table.contains("<code>case."))
            #expect(!table.contains(caseID.uuidString.prefix(8)))
            #expect(!table.contains(worker.id.uuidString.prefix(8)))
            #expect(body.contains("<option value=\"case.viewed\">Viewed the case</option>"))
        }
    }
}
