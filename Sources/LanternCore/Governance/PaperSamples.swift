import Foundation

/// Small well-formed files, for the demo's papers and for tests of the sniffing rules: a
/// one-page PDF and a zip of stored (uncompressed) parts.
public enum PaperSamples {
    /// A one-page PDF saying `text` (ASCII letters, digits and spaces are kept; anything else
    /// becomes a space), with a correct cross-reference table.
    public static func pdf(text: String) -> [UInt8] {
        let safe = String(text.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " .,-:".unicodeScalars.contains($0)) ? Character($0) : " " })
        let stream = "BT /F1 14 Tf 72 720 Td (\(safe)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            out += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }

    /// A zip holding `entries` stored as they are, in order, with a central directory.
    public static func storedZip(_ entries: [(name: String, content: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32, _ into: inout [UInt8]) { into += (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.content)
            let offset = out.count
            le32(0x0403_4B50, &out); le16(20, &out); le16(0, &out); le16(0, &out); le16(0, &out); le16(0, &out)
            le32(crc, &out); le32(UInt32(entry.content.count), &out); le32(UInt32(entry.content.count), &out)
            le16(name.count, &out); le16(0, &out)
            out += name + entry.content
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0, &central); le16(0, &central)
            le16(0, &central); le16(0, &central)
            le32(crc, &central); le32(UInt32(entry.content.count), &central); le32(UInt32(entry.content.count), &central)
            le16(name.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
            le32(0, &central); le32(UInt32(offset), &central)
            central += name
        }
        let directoryOffset = out.count
        out += central
        le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(entries.count, &out); le16(entries.count, &out)
        le32(UInt32(central.count), &out); le32(UInt32(directoryOffset), &out); le16(0, &out)
        return out
    }

    /// An OpenDocument text's parts (its `mimetype` first and stored, as the format requires).
    public static func openDocument(_ kind: PaperKind) -> [UInt8] {
        storedZip([("mimetype", Array(kind.mediaType.utf8)),
                   ("META-INF/manifest.xml", Array("<?xml version=\"1.0\"?><manifest:manifest/>".utf8)),
                   ("content.xml", Array("<?xml version=\"1.0\"?><office:document-content/>".utf8))])
    }

    /// An Office Open XML file's minimal parts: `[Content_Types].xml` and its part folder
    /// (`word/`, `xl/` or `ppt/`).
    public static func officeOpenXML(folder: String, main: String) -> [UInt8] {
        storedZip([("[Content_Types].xml", Array("<?xml version=\"1.0\"?><Types/>".utf8)),
                   ("_rels/.rels", Array("<?xml version=\"1.0\"?><Relationships/>".utf8)),
                   ("\(folder)/\(main)", Array("<?xml version=\"1.0\"?><document/>".utf8))])
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
