/// The `Accept-Language` header (RFC 9110 §12.5.4): language ranges with quality values,
/// and the choice among the languages Lantern has (RFC 4647 lookup, by preference).
public struct AcceptLanguage: Sendable, Equatable {
    public struct Preference: Sendable, Equatable {
        /// A language range (`en-GB`, `ar`) in lower case, or `*`.
        public let range: String
        /// 0 to 1000 (the header's q times 1000); 0 means "not this one".
        public let weight: Int
    }

    /// Ranges by falling preference; equal weights keep the header's order.
    public let preferences: [Preference]

    /// Parses leniently: an entry that is not a range or has a malformed q is skipped, as if
    /// absent, rather than spoiling the rest of the header.
    public init(header: String?) {
        var parsed: [(index: Int, preference: Preference)] = []
        for (index, part) in (header ?? "").split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let rawRange = pieces.first, !rawRange.isEmpty else { continue }
            let range: String
            if rawRange == "*" { range = "*" } else if let tag = LanguageTag(rawRange) { range = tag.identifier.lowercased() } else { continue }
            var weight = 1000
            var valid = true
            for parameter in pieces.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
                if let q = Self.weight(pair[1]) { weight = q } else { valid = false }
            }
            if valid { parsed.append((index, Preference(range: range, weight: weight))) }
        }
        preferences = parsed.sorted { $0.preference.weight != $1.preference.weight ? $0.preference.weight > $1.preference.weight : $0.index < $1.index }
            .map(\.preference)
    }

    /// `q` is 0–1 with at most three decimals (RFC 9110's `qvalue`).
    static func weight(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        let thousandths = Int(fraction.padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
        if whole == "1" { return thousandths == 0 ? 1000 : nil }
        return thousandths
    }

    /// The best of `available` for this header, or `fallback` when none is acceptable.
    /// A range matches a language that equals it or begins with it (`en` → `en-GB`); failing
    /// that, one with the same primary language (`en-US` → `en-GB`, `ar-EG` → `ar`). `q=0`
    /// excludes what it matches, also from `*`. Ties in weight go to the header's order.
    public func negotiate(available: [LanguageTag], fallback: LanguageTag) -> LanguageTag {
        let excluded = Set(preferences.filter { $0.weight == 0 && $0.range != "*" }.flatMap { matches(of: $0.range, in: available, samePrimary: false) })
        let allowed = available.filter { !excluded.contains($0) }
        for preference in preferences where preference.weight > 0 {
            if preference.range == "*" {
                if allowed.contains(fallback) { return fallback }
                if let first = allowed.first { return first }
                continue
            }
            if let match = matches(of: preference.range, in: allowed, samePrimary: true).first { return match }
        }
        return fallback
    }

    /// Exclusion (`q=0`) uses only the exact or prefix match: `en-US;q=0` does not rule out `en-GB`.
    private func matches(of range: String, in available: [LanguageTag], samePrimary: Bool) -> [LanguageTag] {
        let exact = available.filter { tag in
            let id = tag.identifier.lowercased()
            return id == range || id.hasPrefix(range + "-")
        }
        if !exact.isEmpty || !samePrimary { return exact }
        let primary = String(range.prefix { $0 != "-" })
        return available.filter { $0.primary == primary }
    }
}
