import Foundation

/// A closed list of codes with English names: a case's nationality (ISO 3166-1 alpha-3) or
/// language (ISO 639-3). A case holds the code, never free text: typed text becomes a row
/// label in every organisation's statistics and can name the one person it describes, while
/// a code from a published list says nothing the list does not. "Other" and "not known" are
/// codes of the list, so every answer has one.
public struct CodedList: Sendable {
    public struct Entry: Sendable, Equatable {
        public let code: String
        /// The English name shown to people.
        public let name: String
        /// What the Home Office NRM statistics call people of this nationality ("Albanian"),
        /// where known; nil for languages.
        public let demonym: String?
        /// Other names the entry goes by (official, former, alternative spellings), so older
        /// free text and imported tables can be matched to it.
        public let otherNames: [String]

        public init(code: String, name: String, demonym: String? = nil, otherNames: [String] = []) {
            self.code = code
            self.name = name
            self.demonym = demonym
            self.otherNames = otherNames
        }
    }

    /// In the order people should see them.
    public let entries: [Entry]
    /// The code for an answer the list does not have (`OTHER`, `other`).
    public let otherCode: String
    /// The code for "not known" (`UNKNOWN`, `unknown`).
    public let unknownCode: String
    private let positions: [String: Int]
    private let codesByText: [String: String]

    /// `otherCode` and `unknownCode` must be codes of `entries`; `parse` checks this for files.
    /// Where two entries share a code, the first is kept.
    public init(entries: [Entry], otherCode: String, unknownCode: String) {
        var positions: [String: Int] = [:]
        var kept: [Entry] = []
        for entry in entries where positions[entry.code] == nil {
            positions[entry.code] = kept.count
            kept.append(entry)
        }
        self.entries = kept
        self.otherCode = otherCode
        self.unknownCode = unknownCode
        self.positions = positions
        // Codes first, then names, demonyms and other names: a name always beats another
        // entry's alternative spelling, whatever the order of the file.
        var texts: [String: String] = [:]
        let passes: [(Entry) -> [String]] = [{ [$0.code] }, { [$0.name] }, { $0.demonym.map { [$0] } ?? [] }, { $0.otherNames }]
        for names in passes {
            for entry in kept {
                for name in names(entry) where !name.isEmpty {
                    let key = Self.folded(name)
                    if texts[key] == nil { texts[key] = entry.code }
                }
            }
        }
        self.codesByText = texts
    }

    /// Whether `code` is exactly one of the list's codes (case matters: `ALB`, `sqi`).
    public func contains(_ code: String) -> Bool { positions[code] != nil }

    public func entry(for code: String) -> Entry? { positions[code].map { entries[$0] } }

    /// The English name for a code, or nil if the code is not on the list.
    public func label(for code: String) -> String? { entry(for: code)?.name }

    /// The code free text names: a code, name, demonym or other name of an entry, ignoring
    /// case, accents, punctuation, spacing and a leading "the" ("albanian", "Cote d'Ivoire",
    /// "U.K."). Empty text is "not known"; text that names nothing is "other", never a guess.
    public func code(matching text: String) -> String {
        let key = Self.folded(text)
        if key.isEmpty { return unknownCode }
        return codesByText[key] ?? otherCode
    }

    /// The entry free text names, if it names one (not "other" by default).
    public func entry(matching text: String) -> Entry? {
        codesByText[Self.folded(text)].flatMap(entry(for:))
    }

    /// Lower case without accents; "&" as "and"; full stops and apostrophes dropped (so
    /// "U.K." is "uk"); any other run of non-alphanumerics one space; no leading "the ".
    static func folded(_ text: String) -> String {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: " and ")
        var words: [String] = []
        var word = ""
        for scalar in plain.unicodeScalars {
            if scalar == "." || scalar == "'" || scalar == "\u{2019}" { continue }
            if CharacterSet.alphanumerics.contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        if words.first == "the", words.count > 1 { words.removeFirst() }
        return words.joined(separator: " ")
    }
}
