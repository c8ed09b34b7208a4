import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Survivor voice over HTTP, on SQLite and PostgreSQL: anyone sends a message from the public
/// form in their language without an account; the row keeps the day, the language, consent and
/// the sealed words — no address, no time, no audit entry; bad input comes back in words with
/// the text kept and nothing stored; a machine (the hidden field, no signed stamp) is thanked
/// and nothing is kept; a flood is held at the limits under forty requests at once; a
/// moderator files a message (an excerpt only with consent; discarding erases the words) and
/// every read is audited; the board sees themes and counts, withheld when small, and the
/// excerpts, never a message's words.
@Suite struct VoiceHTTPTests {
    static let words = "The caseworker listened to me and found me a safe room. The benefits office did not."

    /// The form's fields as a browser sends them, with the stamp drawn on the page.
    static func fields(_ page: TestingHTTPResponse, message: String = words, quote: String = "yes", website: String = "") -> [(String, String)] {
        [("message", message), ("quote", quote), (VoicePublicPages.trapField, website), ("ticket", ticket(page))]
    }

    static func ticket(_ page: TestingHTTPResponse) -> String {
        let text = page.body.string
        guard let range = text.range(of: #"name="ticket" value=""#) else { return "" }
        let rest = text[range.upperBound...]
        return String(rest[..<(rest.firstIndex(of: "\"") ?? rest.endIndex)])
    }

    struct WindowEnd: Decodable { var window_ends_at: Date }

    static func rows(_ lantern: TestLantern) async throws -> [VoiceMessage] { try await VoiceMessage.query(on: lantern.app.db).all() }

    static func parallel(_ count: Int, _ post: @escaping @Sendable () async throws -> HTTPStatus) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<count { group.addTask { try await post() } }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func anyoneSendsAMessageAndNothingPointsAtThem(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let visitor = lantern.browser()
            let form = try await visitor.get("/voice?lang=ar")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("dir=\"rtl\"") && form.body.string.contains("أخبرنا بما ساعدك"))
            #expect(form.body.string.contains("name=\"leave_this_blank\"") && !Self.ticket(form).isEmpty)
            lantern.clock.advance(20)
            let auditBefore = try await AuditEntry.query(on: lantern.app.db).count()

            let sent = try await visitor.post("/voice?lang=ar", Self.fields(form))
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/voice?lang=ar&sent=1")
            let thanks = try await visitor.get(sent.location ?? "")
            #expect(thanks.status == .ok && thanks.body.string.contains("شكرًا لك"))

            let rows = try await Self.rows(lantern)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.language == "ar" && row.consentToQuote && row.voiceState == .new && row.themes.isEmpty)
            #expect(row.receivedDay == lantern.app.lantern.today)
            #expect(!row.sealedText.contains("caseworker"))
            #expect(try row.text(lantern.app.lantern.cipher) == Self.words)
            // Nothing else in the row: no address, browser, account or time.
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let columns = try await sql.raw("SELECT * FROM voice_messages").first()?.allColumns ?? []
            #expect(Set(columns) == ["id", "received_on", "language", "sealed_text", "consent_to_quote", "state", "themes",
                                     "excerpt", "published_on", "moderated_on"])
            // No audit entry: its time would sit beside the message.
            #expect(try await AuditEntry.query(on: lantern.app.db).count() == auditBefore)
            // The per-address count names no address, in any form Lantern could recompute.
            let subjects = try await sql.raw("SELECT subject FROM attempt_counters").all().map { try $0.decode(column: "subject", as: String.self) }
            #expect(subjects.contains("voice:all"))
            #expect(!subjects.contains { $0.contains("127.0.0.1") || $0.contains(lantern.app.lantern.cipher.blindIndex("unknown", purpose: "throttle")) })
            // The count's window is a clock hour: its end says the hour, not the moment.
            let ends = try await sql.raw("SELECT window_ends_at FROM attempt_counters WHERE subject = 'voice:all'").first(decoding: WindowEnd.self)
            #expect(try #require(ends).window_ends_at.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0)

            // A second message the same day keeps the first as it was.
            lantern.clock.advance(20)
            let again = try await visitor.get("/voice")
            lantern.clock.advance(20)
            #expect(try await visitor.post("/voice", Self.fields(again, message: "Second message", quote: "no")).status == .seeOther)
            let both = try await Self.rows(lantern)
            #expect(both.count == 2 && both.contains { $0.id == row.id })
            #expect(Set(try both.map { try $0.text(lantern.app.lantern.cipher) }) == [Self.words, "Second message"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputComesBackInWordsWithTheTextKept(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let visitor = lantern.browser()
            let form = try await visitor.get("/voice")
            lantern.clock.advance(20)
            for (fields, expected) in [
                (Self.fields(form, message: "  \n "), "Write your message"),
                (Self.fields(form, quote: ""), "Say whether we may share your words"),
                (Self.fields(form, quote: "maybe"), "Say whether we may share your words"),
                (Self.fields(form, message: "hello\u{1B}[31m"), "characters we cannot keep"),
                (Self.fields(form, message: "hello\u{0}world"), "characters we cannot keep"),
                (Self.fields(form, message: String(repeating: "w", count: VoiceRules.messageLimit + 1)), "Keep your message to 4,000 characters"),
            ] {
                let response = try await visitor.post("/voice", fields)
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains(expected), "\(expected)")
                #expect(response.body.string.contains("error-summary"))
            }
            let kept = try await visitor.post("/voice", Self.fields(form, quote: ""))
            #expect(kept.body.string.contains("found me a safe room"))
            // Sent sooner than a person could: the form comes back with the words, nothing kept.
            let fresh = try await visitor.get("/voice")
            let hasty = try await visitor.post("/voice", Self.fields(fresh))
            #expect(hasty.status == .unprocessableEntity && hasty.body.string.contains("found me a safe room"))
            #expect(hasty.body.string.contains("Check your message, then send it again"))
            // Open for hours: the same, with a new stamp that works.
            lantern.clock.advance(4 * 60 * 60)
            let stale = try await visitor.post("/voice", Self.fields(fresh))
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("open a long time"))
            lantern.clock.advance(10)
            #expect(try await visitor.post("/voice", Self.fields(stale)).status == .seeOther)
            // A field sent as a list, a JSON body, no CSRF token: refused whole.
            #expect(try await visitor.post("/voice", Self.fields(form).filter { $0.0 != "message" } + [("message[]", "x")]).status == .badRequest)
            #expect(try await visitor.post("/voice", Self.fields(form), csrf: false).status == .forbidden)
            #expect(try await Self.rows(lantern).count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aMachineIsThankedAndNothingIsKept(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let visitor = lantern.browser()
            let form = try await visitor.get("/voice")
            lantern.clock.advance(20)
            let trapped = try await visitor.post("/voice", Self.fields(form, website: "http://spam.example"))
            #expect(trapped.status == .seeOther && trapped.location == "/voice?sent=1")
            for ticket in ["", "1800000000.00", "not a ticket", String(repeating: "9", count: 500)] {
                let forged = try await visitor.post("/voice", Self.fields(form).filter { $0.0 != "ticket" } + [("ticket", ticket)])
                #expect(forged.status == .seeOther && forged.location == "/voice?sent=1")
            }
            #expect(try await Self.rows(lantern).isEmpty)
        }
    }

    /// Forty forms drawn by one visitor, each with its own stamp.
    static func forms(_ visitor: TestBrowser, _ count: Int) async throws -> [[(String, String)]] {
        var all: [[(String, String)]] = []
        for _ in 0..<count { all.append(Self.fields(try await visitor.get("/voice"))) }
        return all
    }

    @Test(arguments: TestDatabase.available)
    func aFloodIsHeldAtTheLimits(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.voiceLimitPerAddress = 3 }) { lantern in
            let visitor = lantern.browser()
            let forms = try await Self.forms(visitor, 42)
            lantern.clock.advance(20)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for fields in forms.prefix(40) { group.addTask { try await visitor.post("/voice", fields).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 3)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 37)
            #expect(try await Self.rows(lantern).count == 3)
            let busy = try await visitor.post("/voice", forms[40])
            #expect(busy.status == .tooManyRequests && busy.body.string.contains("found me a safe room"))
            #expect(busy.headers.first(name: .retryAfter) != nil)
            // An hour later the address may send again.
            lantern.clock.advance(60 * 60 + 1)
            #expect(try await visitor.post("/voice", forms[41]).status == .seeOther)
            #expect(try await Self.rows(lantern).count == 4)
        }
        try await TestLantern.run(database, settings: { $0.voiceLimitPerHour = 5 }) { lantern in
            let visitor = lantern.browser()
            let forms = try await Self.forms(visitor, 40)
            lantern.clock.advance(20)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for fields in forms { group.addTask { try await visitor.post("/voice", fields).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 5)
            #expect(try await Self.rows(lantern).count == 5)
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneDrawnFormKeepsOneMessage(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let visitor = lantern.browser()
            let fields = Self.fields(try await visitor.get("/voice"))
            lantern.clock.advance(20)
            // A double press, or forty replays of one form at once: one message kept, all thanked.
            let statuses = try await Self.parallel(40) { try await visitor.post("/voice", fields).status }
            #expect(statuses.allSatisfy { $0 == .seeOther })
            #expect(try await Self.rows(lantern).count == 1)
        }
    }

    /// Messages received in the last quarter that ended, sealed as the form would.
    static func seed(_ lantern: TestLantern, count: Int, consent: Bool, text: String, themes: Set<VoiceTheme> = [], state: VoiceState = .new) async throws -> [UUID] {
        let day = Day(year: 2026, month: 11, day: 3)!
        var ids: [UUID] = []
        for index in 0..<count {
            let message = try VoiceMessage.waiting("\(text) \(index)", language: "en-GB", consentToQuote: consent, receivedOn: day,
                                                   cipher: lantern.app.lantern.cipher)
            message.state = state.rawValue
            message.themes = VoiceTheme.stored(themes)
            try await message.create(on: lantern.app.db)
            ids.append(try message.requireID())
        }
        return ids
    }

    @Test(arguments: TestDatabase.available)
    func theModeratorFilesAndTheBoardSeesThemesNotWords(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let db = lantern.app.db
            let charity = try await lantern.makeOrganisation("Survivor Voices Charity", kind: .charity)
            let council = try await lantern.makeOrganisation("Camden Council")
            let moderator = try await lantern.signedIn(try await lantern.makePerson(in: charity, roles: [.voiceModerator]))
            let lead = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.modernSlaveryLead]))
            let worker = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.caseWorker]))
            let consenting = try await Self.seed(lantern, count: 1, consent: true, text: "My support worker believed me")
            let private_ = try await Self.seed(lantern, count: 1, consent: false, text: "Private words about my landlord")
            _ = try await Self.seed(lantern, count: 4, consent: false, text: "Kept already", themes: [.housing], state: .kept)

            // Only moderators read messages; the board's roles see themes only.
            #expect(try await worker.get("/voice/messages").status == .forbidden)
            #expect(try await lead.get("/voice/messages").status == .forbidden)
            #expect(try await lead.get("/voice/messages/\(consenting[0])").status == .forbidden)
            #expect(try await worker.get("/voice/themes").status == .forbidden)

            let list = try await moderator.get("/voice/messages")
            #expect(list.status == .ok && list.body.string.contains("My support worker believed me"))
            #expect(!list.body.string.contains("Kept already"))
            let one = try await moderator.get("/voice/messages/\(private_[0])")
            #expect(one.status == .ok && one.body.string.contains("Private words about my landlord"))
            #expect(one.body.string.contains("did not agree to be quoted"))
            let audit = try await AuditEntry.query(on: db).all().map(\.action)
            #expect(audit.contains("voice.list_read") && audit.contains("voice.read"))

            // An excerpt of a message whose sender said no: refused, nothing changed.
            let refused = try await moderator.post("/voice/messages/\(private_[0])",
                                                   [("state", "kept"), ("themes[]", "housing"), ("excerpt", "Private words")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("no excerpt can be published"))
            #expect(try await VoiceMessage.find(private_[0], on: db)?.voiceState == .new)
            // Kept with no theme: said so.
            #expect(try await moderator.post("/voice/messages/\(private_[0])", [("state", "kept")]).status == .unprocessableEntity)
            #expect(try await moderator.post("/voice/messages/\(private_[0])", []).status == .unprocessableEntity)
            // Kept under housing, with no excerpt.
            #expect(try await moderator.post("/voice/messages/\(private_[0])", [("state", "kept"), ("themes[]", "housing")]).status == .seeOther)
            // Words the sender did not write (another's, or changed) are not an excerpt.
            let invented = try await moderator.post("/voice/messages/\(consenting[0])",
                                                    [("state", "kept"), ("themes[]", "support"), ("excerpt", "Private words about my landlord")])
            #expect(invented.status == .unprocessableEntity && invented.body.string.contains("must be the sender&#39;s own words")
                    || invented.body.string.contains("must be the sender's own words"))
            // The consenting one: kept under support and housing, with an excerpt.
            let filed = try await moderator.post("/voice/messages/\(consenting[0])",
                                                 [("state", "kept"), ("themes[]", "support"), ("themes[]", "housing"),
                                                  ("excerpt", "My support worker … believed me")])
            #expect(filed.status == .seeOther)
            let consentingRow = try #require(try await VoiceMessage.find(consenting[0], on: db))
            #expect(consentingRow.themeSet == [.support, .housing] && consentingRow.excerpt == "My support worker … believed me")
            #expect(consentingRow.publishedOn == lantern.app.lantern.today.daysSinceEpoch)

            // The board: six kept under housing in 2026 Q4 (published), support 1 (so the
            // quarter's themes are withheld whole), the excerpt, and no message's own words.
            let themes = try await lead.get("/voice/themes")
            #expect(themes.status == .ok)
            let page = themes.body.string
            #expect(page.contains("2026 Q4") && page.contains("My support worker … believed me"))
            #expect(!page.contains("Private words") && !page.contains("Kept already"))
            #expect(page.contains("[c]"))

            // Discarding erases the words; a discarded message cannot be filed again.
            let spam = try await Self.seed(lantern, count: 1, consent: true, text: "Buy cheap watches")
            let statuses = try await Self.parallel(40) {
                try await moderator.post("/voice/messages/\(spam[0])", [("state", "discarded")]).status
            }
            #expect(statuses.allSatisfy { $0 == .seeOther || $0 == .conflict })
            let erased = try #require(try await VoiceMessage.find(spam[0], on: db))
            #expect(erased.sealedText.isEmpty && erased.voiceState == .discarded && erased.themes.isEmpty)
            #expect(try await moderator.post("/voice/messages/\(spam[0])", [("state", "kept"), ("themes[]", "other")]).status == .conflict)
            let discardedPage = try await moderator.get("/voice/messages/\(spam[0])")
            #expect(discardedPage.body.string.contains("its words were erased") && !discardedPage.body.string.contains("Buy cheap"))
            // Odd ids name nothing.
            #expect(try await moderator.get("/voice/messages/\(spam[0])%00x").status == .notFound)
            #expect(try await moderator.get("/voice/messages/not-an-id").status == .notFound)
        }
    }
}
