import Foundation

/// Comma-separated values as RFC 4180 writes them (CRLF line ends; a field with a comma,
/// quote or line break in quotes, its quotes doubled), safe to open in a spreadsheet: a
/// field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
/// `'`, so it is never run as a formula.
public enum CSVText {
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
