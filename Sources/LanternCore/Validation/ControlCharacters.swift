/// Control characters (NUL, ESC, BEL, DEL, C1) have no place in what a person types: they
/// break pages, exports and logs. Free text may keep line breaks and tabs when it is
/// multi-line.
public enum ControlCharacters {
    public static func present(in text: String, allowingLineBreaks: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control
                && !(allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}
