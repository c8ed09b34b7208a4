import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Finding a case by name and date of birth, and the re-referral warning before saving, over
/// HTTP on SQLite and PostgreSQL: a search reads only the searcher's organisation; the index
/// holds keyed hashes, never a name; the index follows the referral in the same transaction and
/// is rebuilt by the backfill; the warning comes before anything is written.
@Suite struct CaseSearchHTTPTests {
    struct World {
        let lantern: TestLantern
        let a: Organisation, b: Organisation
        let workerA: TestPerson, workerB: TestPerson
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let a = try await lantern.makeOrganisation("Lewisham Council")
        let b = try await lantern.makeOrganisation("Greenwich Council")
        return World(lantern: lantern, a: a, b: b, workerA: try await lantern.makePerson(in: a, roles: [.caseWorker]),
                     workerB: try await lantern.makePerson(in: b, roles: [.caseWorker, .modernSlaveryLead]))
    }

    static func person(_ first: String, _ last: String, _ dob: String, _ today: Day, extra: [String: Any] = [:]) -> [String: Any] {
        PathwayHTTPTests.newCase(today, age: "adult", identifiedDaysAgo: 5,
                                 extra: ["firstName": first, "lastName": last, "dateOfBirth": dob].merging(extra) { $1 })
    }

    static func references(_ response: TestingHTTPResponse) -> [String] {
        ((response.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["reference"] as? String }
    }

    static func count(_ table: String, _ db: any Database) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)?.n ?? -1
    }

    @Test(arguments: TestDatabase.available)
    func aSearchFindsOnlyMyOrganisationsCasesThroughKeyedHashes(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, today = lantern.today
            let apiA = lantern.api(try await lantern.apiToken(for: w.workerA))
            let apiB = lantern.api(try await lantern.apiToken(for: w.workerB))
            let created = try await apiA.post("/api/v1/cases", Self.person("José", "Müller-Ortiz", "1990-04-27", today))
            #expect(created.status == .created)
            let mine = try #require(created.json["reference"] as? String)
            let other = try await apiA.post("/api/v1/cases", Self.person("Amina", "Example", "1985-01-02", today))
            let amina = try #require(other.json["reference"] as? String)
            // The same person recorded by another organisation.
            let theirs = try #require(try await apiB.post("/api/v1/cases", Self.person("Jose", "Muller Ortiz", "1990-04-27", today))
                .json["reference"] as? String)

            // Any order, case, accents, punctuation; the date of birth or its year narrows.
            for query in ["name=muller%20jose", "name=JOSE%20M%C3%BCller-ortiz", "name=mullerortiz", "name=jose&dob=1990-04-27",
                          "dob=1990", "name=Ortiz&dob=1990"] {
                let found = try await apiA.get("/api/v1/cases/search?\(query)")
                #expect(found.status == .ok, "\(query)")
                #expect(Self.references(found) == [mine], "\(query)")
                #expect(Self.references(try await apiB.get("/api/v1/cases/search?\(query)")) == [theirs], "\(query)")
            }
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=jose&dob=1990-04-28")).isEmpty)
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=amina")) == [amina])
            #expect(Self.references(try await apiB.get("/api/v1/cases/search?name=amina")).isEmpty)
            let hit = try await apiA.get("/api/v1/cases/search?name=jose")
            #expect(((hit.json["items"] as? [[String: Any]])?.first?["name"] as? String) == "José Müller-Ortiz")
            #expect(hit.json["more"] as? Bool == false)
            // Bad terms: a clear 422, and nothing to search is refused too.
            #expect(try await apiA.get("/api/v1/cases/search?dob=27/04/1990").status == .unprocessableEntity)
            #expect(try await apiA.get("/api/v1/cases/search?name=%27-%27").status == .unprocessableEntity)
            #expect(try await apiA.get("/api/v1/cases/search").status == .unprocessableEntity)

            // The page: the box on /cases, results with the name, another organisation's case never.
            let browser = try await lantern.signedIn(w.workerA)
            #expect(try await browser.get("/cases").body.string.contains("action=\"/cases/search\""))
            let page = try await browser.get("/cases/search?name=ortiz%20jose")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(mine) && page.body.string.contains("José Müller-Ortiz") && !page.body.string.contains(theirs))
            let bad = try await browser.get("/cases/search?name=jose&dob=1990-13-45")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("error-summary"))

            // The database holds no name token, only keyed hashes (one per token, per case).
            struct Row: Decodable { let token: String; let organisation_id: UUID }
            let rows = try await (db as! any SQLDatabase).raw("SELECT token, organisation_id FROM case_search_tokens").all(decoding: Row.self)
            // Words with a letter beyond a–f cannot appear in hex by chance; a year can (a hash
            // holds "1990" somewhere about once in two thousand, and a run makes dozens), so a
            // year is only checked not to be the value itself.
            let plain = ["jose", "muller", "ortiz", "mullerortiz", "amina", "example", "04-27"]
            let years = ["1990", "1985", "19900427", "1990-04-27"]
            #expect(!rows.isEmpty)
            for row in rows {
                #expect(row.token.count == 32 && row.token.allSatisfy { $0.isHexDigit })
                #expect(!plain.contains { row.token.localizedCaseInsensitiveContains($0) })
                #expect(!years.contains(row.token))
            }
            // The same words in two organisations give unrelated values.
            let tokensA = Set(rows.filter { $0.organisation_id == w.a.id! }.map(\.token))
            let tokensB = Set(rows.filter { $0.organisation_id == w.b.id! }.map(\.token))
            #expect(tokensA.isDisjoint(with: tokensB))

            // Audited, without the terms.
            let searches = try await AuditEntry.query(on: db).filter(\.$action == "case.searched").all()
            #expect(searches.count >= 16)
            for entry in searches {
                let text = [entry.recordType, entry.recordID, entry.organisationID].compactMap { $0 }.joined(separator: " ").lowercased()
                #expect(!plain.contains { text.contains($0) })
            }

            // New referral details rewrite the tokens in the same transaction.
            #expect(try await apiA.put("/api/v1/cases/\(mine)/referral", ["firstName": "Josefina"]).status == .ok)
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=jose%20muller")).isEmpty)
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=josefina%20muller")) == [mine])

            // Cases indexed under no rules (older ones) are indexed by the backfill.
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "case_search_tokens").run()
            try await sql.update("cases").set("search_tokens_version", to: SQLLiteral.null).run()
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=amina")).isEmpty)
            #expect(try await CaseSearchIndex.backfill(services: lantern.app.lantern, on: db, batch: 2) == 3)
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=amina")) == [amina])
            #expect(Self.references(try await apiA.get("/api/v1/cases/search?name=josefina")) == [mine])
            #expect(try await CaseSearchIndex.backfill(services: lantern.app.lantern, on: db) == 0)
            #expect(try await Self.count("case_search_tokens", db) == rows.count)  // josefina took jose's place
        }
    }

    static func formFields(first: String, last: String, dob: String, today: Day) -> [(String, String)] {
        [("identifiedOn", today.adding(days: -3).iso), ("ageGroup", "adult"), ("ageGroupAtExploitation", "adult"), ("gender", "female"),
         ("nationality", "ALB"), ("language", "sqi"), ("interpreterNeeded[]", "true"), ("boroughIdentified", "E09000023"),
         ("exploitationTypes[]", "labour"), ("exploitationTypes[]", "sexual"), ("exploitationLocation", "uk"),
         ("firstName", first), ("lastName", last), ("dateOfBirth", dob)]
    }

    /// The hidden fields of the warning's "record as a new case" form.
    static func hiddenFields(_ page: String) -> [(String, String)] {
        guard let start = page.range(of: "id=\"rereferral\"") else { return [] }
        let region = page[start.upperBound...]
        let pattern = /<input type="hidden" name="([^"]+)" value="([^"]*)">/
        return region.matches(of: pattern).map { (String($0.output.1), String($0.output.2)) }.filter { $0.0 != "_csrf" }
    }

    @Test(arguments: TestDatabase.available)
    func theReReferralWarningComesBeforeAnythingIsSaved(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, today = lantern.today
            let browser = try await lantern.signedIn(w.workerA)
            try await browser.get("/cases/new")
            let first = try await browser.post("/cases/new", Self.formFields(first: "Elira", last: "Hoxha", dob: "1995-06-01", today: today))
            #expect(first.status == .seeOther)
            let earlierRecord = try #require(try await CaseRecord.query(on: db).first())
            let earlier = earlierRecord.reference
            let counts = { (try await Self.count("cases", db), try await Self.count("case_search_tokens", db),
                            try await Self.count("case_keys", db), try await Self.count("case_events", db)) }
            var before = try await counts()

            // The same person again (spelt differently): the form comes back with the warning; nothing is written.
            try await browser.get("/cases/new")
            let again = try await browser.post("/cases/new", Self.formFields(first: "ELIRA", last: "hoxha", dob: "1995-06-01", today: today))
            #expect(again.status == .ok)
            let page = again.body.string
            #expect(page.contains("may have been referred before") && page.contains("Nothing has been saved yet"))
            #expect(page.contains("href=\"/cases/\(earlier)\"") && page.contains("Open \(earlier) instead"))
            #expect(page.contains("name=\"confirmed_new\" value=\"yes\""))
            #expect(try await counts() == before)

            // Another organisation is not warned before saving: that would let anyone who may record a
            // case ask, again and again, who holds one for a name and birth date. Its case is saved, and
            // its page then says another organisation holds an earlier case (never its reference).
            let other = try await lantern.signedIn(w.workerB)
            try await other.get("/cases/new")
            let theirs = try await other.post("/cases/new", Self.formFields(first: "Elira", last: "Hoxha", dob: "1995-06-01", today: today))
            #expect(theirs.status == .seeOther)
            let theirPage = try await other.get(theirs.location ?? "/")
            #expect(theirPage.body.string.contains("Lewisham Council") && !theirPage.body.string.contains(earlier))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.possible_match_shown").count() == 1)
            before = try await counts()

            // "Record as a new case" sends every field as it was; then, and only then, the case is saved.
            let hidden = Self.hiddenFields(page)
            #expect(hidden.contains { $0 == ("confirmed_new", "yes") })
            #expect(hidden.filter { $0.0 == "exploitationTypes[]" }.count == 2 && hidden.contains { $0 == ("interpreterNeeded[]", "true") })
            let confirmed = try await browser.post("/cases/new", hidden)
            #expect(confirmed.status == .seeOther)
            let after = try await counts()
            #expect(after.0 == before.0 + 1)
            let newest = try #require(try await CaseRecord.query(on: db).filter(\.$reference != earlier)
                .filter(\.$organisation.$id == earlierRecord.$organisation.id).with(\.$exploitationTypes).first())
            #expect(newest.interpreterNeeded && newest.nationality == "ALB" && Set(newest.exploitationTypes.map(\.type)).count == 2)
            // A confirmed_new other than "yes" is no confirmation.
            var forged = Self.formFields(first: "Elira", last: "Hoxha", dob: "1995-06-01", today: today)
            forged.append(("confirmed_new", "true"))
            try await browser.get("/cases/new")
            #expect(try await browser.post("/cases/new", forged).body.string.contains("may have been referred before"))
            #expect(try await counts() == after)

            // The API: 409 with my earlier references and nothing saved, unless confirmedNew is true.
            let api = lantern.api(try await lantern.apiToken(for: w.workerA))
            let conflict = try await api.post("/api/v1/cases", Self.person("Elira", "Hoxha", "1995-06-01", today))
            #expect(conflict.status == .conflict)
            #expect(conflict.headers.first(name: .contentType) == "application/problem+json")
            #expect(Set(conflict.json["earlierCases"] as? [String] ?? []) == [earlier, newest.reference])
            #expect(try await counts() == after)
            #expect(try await api.post("/api/v1/cases", Self.person("Elira", "Hoxha", "1995-06-01", today, extra: ["confirmedNew": "yes"]))
                .status == .unprocessableEntity)
            #expect(try await counts() == after)
            let recorded = try await api.post("/api/v1/cases", Self.person("Elira", "Hoxha", "1995-06-01", today, extra: ["confirmedNew": true]))
            #expect(recorded.status == .created)
            #expect(try await Self.count("cases", db) == after.0 + 1)
            // Another organisation's case alone does not stop the API (the new case says previousCaseExists).
            let croydon = try await lantern.makeOrganisation("Croydon Council")
            let c = lantern.api(try await lantern.apiToken(for: try await lantern.makePerson(in: croydon, roles: [.caseWorker])))
            let atC = try await c.post("/api/v1/cases", Self.person("Elira", "Hoxha", "1995-06-01", today))
            #expect(atC.status == .created)
        }
    }
}
