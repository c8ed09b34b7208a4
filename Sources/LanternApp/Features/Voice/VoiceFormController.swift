import Fluent
import Foundation
import LanternCore
import Vapor

/// `/voice` on the public site: anyone tells the partnership, anonymously, what helped and
/// what did not. No account; nothing about the sender is kept — no address, no browser, no
/// time of day. Spam is kept out without any third party:
/// - a field people never see (`VoicePublicPages.trapField`): filled in, the message is a machine's;
/// - a signed stamp of when the form was drawn (`FormTicket`), good for one message: without a
///   stamp Lantern signed, the message is a machine's; a stamp used already is a double press
///   or a replay (thanked, nothing more kept); sent sooner than a person could write, the form
///   comes back to be checked and sent again (someone pasting words they wrote elsewhere loses
///   nothing);
/// - a limit per address per clock hour (counted under a keyed hash whose key lives only in
///   this process's memory, so the count row names no address even to someone holding the
///   database and the field key), and one for everyone per hour, each claimed in one statement
///   in the transaction that keeps the message.
/// A machine's message (the hidden field filled, no good stamp) is thanked like anyone's and
/// nothing is kept (a quiet refusal: the sender learns nothing to tune against). A person over
/// a limit is told, and keeps their words.
struct VoiceFormController {
    /// The key of the per-address count: random per process, never stored.
    private let senders = SenderCountKey()
    /// The longest a drawn form stays good to send (then it is drawn again, words kept).
    static let ticketLifetime: TimeInterval = 3 * 60 * 60

    func register(_ routes: LanternRoutes) {
        routes.get(VoicePaths.form, access: .open, use: form)
        routes.post(VoicePaths.form, access: .open, use: send)
    }

    private static func ticket(_ request: Request) -> FormTicket {
        FormTicket(keyBytes: request.application.lantern.cipher.derivedKeyBytes(purpose: "voice.form-ticket"), purpose: "voice")
    }

    private func render(_ request: Request, _ l: PublicText, _ model: VoicePublicPages.Model) -> Response {
        var model = model
        model.csrf = request.csrfToken
        model.ticket = Self.ticket(request).issue(at: request.application.lantern.now)
        return request.renderPublic(VoicePublicPages.form(model, l), l)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let l = request.publicText
        if request.query[String.self, at: "sent"] == "1" {
            return request.renderPublic(VoicePublicPages.thanks(l), l)
        }
        return render(request, l, VoicePublicPages.Model())
    }

    @Sendable func send(_ request: Request) async throws -> Response {
        let l = request.publicText
        let services = request.application.lantern
        let settings = services.settings
        let now = services.now
        // Every field is text: a field sent as a list (`message[]`) is refused whole (400).
        let fields = try request.content.decode([String: String].self)
        let input = (message: fields["message"], quote: fields["quote"], trap: fields[VoicePublicPages.trapField], ticket: fields["ticket"])
        let thanked = request.redirect(to: l.link(.voice).query("sent", "1"))
        // A machine's: thanked, nothing kept.
        if !(input.trap ?? "").isEmpty { return thanked }
        let verdict = Self.ticket(request).verify(input.ticket, now: now, minimumAge: TimeInterval(settings.voiceMinimumSeconds),
                                                  maximumAge: Self.ticketLifetime)
        if verdict == .forged { return thanked }

        var model = VoicePublicPages.Model(message: input.message ?? "", quote: input.quote ?? "")
        let text: String?
        switch VoiceRules.message(input.message ?? "") {
        case .success(let found): text = found
        case .failure(.empty): text = nil; model.errors.add("message", l.plain("public.voice.error-empty"))
        case .failure(.tooLong): text = nil; model.errors.add("message", l.plain("public.voice.error-long", ["limit": l.number(VoiceRules.messageLimit)]))
        case .failure(.controlCharacters): text = nil; model.errors.add("message", l.plain("public.voice.error-characters"))
        }
        let consent: Bool? = switch input.quote { case "yes": true; case "no": false; default: nil }
        if consent == nil { model.errors.add("quote", l.plain("public.voice.error-quote")) }
        // Too soon (a person pasting words written elsewhere can be quick) or too late: the
        // form comes back with the words in it, to check and send again (after any mistake in
        // them, which says more).
        if model.errors.isEmpty, verdict == .tooFast { model.errors.add("message", l.plain("public.voice.error-check")) }
        if model.errors.isEmpty, verdict == .expired { model.errors.add("message", l.plain("public.voice.error-expired")) }
        guard let text, let consent, model.errors.isEmpty else { return render(request, l, model) }

        do {
            try await store(text, consent: consent, language: l.language.identifier, ticket: input.ticket ?? "", request: request)
        } catch is TicketSpent {
            return thanked
        } catch let refused as AttemptThrottle.Refused {
            model.busy = true
            let response = render(request, l, model)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(refused.retryAfter.rounded(.up))))
            return response
        }
        return thanked
    }

    /// The stamp was used already: the same message sent twice (a double press), or a script
    /// replaying one drawn form. Thanked again; nothing more is kept.
    struct TicketSpent: Error {}

    /// Claims the stamp (once only), then the limits, and keeps the message, in one
    /// transaction: a refused claim writes nothing. Each claim is one statement; the one on the
    /// shared `voice:all` count holds its row until the commit. Counts run in whole clock hours,
    /// so their rows say the hour, not the moment.
    private func store(_ text: String, consent: Bool, language: String, ticket: String, request: Request) async throws {
        let services = request.application.lantern
        let settings = services.settings
        let cipher = services.cipher
        let hour = Date(timeIntervalSince1970: (services.now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let spent = "voice:ticket:" + cipher.blindIndex(ticket, purpose: "voice.ticket")
        let claims = [("voice:address:" + senders.key(for: request), settings.voiceLimitPerAddress), ("voice:all", settings.voiceLimitPerHour)]
        try await request.db.transaction { tx in
            let throttle = AttemptThrottle(database: tx)
            do {
                try await throttle.claim(spent, limit: .init(attempts: 1, window: Self.ticketLifetime + 3600), now: services.now, windowStart: hour)
            } catch is AttemptThrottle.Refused {
                throw TicketSpent()
            }
            for (key, limit) in claims {
                try await throttle.claim(key, limit: .init(attempts: limit, window: 60 * 60), now: services.now, windowStart: hour)
            }
            // No audit entry: its time and request id would sit beside the message's id.
            try await VoiceMessage.waiting(text, language: language, consentToQuote: consent, receivedOn: services.today, cipher: cipher)
                .create(on: tx)
        }
    }
}
