extension QRCode {
    /// The light margin scanners need around a symbol, in modules (ISO/IEC 18004 §6.3.8).
    public static let quietZone = 4

    /// Modules along one side including the quiet zone on both sides.
    public var sideWithQuietZone: Int { size + 2 * Self.quietZone }

    /// SVG path data drawing every dark module as part of one shape, one rectangle per run
    /// of dark modules in a row, offset by the quiet zone: `M x y h n v1 h-n z` each. Only
    /// digits, spaces and the letters M, h, v and z, so it is safe in any attribute.
    public var svgPathData: String {
        var parts: [String] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y][x] else { x += 1; continue }
                let start = x
                while x < size && modules[y][x] { x += 1 }
                let length = x - start
                parts.append("M\(start + Self.quietZone) \(y + Self.quietZone)h\(length)v1h-\(length)z")
            }
        }
        return parts.joined()
    }

    /// The matrix as text, `#` for dark and a space for light, one line per row: for tests
    /// and for a terminal.
    public var textRows: [String] {
        modules.map { row in String(row.map { $0 ? "#" : " " }) }
    }
}
