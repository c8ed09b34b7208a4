import Foundation

/// One field of a CSV record: a byte range of the input, with surrounding quotes removed.
struct CSVField {
    var start: Int
    var end: Int
    /// The field was quoted and holds doubled quotes (`""`) still to be undone.
    var hasDoubledQuotes: Bool
}

/// Reads RFC 4180 records straight from bytes: quoted fields (holding commas, line breaks
/// and doubled quotes), CRLF or LF line ends, an optional UTF-8 byte order mark, an
/// optional final line end. Works on the bytes without decoding, so it is fast.
struct CSVRecordReader {
    enum Outcome {
        /// `fields` holds the record; `bytes` is its span, for checking it is UTF-8.
        case record(line: Int, bytes: Range<Int>)
        case malformed(line: Int, message: String)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    /// The line the next record starts on.
    private var line = 1
    /// The fields of the record last read.
    private(set) var fields: [CSVField] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = bom ? 3 : 0
        fields.reserveCapacity(16)
    }

    /// The next record, or nil at the end of the input.
    mutating func next() -> Outcome? {
        let n = bytes.count
        guard position < n else { return nil }
        fields.removeAll(keepingCapacity: true)
        let startLine = line, start = position
        var p = position
        while true {
            if p < n && bytes[p] == Self.quote {
                p += 1
                let contentStart = p
                var doubled = false
                while p < n {
                    let c = bytes[p]
                    if c == Self.quote {
                        if p + 1 < n && bytes[p + 1] == Self.quote { doubled = true; p += 2; continue }
                        break
                    }
                    if c == Self.lf { line += 1 }
                    p += 1
                }
                guard p < n else {
                    position = n
                    return .malformed(line: startLine, message: "a quoted field is never closed (the file may be cut short)")
                }
                fields.append(CSVField(start: contentStart, end: p, hasDoubledQuotes: doubled))
                p += 1
                if p < n, bytes[p] != Self.comma, bytes[p] != Self.cr, bytes[p] != Self.lf {
                    // Skip to the next line end and carry on with the rest of the file.
                    while p < n && bytes[p] != Self.lf { p += 1 }
                    if p < n { p += 1; line += 1 }
                    position = p
                    return .malformed(line: startLine, message: "field \(fields.count) has text after its closing quote")
                }
            } else {
                let fieldStart = p
                while p < n {
                    let c = bytes[p]
                    if c == Self.comma || c == Self.lf || c == Self.cr { break }
                    p += 1
                }
                fields.append(CSVField(start: fieldStart, end: p, hasDoubledQuotes: false))
            }
            guard p < n else { break }
            let c = bytes[p]
            p += 1
            if c == Self.comma { continue }
            if c == Self.cr, p < n, bytes[p] == Self.lf { p += 1 }
            line += 1
            break
        }
        position = p
        return .record(line: startLine, bytes: start..<p)
    }

    /// Whether the last record was an empty line.
    var isBlankLine: Bool { fields.count == 1 && fields[0].start == fields[0].end }

    /// A field's span without spaces or tabs around it.
    func trimmedRange(of field: CSVField) -> (Int, Int) {
        var s = field.start, e = field.end
        while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
        while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        return (s, e)
    }

    /// A field's bytes without spaces or tabs around them, doubled quotes undone into `scratch`.
    func trimmedBytes<R>(of field: CSVField, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let (s, e) = trimmedRange(of: field)
        guard field.hasDoubledQuotes else { return body(UnsafeBufferPointer(rebasing: bytes[s..<e])) }
        scratch.removeAll(keepingCapacity: true)
        var i = s
        while i < e {
            scratch.append(bytes[i])
            i += bytes[i] == Self.quote ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// Whether these bytes are well-formed UTF-8.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Decoding replaces each ill-formed sequence with U+FFFD, so a round trip that gives
        // back the same bytes means there was none.
        String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes)
    }

    /// Whether any byte is outside ASCII (if none, there is no UTF-8 to check).
    static func hasNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for b in bytes { any |= b }
        return any & 0x80 != 0
    }
}

/// Gives each distinct byte string a small number, so a label repeated on 80,000 lines is
/// decoded and looked up once.
final class ByteInterner {
    private struct Key: Hashable {
        let base: UnsafePointer<UInt8>?
        let count: Int

        static func == (a: Key, b: Key) -> Bool {
            guard a.count == b.count else { return false }
            guard a.count > 0, let x = a.base, let y = b.base else { return true }
            return memcmp(x, y, a.count) == 0
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    private var ids: [Key: Int32] = [:]
    /// Copies of the keys, owned here: the input may not outlive a lookup.
    private var owned: [UnsafeMutablePointer<UInt8>] = []

    deinit { for p in owned { p.deallocate() } }

    var count: Int { owned.count }

    /// The number for these bytes, and whether they were seen for the first time.
    func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        if let id = ids[Key(base: bytes.baseAddress, count: bytes.count)] { return (id, false) }
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        if let base = bytes.baseAddress { copy.initialize(from: base, count: bytes.count) }
        let id = Int32(owned.count)
        owned.append(copy)
        ids[Key(base: UnsafePointer(copy), count: bytes.count)] = id
        return (id, true)
    }
}

/// A count as the statistics write it: a whole number, perhaps as a decimal ("3.0") or in
/// exponent form ("1e+05").
enum CountField: Equatable {
    case value(Int)
    case empty, notANumber, negative, fractional, tooLarge

    static func parse(_ b: UnsafeBufferPointer<UInt8>, largest: Int) -> CountField {
        guard !b.isEmpty else { return .empty }
        var i = 0, negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        var value = 0, digits = 0, tooLarge = false, fractional = false
        while i < b.count, b[i] &- 48 < 10 {
            value = value &* 10 &+ Int(b[i] &- 48)
            if value > largest { tooLarge = true; value = largest + 1 }
            digits += 1; i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] &- 48 < 10 {
                if b[i] != UInt8(ascii: "0") { fractional = true }
                digits += 1; i += 1
            }
        }
        if i < b.count { return exponentForm(b, largest: largest) }
        guard digits > 0 else { return .notANumber }
        if negative && (value != 0 || fractional) { return .negative }
        if fractional { return .fractional }
        return tooLarge ? .tooLarge : .value(value)
    }

    /// The slow path, for "1e+05" and anything else that is not plain digits.
    private static func exponentForm(_ b: UnsafeBufferPointer<UInt8>, largest: Int) -> CountField {
        let text = String(decoding: b, as: UTF8.self)
        guard text.contains(where: { $0 == "e" || $0 == "E" }), let number = Double(text), number.isFinite else {
            return .notANumber
        }
        if number < 0 { return .negative }
        if number.rounded() != number { return .fractional }
        return number > Double(largest) ? .tooLarge : .value(Int(number))
    }
}
