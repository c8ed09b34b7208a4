/// The rules a release follows: which counts are too small to show, whether a true zero is
/// shown, and whether shown counts are rounded. Counts in `1..<threshold` are "primary"
/// suppressed; cells a reader could then work out from totals are hidden too ("secondary").
public struct DisclosureRules: Sendable, Equatable, Codable {
    /// Counts from 1 up to (not including) this are hidden. 5 means "fewer than 5".
    public var threshold: Int
    /// When true a zero is hidden as well; when false a true zero is shown as 0.
    public var suppressZeros: Bool
    /// Shown counts are rounded to the nearest multiple of this (halves round up) after every
    /// suppression decision has been made on the true values. `nil` (or 1) leaves them as they are.
    public var roundingBase: Int?

    public init(threshold: Int = 5, suppressZeros: Bool = false, roundingBase: Int? = nil) {
        self.threshold = threshold
        self.suppressZeros = suppressZeros
        self.roundingBase = roundingBase
    }

    /// Fewer than 5 hidden, zeros shown, no rounding.
    public static let standard = DisclosureRules()

    /// Whether a true count must be hidden in its own right.
    public func isSensitive(_ count: Int) -> Bool {
        if count == 0 { return suppressZeros }
        return count > 0 && count < threshold
    }

    /// The figure a reader sees for a count that is shown.
    public func rounded(_ count: Int) -> Int {
        guard let base = roundingBase, base > 1 else { return count }
        let magnitude = (abs(count) + base / 2) / base * base
        return count < 0 ? -magnitude : magnitude
    }

    /// A plain-English statement of these rules for a release's metadata.
    public var summary: String {
        let hidden: String
        switch (threshold, suppressZeros) {
        case (...1, false): hidden = "No counts are hidden for being small"
        case (...1, true): hidden = "Zeros are shown as [c]"
        case (2, false): hidden = "Counts of 1 are shown as [c]"
        case (2, true): hidden = "Zeros and counts of 1 are shown as [c]"
        case (_, false): hidden = "Counts of 1 to \(threshold - 1) are shown as [c]"
        case (_, true): hidden = "Zeros and counts of 1 to \(threshold - 1) are shown as [c]"
        }
        let rounding: String
        if let base = roundingBase, base > 1 {
            rounding = "Shown figures are rounded to the nearest \(base) after suppression is decided, "
                + "so totals may not equal the sum of their parts."
        } else {
            rounding = "Figures are not rounded."
        }
        return hidden + "; further cells are hidden where a total would reveal them (secondary suppression). " + rounding
    }

    private enum CodingKeys: String, CodingKey { case threshold, suppressZeros, roundingBase }

    /// Missing keys take the standard values, so a stored configuration survives new options.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(threshold: try container.decodeIfPresent(Int.self, forKey: .threshold) ?? 5,
                  suppressZeros: try container.decodeIfPresent(Bool.self, forKey: .suppressZeros) ?? false,
                  roundingBase: try container.decodeIfPresent(Int.self, forKey: .roundingBase))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(suppressZeros, forKey: .suppressZeros)
        try container.encodeIfPresent(roundingBase, forKey: .roundingBase)
    }
}
