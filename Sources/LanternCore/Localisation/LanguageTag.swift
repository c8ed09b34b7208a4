import Foundation

/// A language as BCP 47 writes it (`en-GB`, `ar`, `pl`), normalised: the language subtag in
/// lower case, a region in upper case, a script in title case (`zh-Hans`), anything else in lower case. Compared case-insensitively.
public struct LanguageTag: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let identifier: String

    /// Nil for anything that is not a plausible tag (letters, digits and hyphens; subtags of
    /// 1–8 characters; the first one letters only), so a header or cookie cannot smuggle text.
    public init?(_ raw: String) {
        let subtags = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
            .split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              subtags.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        identifier = subtags.enumerated().map { index, subtag in
            index == 0 ? subtag.lowercased() : subtag.count == 2 ? subtag.uppercased()
                : subtag.count == 4 && subtag.allSatisfy(\.isLetter) ? subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased()
                : subtag.lowercased()
        }.joined(separator: "-")
    }

    public static let englishGB = LanguageTag("en-GB")!

    /// The primary language subtag: `en` for `en-GB`.
    public var primary: String { String(identifier.prefix { $0 != "-" }) }

    /// Written right to left (Arabic, Urdu, Persian, Hebrew, …), as CLDR says.
    public var isRightToLeft: Bool { Locale.Language(identifier: identifier).characterDirection == .rightToLeft }

    /// The value of the HTML `dir` attribute.
    public var direction: String { isRightToLeft ? "rtl" : "ltr" }

    public var locale: Locale { Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_")) }

    public var description: String { identifier }
    public static func < (a: LanguageTag, b: LanguageTag) -> Bool { a.identifier < b.identifier }
}
