/// Why a figure is hidden. Kept for the producer (release notes, counts of hidden cells); it is
/// deliberately not part of the published form, because telling readers which cells were
/// primary (1 to threshold−1) would narrow them down.
public enum SuppressionReason: String, Sendable, Codable {
    /// The true count is itself too small to show.
    case primary
    /// Hidden so that a primary figure cannot be worked out from totals or other figures.
    case secondary
}

/// A published figure: a count, or the GSS "confidential" marker `[c]`.
///
/// Encoded as a reader sees it: a JSON number, or the string `"[c]"`. The reason is not
/// encoded (see `SuppressionReason`); a decoded marker reads as `.suppressed(.primary)`.
public enum DisclosedValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case count(Int)
    case suppressed(SuppressionReason)

    /// The GSS shorthand for a confidential figure.
    public static let marker = "[c]"

    public var description: String {
        switch self {
        case .count(let value): String(value)
        case .suppressed: Self.marker
        }
    }

    /// The shown count, or nil when hidden.
    public var count: Int? {
        if case .count(let value) = self { return value }
        return nil
    }

    public var isSuppressed: Bool { count == nil }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .count(value)
        } else if try container.decode(String.self) == Self.marker {
            self = .suppressed(.primary)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected a count or \"\(Self.marker)\".")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .count(let value): try container.encode(value)
        case .suppressed: try container.encode(Self.marker)
        }
    }
}
