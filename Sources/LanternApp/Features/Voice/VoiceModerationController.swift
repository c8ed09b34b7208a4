import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/voice/messages`: a voice moderator's reading of the messages sent from the public site —
/// those waiting (or kept, or discarded), one message in full with its filing form. Every list
/// and every message read is audited (the words are special-category data); a message's
/// decision is one guarded statement with its audit entry.
struct VoiceModerationController {
    func register(_ routes: LanternRoutes) {
        routes.get(VoicePaths.messages, access: .action(.moderateVoice), use: list)
        routes.get(VoicePaths.message, access: .action(.moderateVoice), use: show)
        routes.post(VoicePaths.message, access: .action(.moderateVoice), use: decide)
    }

    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "voice", "components") }

    /// How many characters of each message the list shows.
    static let previewLength = 200
    static let pageSize = 100

    /// Survivor voice belongs to no organisation: only a grant that reaches every
    /// organisation's records lets anyone read it.
    @discardableResult
    private static func authorise(_ request: Request) throws -> SignInContext {
        try request.authorise(.moderateVoice, on: .otherOrganisation)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        try Self.authorise(request)
        let l = Self.localiser(request)
        let cipher = request.application.lantern.cipher
        let state = request.query[String.self, at: "state"].flatMap(VoiceState.init(rawValue:)) ?? .new
        var counts: [VoiceState: Int] = [:]
        for kind in VoiceState.allCases { counts[kind] = try await VoiceMessage.query(on: request.db).filter(\.$state == kind.rawValue).count() }
        let pages = max(1, ((counts[state] ?? 0) + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(request.query[Int.self, at: "page"] ?? 1, 1), pages)
        // Waiting messages oldest first, so a flood of new ones never hides one still to read.
        let messages = try await VoiceMessage.query(on: request.db).filter(\.$state == state.rawValue)
            .sort(\.$receivedOn, state == .new ? .ascending : .descending).sort(\.$id)
            .range(lower: (page - 1) * Self.pageSize, upper: page * Self.pageSize).all()
        let rows = try messages.map { message -> VoicePages.Row in
            let text = try message.text(cipher)
            return VoicePages.Row(id: message.id?.uuidString ?? "", received: message.receivedDay, language: message.language,
                                  consent: message.consentToQuote, themes: message.themeSet,
                                  preview: text.count > Self.previewLength ? String(text.prefix(Self.previewLength)) + "…" : text)
        }
        try await request.audit(AuditEvent(action: "voice.list_read", recordType: "voice_message", recordID: state.rawValue))
        return request.render(VoicePages.list(.init(state: state, rows: rows, counts: counts,
                                                    done: request.query[String.self, at: "done"] == "1", page: page, pages: pages), l: l))
    }

    private static func message(_ request: Request) async throws -> VoiceMessage {
        guard let id = request.parameters.get("messageID").flatMap(UUID.init(exactly:)),
              let message = try await VoiceMessage.find(id, on: request.db) else { throw LanternError.notFound }
        return message
    }

    private func page(_ request: Request, _ message: VoiceMessage, input: VoicePages.Filing, errors: FormErrors) throws -> Page {
        VoicePages.message(.init(id: message.id?.uuidString ?? "", received: message.receivedDay, language: message.language,
                                 consent: message.consentToQuote, state: message.voiceState, text: try message.text(request.application.lantern.cipher),
                                 publishedOn: message.publishedOn.map(Day.init(daysSinceEpoch:)), filing: input, errors: errors),
                           csrf: request.csrfToken, l: Self.localiser(request))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try Self.authorise(request)
        let message = try await Self.message(request)
        try await request.audit(AuditEvent(action: "voice.read", recordType: "voice_message", recordID: message.id?.uuidString))
        let filing = VoicePages.Filing(state: message.voiceState == .new ? VoiceState.kept.rawValue : message.state,
                                       themes: Set(message.themeSet.map(\.rawValue)), excerpt: message.excerpt ?? "")
        return request.render(try page(request, message, input: filing, errors: FormErrors()))
    }

    struct Input: Content {
        var state: String?
        var themes: [String]?
        var excerpt: String?
    }

    @Sendable func decide(_ request: Request) async throws -> Response {
        try Self.authorise(request)
        let message = try await Self.message(request)
        let id = try message.requireID()
        let l = Self.localiser(request)
        let input = try request.content.decode(Input.self)
        let chosenThemes = Set((input.themes ?? []).compactMap(VoiceTheme.init(rawValue:)))
        let filing = VoicePages.Filing(state: input.state ?? "", themes: Set(chosenThemes.map(\.rawValue)), excerpt: input.excerpt ?? "")
        // The page again, with what was sent and why it was refused.
        func refused(_ field: String, _ words: String, _ status: HTTPStatus, showing shown: VoiceMessage? = nil) throws -> Response {
            var errors = FormErrors()
            errors.add(field, words)
            var page = try page(request, shown ?? message, input: filing, errors: errors)
            page.status = status
            return request.render(page)
        }
        guard message.voiceState != .discarded else { return try refused("state", l("voice.error.discarded"), .conflict) }
        guard let state = input.state.flatMap(VoiceState.init(rawValue:)) else {
            return try refused("state", l("voice.error.state"), .unprocessableEntity)
        }
        let decision: VoiceRules.Decision
        switch VoiceRules.decide(state: state, themes: chosenThemes, excerpt: input.excerpt ?? "", consentToQuote: message.consentToQuote,
                                 message: try message.text(request.application.lantern.cipher)) {
        case .success(let found): decision = found
        case .failure(.noTheme): return try refused("themes", l("voice.error.no-theme"), .unprocessableEntity)
        case .failure(.noConsent): return try refused("excerpt", l("voice.error.no-consent"), .unprocessableEntity)
        case .failure(.notKept): return try refused("excerpt", l("voice.error.not-kept"), .unprocessableEntity)
        case .failure(.notTheirWords): return try refused("excerpt", l("voice.error.not-their-words"), .unprocessableEntity)
        case .failure(.excerptTooLong):
            return try refused("excerpt", l("voice.error.excerpt-long", ["limit": l.number(VoiceRules.excerptLimit)]), .unprocessableEntity)
        case .failure(.excerptControlCharacters): return try refused("excerpt", l("voice.error.excerpt-characters"), .unprocessableEntity)
        }
        let today = request.application.lantern.today.daysSinceEpoch
        let discarded = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // One guarded statement: a message discarded meanwhile (its words gone) stays so.
            var update = sql.update(VoiceMessage.schema)
                .set("state", to: decision.state.rawValue)
                .set("themes", to: VoiceTheme.stored(decision.themes))
                .set("excerpt", to: decision.excerpt)
                .set("moderated_on", to: today)
            // The day an excerpt was first published stays; a changed excerpt keeps it.
            update = decision.excerpt == nil ? update.set("published_on", to: SQLLiteral.null)
                : update.set(SQLIdentifier("published_on"), to: SQLFunction("COALESCE", args: SQLIdentifier("published_on"), SQLBind(today)))
            // Discarding erases the words.
            if decision.state == .discarded { update = update.set("sealed_text", to: "") }
            guard try await update.where("id", .equal, id).where("state", .notEqual, VoiceState.discarded.rawValue)
                .returning("id").first() != nil else { return true }
            try await request.audit(AuditEvent(action: "voice.moderated", recordType: "voice_message", recordID: id.uuidString), on: tx)
            return false
        }
        if discarded {
            return try refused("state", l("voice.error.discarded"), .conflict, showing: try await VoiceMessage.find(id, on: request.db))
        }
        return request.redirect(to: Href.voiceMessages.query("state", message.voiceState.rawValue).query("done", "1"))
    }
}
