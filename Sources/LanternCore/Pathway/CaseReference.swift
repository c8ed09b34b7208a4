/// A case's public reference: `LNT-` and 12 characters from an alphabet without look-alikes,
/// in groups of four — 60 random bits, so references cannot be guessed or enumerated.
public enum CaseReference {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<12).map { _ in alphabet.randomElement(using: &generator)! }
        return "LNT-" + String(chars[0..<4]) + "-" + String(chars[4..<8]) + "-" + String(chars[8..<12])
    }

    /// The canonical form of something typed or pasted, or nil if it cannot be a reference.
    public static func normalised(_ text: String) -> String? {
        let compact = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.hasPrefix("LNT") else { return nil }
        let body = Array(compact.dropFirst(3))
        guard body.count == 12, body.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return "LNT-" + String(body[0..<4]) + "-" + String(body[4..<8]) + "-" + String(body[8..<12])
    }
}

/// Matching a person across referrals (re-referral), without storing who they are: the
/// normalised name and date of birth go through a keyed hash, and only the hash is kept.
public enum PersonMatch {
    /// Nil unless first name, last name and a valid date of birth are all known.
    public static func matchText(firstName: String?, lastName: String?, dateOfBirth: String?) -> String? {
        guard let first = normalise(firstName), let last = normalise(lastName),
              let dobText = dateOfBirth, let dob = Day(iso: dobText) else { return nil }
        return "\(first)|\(last)|\(dob.iso)"
    }

    /// Lower case, accents removed, letters only: "Anna-Maria  O'Neil" → "annamariaoneil".
    static func normalise(_ name: String?) -> String? {
        guard let name else { return nil }
        let folded = name.applyingTransformIfAvailable()
        let letters = folded.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }
        let result = String(String.UnicodeScalarView(letters))
        return result.isEmpty ? nil : result
    }
}

import Foundation

extension String {
    /// Strips diacritics where Foundation can (é → e), so spellings with and without accents match.
    fileprivate func applyingTransformIfAvailable() -> String {
        folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_GB"))
    }
}
