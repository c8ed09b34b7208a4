/// A fragment of HTML that is safe to send. Interpolating a `String` escapes it; only
/// another `HTML` value is inserted as markup. Raw markup comes only from literals known at
/// compile time (`StaticString`, for a whole literal and for the literal parts of an
/// interpolation), so no runtime string can become markup and a page cannot reflect unescaped
/// text; there is deliberately no raw-markup escape hatch.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public typealias StringLiteralType = StaticString
    public private(set) var markup: String

    public init(stringLiteral value: StaticString) { markup = value.description }
    public init(stringInterpolation: Interpolation) { markup = stringInterpolation.output }
    private init(trusted: String) { markup = trusted }

    public static let empty = HTML(trusted: "")
    public var description: String { markup }

    public struct Interpolation: StringInterpolationProtocol {
        public typealias StringLiteralType = StaticString
        var output = ""
        public init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: StaticString) { output += literal.description }
        public mutating func appendInterpolation(_ html: HTML) { output += html.markup }
        public mutating func appendInterpolation(_ html: HTML?) { output += html?.markup ?? "" }
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }
        public mutating func appendInterpolation(_ number: Int) { output += String(number) }
        public mutating func appendInterpolation(_ number: Int64) { output += String(number) }
        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { output += part.markup } }
    }

    /// Escapes text for use in element content and in double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default:
                // Control characters (C0, DEL and C1) other than tab and newline have no place in a page.
                if scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" && scalar != "\r" {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    public static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(trusted: parts.map(\.markup).joined(separator: separator.markup))
    }
}
