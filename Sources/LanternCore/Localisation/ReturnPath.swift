/// Where to send someone back to after they choose a language: a path on this site only.
/// Anything else — another host (`//evil.example`, `https://evil`, `/\evil`, which browsers
/// read as `//evil`), a scheme, whitespace or control characters (browsers drop tabs and
/// newlines, so `/\t/evil` would become `//evil`) — goes to the start page instead.
public enum ReturnPath {
    public static func local(_ raw: String?) -> String {
        guard let raw, raw.utf8.count <= 2048, raw.hasPrefix("/") else { return "/" }
        let second = raw.dropFirst().first
        guard second != "/", second != "\\" else { return "/" }
        for scalar in raw.unicodeScalars {
            if scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format { return "/" }
        }
        return raw
    }
}
