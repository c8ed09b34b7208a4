/// The rules of survivor voice: anonymous feedback anyone can send from the public site,
/// read first by a moderator, who files it under themes, keeps or discards it, and may publish
/// an excerpt only when the sender agreed to be quoted. The board sees themes and counts.

/// What a message is about, as the moderator files it (a message can touch several).
public enum VoiceTheme: String, Sendable, CaseIterable, Codable, Comparable {
    case support
    case safety
    case housing
    case health
    case money
    case work
    case immigration
    case police
    case services
    case other

    public static func < (a: VoiceTheme, b: VoiceTheme) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Themes as stored: comma-separated raw values, in the enum's order.
    public static func stored(_ themes: Set<VoiceTheme>) -> String { themes.sorted().map(\.rawValue).joined(separator: ",") }

    /// Themes from their stored form; unknown names are dropped.
    public static func parse(_ stored: String) -> Set<VoiceTheme> {
        Set(stored.split(separator: ",").compactMap { VoiceTheme(rawValue: String($0)) })
    }
}

/// Where a message stands: waiting for the moderator, kept (counted under its themes), or
/// discarded (its words erased; counted nowhere).
public enum VoiceState: String, Sendable, CaseIterable, Codable {
    case new
    case kept
    case discarded
}

public enum VoiceRules {
    /// The longest message, in characters.
    public static let messageLimit = 4_000
    /// The longest excerpt a moderator may publish.
    public static let excerptLimit = 600

    public enum MessageProblem: Error, Equatable {
        case empty
        case tooLong
        case controlCharacters
    }

    /// The message as it will be kept (trimmed), or why not. Line breaks are allowed; other
    /// control characters are not (format characters such as a zero-width joiner are words).
    public static func message(_ raw: String) -> Result<String, MessageProblem> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(.empty) }
        // Counted as people see characters, and in bytes too: one "character" can carry any
        // number of combining marks, and a message is sealed, stored and read whole.
        if text.count > messageLimit || text.utf8.count > messageLimit * 4 { return .failure(.tooLong) }
        if ControlCharacters.present(in: text, allowingLineBreaks: true) { return .failure(.controlCharacters) }
        return .success(text)
    }

    public enum ModerationProblem: Error, Equatable {
        /// Kept with no theme: it would count nowhere.
        case noTheme
        /// An excerpt for a message whose sender did not agree to be quoted.
        case noConsent
        /// An excerpt for a message not kept.
        case notKept
        /// Words that are not the sender's: an excerpt is cut from the message, not written.
        case notTheirWords
        case excerptTooLong
        case excerptControlCharacters
    }

    /// What a moderator decided about one message.
    public struct Decision: Sendable, Equatable {
        public var state: VoiceState
        public var themes: Set<VoiceTheme>
        /// The words to publish (trimmed), or nil to publish none.
        public var excerpt: String?

        public init(state: VoiceState, themes: Set<VoiceTheme>, excerpt: String?) {
            self.state = state
            self.themes = themes
            self.excerpt = excerpt
        }
    }

    /// Checks a moderator's decision against the message's consent and words. Discarding clears
    /// the themes and the excerpt (nothing of a discarded message is kept or shown).
    public static func decide(state: VoiceState, themes: Set<VoiceTheme>, excerpt rawExcerpt: String,
                              consentToQuote: Bool, message: String) -> Result<Decision, ModerationProblem> {
        let excerpt = rawExcerpt.trimmingCharacters(in: .whitespacesAndNewlines)
        switch state {
        case .discarded:
            return .success(Decision(state: .discarded, themes: [], excerpt: nil))
        case .new:
            guard excerpt.isEmpty else { return .failure(.notKept) }
            return .success(Decision(state: .new, themes: themes, excerpt: nil))
        case .kept:
            guard !themes.isEmpty else { return .failure(.noTheme) }
            guard !excerpt.isEmpty else { return .success(Decision(state: .kept, themes: themes, excerpt: nil)) }
            guard consentToQuote else { return .failure(.noConsent) }
            guard excerpt.count <= excerptLimit else { return .failure(.excerptTooLong) }
            guard !ControlCharacters.present(in: excerpt, allowingLineBreaks: true) else { return .failure(.excerptControlCharacters) }
            guard isCut(excerpt, from: message) else { return .failure(.notTheirWords) }
            return .success(Decision(state: .kept, themes: themes, excerpt: excerpt))
        }
    }

    /// Whether an excerpt is the sender's own words: one or more fragments of the message, in
    /// its order, joined by an ellipsis ("…" or "...") where the moderator left words out (a
    /// name, a place). Each fragment is whole words ("safe" is not cut from "unsafe"). Spacing
    /// and line breaks need not match; nothing else may differ, so a moderator cannot publish
    /// words the sender did not write, or another sender's.
    public static func isCut(_ excerpt: String, from message: String) -> Bool {
        func squeezed(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let fragments = squeezed(excerpt).replacingOccurrences(of: "...", with: "…").split(separator: "…")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !fragments.isEmpty else { return false }
        let text = squeezed(message)
        var from = text.startIndex
        func isWordCharacter(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
        for fragment in fragments {
            var found: Range<String.Index>?
            var search = from
            while let match = text.range(of: fragment, range: search..<text.endIndex) {
                let before = match.lowerBound == text.startIndex ? nil : text[text.index(before: match.lowerBound)]
                let after = match.upperBound == text.endIndex ? nil : text[match.upperBound]
                // A fragment starting or ending with a word character must not continue a word.
                let startsWord = !isWordCharacter(fragment.first) || !isWordCharacter(before)
                let endsWord = !isWordCharacter(fragment.last) || !isWordCharacter(after)
                if startsWord && endsWord { found = match; break }
                search = text.index(after: match.lowerBound)
            }
            guard let found else { return false }
            from = found.upperBound
        }
        return true
    }
}
