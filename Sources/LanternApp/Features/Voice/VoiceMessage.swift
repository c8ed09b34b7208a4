import Fluent
import Foundation
import LanternCore

/// One anonymous message from the public site (`voice_messages`). Nothing in the row points
/// at its sender: the day only (no time, so the row cannot be matched to a web server's log),
/// the page's language, consent to be quoted, and the words sealed (context `voice:<id>`).
/// Discarding a message erases its words.
final class VoiceMessage: Model, @unchecked Sendable {
    static let schema = "voice_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "received_on") var receivedOn: Int
    @Field(key: "language") var language: String
    @Field(key: "sealed_text") var sealedText: String
    @Field(key: "consent_to_quote") var consentToQuote: Bool
    /// `VoiceState`'s raw value.
    @Field(key: "state") var state: String
    /// `VoiceTheme.stored`: the moderator's filing.
    @Field(key: "themes") var themes: String
    /// Words the moderator published, with the sender's consent (public to the board).
    @OptionalField(key: "excerpt") var excerpt: String?
    @OptionalField(key: "published_on") var publishedOn: Int?
    @OptionalField(key: "moderated_on") var moderatedOn: Int?

    init() {}

    static func sealContext(_ id: UUID) -> String { "voice:\(id.uuidString)" }

    /// A new message waiting for the moderator, received on `day`, its words sealed for its
    /// own id (the one way a message is made: the form, the demo and the tests all use it).
    static func waiting(_ text: String, language: String, consentToQuote: Bool, receivedOn day: Day,
                        cipher: FieldCipher) throws -> VoiceMessage {
        let message = VoiceMessage()
        let id = UUID()
        message.id = id
        message.receivedOn = day.daysSinceEpoch
        message.language = language
        message.sealedText = try cipher.seal(text, context: sealContext(id))
        message.consentToQuote = consentToQuote
        message.state = VoiceState.new.rawValue
        message.themes = ""
        return message
    }

    var receivedDay: Day { Day(daysSinceEpoch: receivedOn) }
    var voiceState: VoiceState { VoiceState(rawValue: state) ?? .new }
    var themeSet: Set<VoiceTheme> { VoiceTheme.parse(themes) }

    /// The words, opened with the field key; empty once discarded.
    func text(_ cipher: FieldCipher) throws -> String {
        guard let id, !sealedText.isEmpty else { return "" }
        return try cipher.open(sealedText, context: Self.sealContext(id))
    }
}
