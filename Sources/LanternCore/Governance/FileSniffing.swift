import Foundation

/// The kinds of file a meeting's paper may be, each decided by what the file holds (its first
/// bytes, and for the zip-based office formats the parts inside the zip), never by its name.
public enum PaperKind: String, Sendable, CaseIterable, Codable {
    case pdf, docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt, png, jpeg, webp

    /// The media type the file is served with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .ppt: "application/vnd.ms-powerpoint"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        }
    }

    /// The endings a file of this kind may have (lower case, no dot).
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// The kind a file's name claims, from its ending; nil for an ending no paper may have.
    public static func claimed(byName name: String) -> PaperKind? {
        guard let ending = PaperName.ending(of: name) else { return nil }
        return allCases.first { $0.extensions.contains(ending) }
    }
}

/// Why a file was refused as a paper.
public enum PaperProblem: Sendable, Equatable, Error {
    /// Nothing was sent.
    case empty
    /// Larger than the limit (in bytes).
    case tooLarge(limit: Int)
    /// The name's ending is not one papers may have (or there is none).
    case endingNotAllowed(String?)
    /// The content is not what the name's ending says (`found`: what it is, if recognised).
    case notWhatNameSays(claimed: PaperKind, ending: String, found: PaperKind?)
    /// A zip-based office file that would expand to far more than it is, has too many parts,
    /// or cannot be read as a zip.
    case suspiciousArchive
    /// An office file carrying macros (which would run code when opened).
    case containsMacros
}

/// Decides a file's kind from its bytes.
public enum FileSniffing {
    /// The most a zip-based file may claim to expand to, per byte it takes (a zip bomb is far beyond).
    public static let maxExpansionRatio = 200
    /// The most parts a zip-based office file may hold.
    public static let maxZipEntries = 10_000

    /// Checks a file offered as a paper: not empty, within `maxBytes`, its name's ending one
    /// papers may have, and its content of that very kind.
    public static func check(fileName: String, bytes: [UInt8], maxBytes: Int) -> Result<PaperKind, PaperProblem> {
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maxBytes else { return .failure(.tooLarge(limit: maxBytes)) }
        let ending = PaperName.ending(of: fileName)
        guard let claimed = PaperKind.claimed(byName: fileName), let ending else { return .failure(.endingNotAllowed(ending)) }
        switch sniff(bytes) {
        case .success(let found) where found == claimed: return .success(found)
        case .success(let found): return .failure(.notWhatNameSays(claimed: claimed, ending: ending, found: found))
        case .failure(.suspiciousArchive): return .failure(.suspiciousArchive)
        case .failure(.containsMacros): return .failure(.containsMacros)
        case .failure: return .failure(.notWhatNameSays(claimed: claimed, ending: ending, found: nil))
        }
    }

    /// What the bytes are, by content alone; `.failure(.notWhatNameSays)` is never returned
    /// here: an unrecognised file is `.failure(.endingNotAllowed(nil))`.
    public static func sniff(_ bytes: [UInt8]) -> Result<PaperKind, PaperProblem> {
        if starts(bytes, Array("%PDF-".utf8)) { return .success(.pdf) }
        if starts(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .success(.png) }
        if starts(bytes, [0xFF, 0xD8, 0xFF]) { return .success(.jpeg) }
        if bytes.count >= 12, starts(bytes, Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .success(.webp) }
        if starts(bytes, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Word keeps macros in a "Macros" storage, Excel in "_VBA_PROJECT_CUR", both in "VBA".
            if !compoundFileStreamNames(bytes).isDisjoint(with: Self.legacyMacroStorages) { return .failure(.containsMacros) }
            return legacyOffice(bytes).map { .success($0) } ?? .failure(.endingNotAllowed(nil))
        }
        if starts(bytes, [0x50, 0x4B, 0x03, 0x04]) { return zipOffice(bytes) }
        return .failure(.endingNotAllowed(nil))
    }

    static func starts(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[0..<prefix.count].elementsEqual(prefix)
    }

    // MARK: legacy (OLE compound file) office formats

    /// A compound file's main stream names it: Word's "WordDocument", Excel's "Workbook" (or
    /// "Book" before 97), PowerPoint's "PowerPoint Document". The names sit in the directory
    /// sectors in UTF-16LE, the first of them in a 64-byte entry whose length follows.
    /// The storages of a compound file that hold macros (VBA projects).
    static let legacyMacroStorages: Set<String> = ["Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"]

    static func legacyOffice(_ bytes: [UInt8]) -> PaperKind? {
        let names = compoundFileStreamNames(bytes)
        if names.contains("WordDocument") { return .doc }
        if names.contains("Workbook") || names.contains("Book") { return .xls }
        if names.contains("PowerPoint Document") { return .ppt }
        return nil
    }

    /// The names of the entries in a compound file's directory (read from the directory
    /// sector chain's first sector onward, following the FAT; at most 4,096 entries).
    static func compoundFileStreamNames(_ bytes: [UInt8]) -> Set<String> {
        guard bytes.count >= 512 else { return [] }
        let sectorShift = Int(le16(bytes, 30))
        guard (7...16).contains(sectorShift) else { return [] }
        let sectorSize = 1 << sectorShift
        let firstDirectorySector = Int(le32(bytes, 48))
        // The FAT's first 109 sectors are listed in the header.
        let fatSectorCount = min(Int(le32(bytes, 44)), 109)
        var fatSectors: [Int] = []
        for index in 0..<fatSectorCount { fatSectors.append(Int(le32(bytes, 76 + 4 * index))) }
        func offset(ofSector sector: Int) -> Int { (sector + 1) * sectorSize }
        func next(after sector: Int) -> Int? {
            let perSector = sectorSize / 4
            let fatIndex = sector / perSector
            guard fatIndex < fatSectors.count else { return nil }
            let position = offset(ofSector: fatSectors[fatIndex]) + 4 * (sector % perSector)
            guard position + 4 <= bytes.count else { return nil }
            let value = Int(le32(bytes, position))
            return value >= 0xFFFF_FFFA ? nil : value
        }
        var names: Set<String> = []
        var sector: Int? = firstDirectorySector
        var visited: Set<Int> = []
        while let current = sector, current < 0xFFFF_FFFA, !visited.contains(current), visited.count < 4096 / max(1, sectorSize / 128) {
            visited.insert(current)
            let start = offset(ofSector: current)
            guard start + sectorSize <= bytes.count else { break }
            for entry in stride(from: start, to: start + sectorSize, by: 128) {
                let length = Int(le16(bytes, entry + 64))
                guard length >= 2, length <= 64 else { continue }
                var units: [UInt16] = []
                for index in stride(from: 0, to: length - 2, by: 2) { units.append(le16(bytes, entry + index)) }
                names.insert(String(decoding: units, as: UTF16.self))
            }
            sector = next(after: current)
        }
        return names
    }

    // MARK: zip-based office formats (OOXML, OpenDocument)

    /// One entry of a zip's central directory.
    struct ZipEntry {
        let name: String
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
        let method: Int
    }

    /// Reads the zip's central directory (never expanding anything) and decides: OpenDocument
    /// by its first part `mimetype` (stored, holding the type), OOXML by `[Content_Types].xml`
    /// with the part folder of its kind. Refuses a directory that claims far more than the
    /// file holds, or too many parts.
    static func zipOffice(_ bytes: [UInt8]) -> Result<PaperKind, PaperProblem> {
        guard let entries = zipEntries(bytes) else { return .failure(.suspiciousArchive) }
        guard entries.count <= maxZipEntries else { return .failure(.suspiciousArchive) }
        let expanded = entries.reduce(0) { $0 + $1.uncompressedSize }
        guard expanded <= max(bytes.count, 1) * maxExpansionRatio else { return .failure(.suspiciousArchive) }
        for entry in entries where entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > 1_000 {
            return .failure(.suspiciousArchive)
        }
        let names = Set(entries.map(\.name))
        // OpenDocument keeps macros under Basic/ and scripts under Scripts/.
        if names.contains(where: { $0.hasPrefix("Basic/") || $0.hasPrefix("Scripts/") }) { return .failure(.containsMacros) }
        if let first = entries.min(by: { $0.localHeaderOffset < $1.localHeaderOffset }), first.name == "mimetype", first.method == 0,
           let type = storedContent(of: first, in: bytes) {
            switch type {
            case PaperKind.odt.mediaType: return .success(.odt)
            case PaperKind.ods.mediaType: return .success(.ods)
            case PaperKind.odp.mediaType: return .success(.odp)
            default: return .failure(.endingNotAllowed(nil))
            }
        }
        guard names.contains("[Content_Types].xml") else { return .failure(.endingNotAllowed(nil)) }
        if names.contains(where: { $0.lowercased().hasSuffix("vbaproject.bin") }) { return .failure(.containsMacros) }
        if names.contains("word/document.xml") || names.contains(where: { $0.hasPrefix("word/") }) { return .success(.docx) }
        if names.contains("xl/workbook.xml") || names.contains(where: { $0.hasPrefix("xl/") }) { return .success(.xlsx) }
        if names.contains("ppt/presentation.xml") || names.contains(where: { $0.hasPrefix("ppt/") }) { return .success(.pptx) }
        return .failure(.endingNotAllowed(nil))
    }

    /// The central directory's entries, from the end-of-central-directory record; nil when
    /// the zip cannot be read (or is Zip64, which no paper needs).
    static func zipEntries(_ bytes: [UInt8]) -> [ZipEntry]? {
        let count = bytes.count
        guard count >= 22 else { return nil }
        // The record is 22 bytes plus a comment of up to 65,535.
        var end: Int?
        var position = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while position >= lowest {
            if le32(bytes, position) == 0x0605_4B50 { end = position; break }
            position -= 1
        }
        guard let end else { return nil }
        let total = Int(le16(bytes, end + 10))
        let directorySize = Int(le32(bytes, end + 12))
        let directoryOffset = Int(le32(bytes, end + 16))
        guard total != 0xFFFF, directoryOffset != 0xFFFF_FFFF, directoryOffset + directorySize <= end else { return nil }
        var entries: [ZipEntry] = []
        var cursor = directoryOffset
        for _ in 0..<total {
            guard cursor + 46 <= count, le32(bytes, cursor) == 0x0201_4B50 else { return nil }
            let method = Int(le16(bytes, cursor + 10))
            let compressed = Int(le32(bytes, cursor + 20))
            let uncompressed = Int(le32(bytes, cursor + 24))
            let nameLength = Int(le16(bytes, cursor + 28))
            let extraLength = Int(le16(bytes, cursor + 30))
            let commentLength = Int(le16(bytes, cursor + 32))
            let localOffset = Int(le32(bytes, cursor + 42))
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF,
                  cursor + 46 + nameLength <= count else { return nil }
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            entries.append(ZipEntry(name: name, compressedSize: compressed, uncompressedSize: uncompressed,
                                    localHeaderOffset: localOffset, method: method))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// A stored (not compressed) entry's content as text, read through its local header.
    static func storedContent(of entry: ZipEntry, in bytes: [UInt8]) -> String? {
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, le32(bytes, header) == 0x0403_4B50, entry.compressedSize <= 200 else { return nil }
        let start = header + 30 + Int(le16(bytes, header + 26)) + Int(le16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else { return nil }
        return String(decoding: bytes[start..<(start + entry.compressedSize)], as: UTF8.self)
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

/// A paper's file name as people see it, and as it is offered for download.
public enum PaperName {
    /// The name's ending, lower case, without the dot; nil when there is none.
    public static func ending(of name: String) -> String? {
        let base = sanitised(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        let ending = base[base.index(after: dot)...].lowercased()
        return ending.isEmpty ? nil : ending
    }

    /// The name without any folder part, control or separator characters, at most 150
    /// characters (its ending kept); "paper" when nothing is left.
    public static func sanitised(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter {
            !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format
              || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator
              || "\"<>:|?*".unicodeScalars.contains($0))
        })).trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.count > 150 {
            if let dot = cleaned.lastIndex(of: "."), cleaned.distance(from: dot, to: cleaned.endIndex) <= 10 {
                let ending = String(cleaned[dot...])
                cleaned = String(cleaned.prefix(150 - ending.count)) + ending
            } else {
                cleaned = String(cleaned.prefix(150))
            }
        }
        return cleaned.isEmpty ? "paper" : cleaned
    }

    /// The `Content-Disposition` value: always an attachment, with an ASCII fallback name and
    /// the UTF-8 name percent-encoded (RFC 6266, RFC 8187).
    public static func contentDisposition(for name: String) -> String {
        let clean = sanitised(name)
        let ascii = String(clean.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\\" && $0 != "\"" && $0 != "%" ? Character($0) : "_" })
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let encoded = clean.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : "%" + hex($0) }.joined()
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
