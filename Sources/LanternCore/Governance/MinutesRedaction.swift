import Foundation

/// The public version of minutes: confidential items left out, and every listed name
/// replaced by "[name withheld]" wherever it stands as a whole word (in any case, and with or
/// without accents), in the general notes, the items' titles and their text. The public
/// version counts what was withheld, so readers know something was.
public enum MinutesRedaction {
    public static let placeholder = "[name withheld]"

    /// The minutes as the public may read them.
    public struct PublicMinutes: Sendable, Equatable {
        public struct Item: Sendable, Equatable {
            public var title: String
            public var text: String
        }

        public var general: String
        public var items: [Item]
        /// How many agenda items were withheld.
        public var withheldItems: Int
        /// How many names were listed as withheld.
        public var withheldNames: Int

        public var withheldAnything: Bool { withheldItems > 0 || withheldNames > 0 }
    }

    /// `confidentialNow` names the agenda items that are confidential today (an item marked
    /// confidential after the minutes were written is withheld too).
    public static func publicVersion(of document: MinutesDocument, withheldNames: [String],
                                     confidentialNow: Set<String> = []) -> PublicMinutes {
        let names = withheldNames.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let shown = document.items.filter { !$0.isConfidential && !confidentialNow.contains($0.agendaItemID) }
        return PublicMinutes(
            general: redact(document.general, names: names),
            items: shown.map { PublicMinutes.Item(title: redact($0.title, names: names), text: redact($0.text, names: names)) },
            withheldItems: document.items.count - shown.count,
            withheldNames: names.count)
    }

    /// `text` with each whole-word occurrence of any name replaced. Matching is literal (a
    /// name is never a pattern), ignores case and accents, and needs no letter, digit or
    /// underscore on either side, so "Ann" is replaced in "Ann's" but not in "Annual".
    /// Overlapping names: the earliest match wins, and of two starting together the longer.
    public static func redact(_ text: String, names: [String]) -> String {
        guard !text.isEmpty else { return text }
        var matches: [Range<String.Index>] = []
        for name in names {
            let needle = name.trimmingCharacters(in: .whitespaces)
            guard !needle.isEmpty else { continue }
            var searchStart = text.startIndex
            while searchStart < text.endIndex,
                  let found = text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                         range: searchStart..<text.endIndex) {
                if isBoundary(before: found.lowerBound, in: text), isBoundary(after: found.upperBound, in: text) {
                    matches.append(found)
                }
                // Try again one character on: "Ann" in "AnnAnn Ann" must still find the last.
                searchStart = text.index(after: found.lowerBound)
            }
        }
        guard !matches.isEmpty else { return text }
        matches.sort { $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.upperBound > $1.upperBound }
        var result = ""
        var cursor = text.startIndex
        for match in matches where match.lowerBound >= cursor {
            result += text[cursor..<match.lowerBound]
            result += placeholder
            cursor = match.upperBound
        }
        result += text[cursor...]
        return result
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private static func isBoundary(before index: String.Index, in text: String) -> Bool {
        guard index > text.startIndex else { return true }
        return !isWordCharacter(text[text.index(before: index)])
    }

    private static func isBoundary(after index: String.Index, in text: String) -> Bool {
        guard index < text.endIndex else { return true }
        return !isWordCharacter(text[index])
    }

    /// The sentence a public version carries when something was withheld, in British
    /// English ("2 items and 1 name were withheld from this public version"); pages use the
    /// catalogue's words with the same counts.
    public static func withheldSentence(items: Int, names: Int) -> String? {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        switch (items > 0, names > 0) {
        case (false, false): return nil
        case (true, false): return "\(count(items, "item", "items")) \(items == 1 ? "was" : "were") withheld from this public version"
        case (false, true): return "\(count(names, "name", "names")) \(names == 1 ? "was" : "were") withheld from this public version"
        case (true, true): return "\(count(items, "item", "items")) and \(count(names, "name", "names")) were withheld from this public version"
        }
    }
}
