import Crypto
import Foundation

/// Finding a case by name and date of birth without a plaintext index. A case's names and
/// date of birth become normalised tokens (`name:<word>`, `dob:<yyyy-mm-dd>`,
/// `dobyear:<yyyy>`), and only a keyed hash of each is stored (`CaseSearchKey`). A search
/// hashes its terms the same way and asks for the cases holding all of them, so the same
/// rules apply on both sides:
///
/// - case and width are folded and diacritics removed: "JOSÉ", "José" and "jose" are one word;
///   letters diacritic folding leaves alone are spelt out (ß → ss, æ → ae, ø → o, ł → l …);
/// - apostrophes are dropped inside a word ("O'Neil" → "oneil"); any other punctuation or
///   space separates words ("Anna-Maria" → "anna", "maria");
/// - order does not matter: the tokens are a set, and a search names any of the person's
///   words, whichever field they were recorded in ("Smith John" finds John Smith);
/// - a name of several words is also indexed whole ("annamaria", "vanderberg"), so a search
///   written without the hyphen or spaces finds it too.
public enum CaseSearchTokens {
    /// Bumped when these rules change: cases indexed under an older version are indexed again.
    public static let version = 1
    /// The most words a search may name.
    public static let maximumQueryWords = 8

    /// The tokens stored for a case (before hashing).
    public static func indexTokens(firstName: String?, lastName: String?, nickname: String?, dateOfBirth: Day?) -> Set<String> {
        var tokens = Set<String>()
        for field in [firstName, lastName, nickname] {
            let words = Self.words(field)
            for word in words { tokens.insert("name:" + word) }
            if words.count > 1 { tokens.insert("name:" + words.joined()) }
        }
        if let dateOfBirth { tokens.formUnion(dateTokens(dateOfBirth)) }
        return tokens
    }

    public static func dateTokens(_ day: Day) -> Set<String> {
        ["dob:" + day.iso, "dobyear:" + String(format: "%04d", day.components.year)]
    }

    /// What a search asks for, or why it cannot be asked.
    public enum Query: Equatable, Sendable {
        /// Nothing was given: show the empty form.
        case empty
        case tokens(Set<String>)
        case invalid(field: String, problem: Problem)
    }

    public enum Problem: String, Equatable, Sendable {
        /// A name with no letters or digits in it.
        case nameHasNoLetters
        case tooManyWords
        /// Control characters (NUL, ESC, DEL, C1) in the name: no name holds them.
        case nameHasControlCharacters
        /// Neither a date (yyyy-mm-dd) nor a year.
        case dateOfBirthUnreadable
    }

    /// The tokens a search for this name and date of birth (a full date `yyyy-mm-dd`, or a year
    /// `yyyy`) must all find. Either may be empty.
    public static func query(name: String?, dateOfBirth: String?) -> Query {
        let nameText = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let dobText = dateOfBirth?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if nameText.isEmpty && dobText.isEmpty { return .empty }
        var tokens = Set<String>()
        if !nameText.isEmpty {
            guard !ControlCharacters.present(in: nameText, allowingLineBreaks: false) else {
                return .invalid(field: "name", problem: .nameHasControlCharacters)
            }
            let words = Self.words(nameText)
            guard !words.isEmpty else { return .invalid(field: "name", problem: .nameHasNoLetters) }
            guard Set(words).count <= maximumQueryWords else { return .invalid(field: "name", problem: .tooManyWords) }
            for word in words { tokens.insert("name:" + word) }
        }
        if !dobText.isEmpty {
            if let day = Day(iso: dobText) {
                tokens.insert("dob:" + day.iso)
            } else if dobText.count == 4, dobText.allSatisfy({ $0.isASCII && $0.isNumber }), (Int(dobText) ?? 0) >= 1900 {
                tokens.insert("dobyear:" + dobText)
            } else {
                return .invalid(field: "dob", problem: .dateOfBirthUnreadable)
            }
        }
        return .tokens(tokens)
    }

    /// The normalised words of a name, in order: folded, without diacritics or punctuation.
    public static func words(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_GB"))
            .lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if apostrophes.contains(scalar) { continue }
            if let spelt = spelling[scalar] {
                current += spelt
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                // Combining marks left by folding (scripts without precomposed forms) are not letters.
                current.unicodeScalars.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark {
                continue
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "\u{00B4}"]
    /// Letters that diacritic folding keeps as they are, spelt as English speakers type them.
    private static let spelling: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t",
    ]
}

/// The keyed hash that turns a search token into what is stored: HMAC-SHA256 under a key
/// derived from the field key for this one purpose, over the organisation and the token, so
/// the same name held by two organisations gives two unrelated values. The first 16 bytes,
/// in hex, are kept.
public struct CaseSearchKey: Sendable {
    /// The label the key is derived under (HKDF info, after the field cipher's own prefix).
    public static let purpose = "lantern.case-search.v1"
    private let keyBytes: [UInt8]

    public init(fieldCipher: FieldCipher) {
        keyBytes = fieldCipher.derivedKeyBytes(purpose: Self.purpose)
    }

    public func hash(_ token: String, organisationID: UUID) -> String {
        let message = Array((organisationID.uuidString.lowercased() + "\n" + token).utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    public func hashes(_ tokens: Set<String>, organisationID: UUID) -> [String] {
        tokens.sorted().map { hash($0, organisationID: organisationID) }
    }
}
