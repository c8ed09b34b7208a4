import LanternCore

/// Survivor voice (issue 13): anyone may tell the partnership, anonymously and in their own
/// language, what helped and what did not (`/voice`, on the public site). A voice moderator
/// reads each message, files it under themes, keeps or discards it, and may publish an excerpt
/// when the sender agreed to be quoted; the board sees themes and counts per quarter and the
/// published excerpts (`/voice/themes`), never a message's own words.
extension Feature {
    static let voice = Feature(
        name: "Voice",
        register: { routes in
            VoiceFormController().register(routes)
            VoiceModerationController().register(routes)
            VoiceThemesController().register(routes)
        },
        navigation: [NavigationEntry(label: "Survivor voice", href: .voiceMessages, audience: .allowed(.moderateVoice), order: 88)],
        homeCards: [HomeCard(title: "Survivor voice", text: "Messages sent anonymously from the public site, waiting to be read and filed.",
                             href: .voiceMessages, audience: .allowed(.moderateVoice), order: 88),
                    HomeCard(title: "Survivor voice themes", text: "What survivors tell the partnership, by theme and quarter, and the words they let us share.",
                             href: .voiceThemes, audience: .allowed(.viewVoiceThemes), order: 89)])
}

enum VoicePaths {
    static let form = RoutePath("voice")
    static let messages = RoutePath("voice", "messages")
    static let message = RoutePath("voice", "messages", ":messageID")
    static let themes = RoutePath("voice", "themes")
}

extension Href {
    static let voice = Href(VoicePaths.form)
    static let voiceMessages = Href(VoicePaths.messages)
    static func voiceMessage(_ id: String) -> Href { VoicePaths.message.href(id) }
    static let voiceThemes = Href(VoicePaths.themes)
}
