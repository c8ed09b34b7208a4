import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Nationality and language are codes of Lantern's lists, on the page, in the API and in the
/// database; free text is refused, and people see names, not codes. On SQLite and PostgreSQL.
@Suite struct CodedCaseListsHTTPTests {
    static func newCase(_ today: Day, _ extra: [String: Any] = [:]) -> [String: Any] {
        PathwayHTTPTests.newCase(today, age: "adult", identifiedDaysAgo: 3, extra: extra)
    }

    @Test(arguments: TestDatabase.available)
    func freeTextIsRefusedAndTheCodesNameIsShown(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Newham Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let api = lantern.api(try await lantern.apiToken(for: worker))
            let today = lantern.today

            // The API refuses text, naming the code when the text names an entry.
            for (extra, field, message) in [
                (["nationality": "British"], "nationality", "Select their nationality from the list (the code for United Kingdom is GBR)"),
                (["nationality": "gbr"], "nationality", "Select their nationality from the list (the code for United Kingdom is GBR)"),
                (["nationality": "Martian"], "nationality", "Select their nationality from the list"),
                (["language": "Farsi"], "language", "Select their main language from the list (the code for Persian (Farsi) is fas)"),
                (["language": "<b>Klingon</b>"], "language", "Select their main language from the list"),
            ] as [([String: Any], String, String)] {
                let refused = try await api.post("/api/v1/cases", Self.newCase(today, extra))
                #expect(refused.status == .unprocessableEntity, "\(extra)")
                let errors = (refused.json["errors"] as? [[String: Any]]) ?? []
                #expect(errors.contains { $0["field"] as? String == field && $0["message"] as? String == message }, "\(errors)")
            }
            #expect(try await CaseRecord.query(on: lantern.app.db).count() == 0)

            let created = try await api.post("/api/v1/cases", Self.newCase(today, ["nationality": "ALB", "language": "sqi",
                                                                                     "interpreterNeeded": true]))
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.json["nationality"] as? String == "ALB")
            #expect(created.json["language"] as? String == "sqi")
            let reference = try #require(created.json["reference"] as? String)
            let stored = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
            #expect((stored.nationality, stored.language) == ("ALB", "sqi"))

            // The new case form: selects with a "Choose…" option, hint and described-by.
            let browser = try await lantern.signedIn(worker)
            let form = try await browser.get("/cases/new").body.string
            #expect(form.contains(#"<select class="select" id="nationality" name="nationality" aria-describedby="nationality-hint">"#))
            #expect(form.contains(#"<option value="">Choose…</option><option value="AFG">Afghanistan</option>"#))
            #expect(form.contains(#"<option value="XXA">Stateless</option><option value="OTHER">Other</option><option value="UNKNOWN">Not known</option>"#))
            #expect(form.contains(#"<select class="select" id="language" name="language" aria-describedby="language-hint">"#))
            #expect(form.contains(#"<option value="prs">Dari</option>"#))

            // Text posted to the page is refused; what was chosen is kept.
            let refused = try await browser.post("/cases/new", [
                ("identifiedOn", today.iso), ("ageGroup", "adult"), ("gender", "female"), ("exploitationTypes[]", "labour"),
                ("exploitationLocation", "uk"), ("nationality", "Albanian"), ("language", "tir")])
            #expect(refused.status == .unprocessableEntity)
            let page = refused.body.string
            #expect(page.contains(##"<a href="#nationality">Select their nationality from the list (the code for Albania is ALB)</a>"##))
            #expect(page.contains(#"id="nationality" name="nationality" aria-describedby="nationality-hint nationality-error""#))
            #expect(page.contains(#"<option value="tir" selected>Tigrinya</option>"#))
            #expect(try await CaseRecord.query(on: lantern.app.db).count() == 1)

            // People see names: the case page, the printable summary, the JSON export.
            let casePage = try await browser.get("/cases/\(reference)").body.string
            #expect(casePage.contains("Albania"))
            #expect(casePage.contains("Albanian (interpreter needed)"))
            #expect(!casePage.contains(">ALB<") && !casePage.contains(">sqi"))
            let summary = try await browser.get("/cases/\(reference)/referral/summary").body.string
            #expect(summary.contains("Albania") && summary.contains(">Albanian<"))
            let export = try await api.get("/api/v1/cases/\(reference)/referral")
            let answers = ((export.json["sections"] as? [[String: Any]]) ?? []).flatMap { ($0["answers"] as? [[String: Any]]) ?? [] }
            func answer(_ field: String) -> (String?, String?) {
                let found = answers.first { $0["field"] as? String == field }
                return (found?["answer"] as? String, found?["code"] as? String)
            }
            #expect(answer("nationality") == ("Albania", "ALB"))
            #expect(answer("language") == ("Albanian", "sqi"))
            #expect(answer("interpreterLanguage") == ("Albanian", "sqi"), "set from the main language when an interpreter is needed")

            // The referral's interpreter's language: a select, codes only.
            let referralForm = try await browser.get("/cases/\(reference)/referral").body.string
            #expect(referralForm.contains(#"<option value="sqi" selected>Albanian</option>"#))
            let textLanguage = try await api.put("/api/v1/cases/\(reference)/referral", ["interpreterLanguage": "Tigrinya"])
            #expect(textLanguage.status == .unprocessableEntity)
            #expect(textLanguage.body.string.contains("Select the interpreter's language from the list (the code for Tigrinya is tir)"))
            let coded = try await api.put("/api/v1/cases/\(reference)/referral", ["interpreterLanguage": "tir", "whatHappened": "Kept"])
            #expect(coded.status == .ok, "\(coded.body.string)")
            let saved = try await browser.post("/cases/\(reference)/referral", [("interpreterLanguage", "Tigrinya")])
            #expect(saved.status == .unprocessableEntity)
            let after = try await api.get("/api/v1/cases/\(reference)/referral")
            let afterAnswers = ((after.json["sections"] as? [[String: Any]]) ?? []).flatMap { ($0["answers"] as? [[String: Any]]) ?? [] }
            let interpreter = afterAnswers.first { $0["field"] as? String == "interpreterLanguage" }
            #expect(interpreter?["answer"] as? String == "Tigrinya" && interpreter?["code"] as? String == "tir")
        }
    }

    @Test(arguments: TestDatabase.available)
    func migration012CodesTheFreeTextOfEarlierVersions(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Brent Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let api = lantern.api(try await lantern.apiToken(for: worker))
            var references: [String] = []
            for _ in 0..<5 {
                let created = try await api.post("/api/v1/cases", Self.newCase(lantern.today, ["nationality": "GBR", "language": "eng"]))
                references.append(try #require(created.json["reference"] as? String))
            }
            // What earlier versions stored: typed text in the clear columns, and in the referral
            // sealed with the field key (as it was before 013 gave each case its own key).
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let cipher = lantern.app.lantern.cipher
            let typed: [(String?, String?, String?)] = [(" Albanian ", "Farsi", "Tigrinya"), ("Martian", "Klingon", "Sindarin"),
                                                         ("UK", "English", nil), (nil, "  ", "ENG"), ("VNM", "vie", "vie")]
            for (reference, (nationality, language, interpreter)) in zip(references, typed) {
                let record = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
                var details = ReferralDetails()
                details.firstName = "Earlier"
                details.interpreterLanguage = interpreter
                let sealed = try cipher.seal(try CaseService.encode(details), context: record.referralSealContext)
                try await sql.update("cases").set("nationality", to: nationality).set("language", to: language)
                    .set("sealed_referral", to: sealed).where("reference", .equal, reference).run()
            }

            let migration = CodeNationalityAndLanguage(cipher: cipher, pageSize: 2)
            try await migration.prepare(on: lantern.app.db)
            let expected: [(String?, String?, String?)] = [("ALB", "fas", "tir"), ("OTHER", "other", "other"), ("GBR", "eng", nil),
                                                           (nil, nil, "eng"), ("VNM", "vie", "vie")]
            func current() async throws -> [(String?, String?, String?)] {
                var rows: [(String?, String?, String?)] = []
                for reference in references {
                    let record = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
                    let json = try cipher.open(record.sealedReferral, context: record.referralSealContext)
                    let details = try JSONDecoder().decode(ReferralDetails.self, from: Data(json.utf8))
                    #expect(details.firstName == "Earlier")
                    rows.append((record.nationality, record.language, details.interpreterLanguage))
                }
                return rows
            }
            let after = try await current()
            #expect(after.map { [$0.0, $0.1, $0.2] } == expected.map { [$0.0, $0.1, $0.2] })
            // A second run finds only codes and changes nothing.
            try await migration.prepare(on: lantern.app.db)
            #expect(try await current().map { [$0.0, $0.1, $0.2] } == expected.map { [$0.0, $0.1, $0.2] })
            // Tables of Lantern's cases label the codes with names (imported labels stay as they are).
            let labels = ProfileLabels(boroughs: lantern.app.lantern.boroughs)
            #expect(labels.label("ALB", for: .nationality) == "Albania")
            #expect(labels.label("Albanian", for: .nationality) == "Albanian")
        }
    }
}
