import Foundation
import Testing
@testable import LanternCore

/// Papers are what their content says, and nothing else; the quorum counts the right people;
/// meeting forms are checked field by field in London time.
@Suite struct PaperSniffingTests {
    static let limit = 1_000_000

    /// A compound (OLE) file with one stream named `stream`: header, one FAT sector, one
    /// directory sector.
    static func compoundFile(stream: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 512 * 3)
        let header: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        bytes.replaceSubrange(0..<8, with: header)
        func put16(_ value: Int, _ at: Int) { bytes[at] = UInt8(value & 0xFF); bytes[at + 1] = UInt8(value >> 8 & 0xFF) }
        func put32(_ value: UInt32, _ at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(value >> (8 * UInt32(i)) & 0xFF) } }
        put16(0x3E, 24); put16(3, 26); put16(0xFFFE, 28); put16(9, 30); put16(6, 32)
        put32(1, 44); put32(1, 48)
        put32(0, 76)
        for index in 1..<109 { put32(0xFFFF_FFFF, 76 + 4 * index) }
        for index in 0..<128 { put32(0xFFFF_FFFF, 512 + 4 * index) }
        put32(0xFFFF_FFFD, 512); put32(0xFFFF_FFFE, 516)
        func entry(_ name: String, _ index: Int) {
            let base = 1024 + 128 * index
            let units = Array(name.utf16)
            for (i, unit) in units.enumerated() { put16(Int(unit), base + 2 * i) }
            put16(2 * (units.count + 1), base + 64)
        }
        entry("Root Entry", 0)
        entry(stream, 1)
        return bytes
    }

    static let samples: [(name: String, bytes: [UInt8], kind: PaperKind)] = [
        ("Agenda.pdf", PaperSamples.pdf(text: "Board agenda"), .pdf),
        ("Report.docx", PaperSamples.officeOpenXML(folder: "word", main: "document.xml"), .docx),
        ("Figures.xlsx", PaperSamples.officeOpenXML(folder: "xl", main: "workbook.xml"), .xlsx),
        ("Slides.pptx", PaperSamples.officeOpenXML(folder: "ppt", main: "presentation.xml"), .pptx),
        ("Notes.odt", PaperSamples.openDocument(.odt), .odt),
        ("Budget.ods", PaperSamples.openDocument(.ods), .ods),
        ("Talk.odp", PaperSamples.openDocument(.odp), .odp),
        ("Old.doc", compoundFile(stream: "WordDocument"), .doc),
        ("Old.xls", compoundFile(stream: "Workbook"), .xls),
        ("Old.ppt", compoundFile(stream: "PowerPoint Document"), .ppt),
        ("Map.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 20), .png),
        ("Photo.JPG", [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 20), .jpeg),
        ("Photo.jpeg", [0xFF, 0xD8, 0xFF, 0xE1] + [UInt8](repeating: 0, count: 20), .jpeg),
        ("Chart.webp", Array("RIFF".utf8) + [0x10, 0, 0, 0] + Array("WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 8), .webp),
    ]

    @Test(arguments: samples.indices)
    func everyFormatIsKnownByItsContent(index: Int) {
        let sample = Self.samples[index]
        #expect(FileSniffing.check(fileName: sample.name, bytes: sample.bytes, maxBytes: Self.limit) == .success(sample.kind))
        #expect(PaperKind.allCases.contains(sample.kind))
    }

    @Test func aFileWhoseContentIsAnotherKindIsRefusedWithWhatItClaims() {
        let html = Array("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8)
        #expect(FileSniffing.check(fileName: "minutes.pdf", bytes: html, maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .pdf, ending: "pdf", found: nil)))
        let exe = Array("MZ".utf8) + [UInt8](repeating: 0x90, count: 200)
        #expect(FileSniffing.check(fileName: "report.pdf", bytes: exe, maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .pdf, ending: "pdf", found: nil)))
        #expect(FileSniffing.check(fileName: "setup.exe", bytes: exe, maxBytes: Self.limit) == .failure(.endingNotAllowed("exe")))
        #expect(FileSniffing.check(fileName: "page.html", bytes: html, maxBytes: Self.limit) == .failure(.endingNotAllowed("html")))
        #expect(FileSniffing.check(fileName: "noending", bytes: html, maxBytes: Self.limit) == .failure(.endingNotAllowed(nil)))
        // A real PDF named as a Word document, a docx named .xlsx, an odt named .docx.
        #expect(FileSniffing.check(fileName: "a.docx", bytes: PaperSamples.pdf(text: "x"), maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .docx, ending: "docx", found: .pdf)))
        #expect(FileSniffing.check(fileName: "a.xlsx", bytes: PaperSamples.officeOpenXML(folder: "word", main: "document.xml"), maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .xlsx, ending: "xlsx", found: .docx)))
        #expect(FileSniffing.check(fileName: "a.docx", bytes: PaperSamples.openDocument(.odt), maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .docx, ending: "docx", found: .odt)))
        // Any zip is not a docx: it needs [Content_Types].xml and word/.
        let plainZip = PaperSamples.storedZip([("word/document.xml", Array("x".utf8))])
        #expect(FileSniffing.check(fileName: "a.docx", bytes: plainZip, maxBytes: Self.limit)
                == .failure(.notWhatNameSays(claimed: .docx, ending: "docx", found: nil)))
        // A GIF is not among the images papers may be.
        #expect(FileSniffing.check(fileName: "a.gif", bytes: Array("GIF89a".utf8) + [0, 0], maxBytes: Self.limit) == .failure(.endingNotAllowed("gif")))
    }

    @Test func emptyOversizeMacroAndBombLikeFilesAreRefused() {
        #expect(FileSniffing.check(fileName: "a.pdf", bytes: [], maxBytes: Self.limit) == .failure(.empty))
        let big = PaperSamples.pdf(text: "x") + [UInt8](repeating: 0x20, count: 2000)
        #expect(FileSniffing.check(fileName: "a.pdf", bytes: big, maxBytes: 1000) == .failure(.tooLarge(limit: 1000)))
        #expect(FileSniffing.check(fileName: "a.pdf", bytes: big, maxBytes: big.count) == .success(.pdf))
        let macros = PaperSamples.storedZip([("[Content_Types].xml", Array("x".utf8)), ("word/document.xml", Array("x".utf8)),
                                             ("word/vbaProject.bin", Array("x".utf8))])
        #expect(FileSniffing.check(fileName: "a.docx", bytes: macros, maxBytes: Self.limit) == .failure(.containsMacros))
        // An OpenDocument file with a Basic macro library or scripts.
        for folder in ["Basic/Standard/Module1.xml", "Scripts/python/run.py"] {
            let odf = PaperSamples.storedZip([("mimetype", Array(PaperKind.odt.mediaType.utf8)), ("content.xml", Array("x".utf8)),
                                              (folder, Array("x".utf8))])
            #expect(FileSniffing.check(fileName: "a.odt", bytes: odf, maxBytes: Self.limit) == .failure(.containsMacros))
        }
        // A central directory claiming a part expands to 4 GB from a few bytes.
        var bomb = PaperSamples.officeOpenXML(folder: "word", main: "document.xml")
        let directory = bomb.count - 22 - centralSize(bomb)
        let uncompressedAt = directory + 24
        for i in 0..<4 { bomb[uncompressedAt + i] = [0xFE, 0xFF, 0xFF, 0xFF][i] }
        #expect(FileSniffing.check(fileName: "a.docx", bytes: bomb, maxBytes: Self.limit) == .failure(.suspiciousArchive))
        // A zip cut short (no central directory) cannot be read.
        let cut = Array(PaperSamples.officeOpenXML(folder: "word", main: "document.xml").prefix(60))
        #expect(FileSniffing.check(fileName: "a.docx", bytes: cut, maxBytes: Self.limit) == .failure(.suspiciousArchive))
    }

    static func centralSize(_ zip: [UInt8]) -> Int {
        let end = zip.count - 22
        return Int(zip[end + 12]) | Int(zip[end + 13]) << 8 | Int(zip[end + 14]) << 16 | Int(zip[end + 15]) << 24
    }

    func centralSize(_ zip: [UInt8]) -> Int { Self.centralSize(zip) }

    @Test func downloadNamesAreCleanedAndEncoded() {
        #expect(PaperName.sanitised("../../etc/passwd") == "passwd")
        #expect(PaperName.sanitised("C:\\board\\paper.pdf") == "paper.pdf")
        #expect(PaperName.sanitised("a\u{0}b\r\n\"c\".pdf") == "abc.pdf")
        #expect(PaperName.sanitised("...") == "paper")
        #expect(PaperName.sanitised(String(repeating: "x", count: 400) + ".pdf").count == 150)
        #expect(PaperName.sanitised(String(repeating: "x", count: 400) + ".pdf").hasSuffix(".pdf"))
        let header = PaperName.contentDisposition(for: "Réunion \"du\" conseil.pdf")
        #expect(header == "attachment; filename=\"R_union du conseil.pdf\"; filename*=UTF-8''R%C3%A9union%20du%20conseil.pdf")
        #expect(PaperName.ending(of: "Report.Final.DOCX") == "docx")
        #expect(PaperName.ending(of: ".pdf") == nil)
    }
}

@Suite struct QuorumTests {
    @Test func countingMembersPresentAgainstTheQuorum() {
        let five = [GroupRole.chair, .viceChair, .member, .member, .member].map { Attendee(status: .present, role: $0) }
        let others = [Attendee(status: .present, role: .secretariat), Attendee(status: .present, role: .observer),
                      Attendee(status: .present, role: .adviser), Attendee(status: .present, role: nil),
                      Attendee(status: .apologies, role: .member), Attendee(status: .absent, role: .member)]
        #expect(Quorum.assess(five + others, quorum: 4) == .quorate(present: 5, quorum: 4))
        #expect(Quorum.assess(five + others, quorum: 5) == .quorate(present: 5, quorum: 5))
        #expect(Quorum.assess(five + others, quorum: 6) == .notQuorate(present: 5, quorum: 6))
        #expect(Quorum.assess(others, quorum: 1) == .notQuorate(present: 0, quorum: 1))
        #expect(Quorum.assess(others, quorum: 0) == .notQuorate(present: 0, quorum: 1))
        #expect(Quorum.assess(five, quorum: nil) == .noQuorumSet(present: 5))
        #expect(Quorum.assess([], quorum: 3).isQuorate == false)
    }
}

@Suite struct MeetingFormRulesTests {
    static func draft(date: String = "2026-03-03", start: String = "10:00", end: String = "12:00", place: String = "City Hall",
                      link: String = "", status: String = "scheduled", title: String = "Board meeting") -> MeetingDraft {
        MeetingDraft(title: title, date: date, startTime: start, endTime: end, place: place, link: link, isPublic: true, status: status)
    }

    static func fields(_ draft: MeetingDraft) -> [String] {
        if case .failure(let problems) = MeetingRules.check(draft) { return problems.items.map(\.field) }
        return []
    }

    @Test func timesAreLondonTimes() throws {
        // 3 March is GMT; 3 July is BST (an hour ahead of UTC).
        guard case .success(let winter) = MeetingRules.check(Self.draft()) else { Issue.record("refused"); return }
        #expect(winter.startsAt == Date(timeIntervalSince1970: 1_772_532_000))
        guard case .success(let summer) = MeetingRules.check(Self.draft(date: "2026-07-03")) else { Issue.record("refused"); return }
        #expect(summer.startsAt == Date(timeIntervalSince1970: 1_783_069_200))
        #expect(LondonTime.wallClock(summer.startsAt).time == "10:00")
        #expect(LondonTime.wallClock(summer.startsAt).day.iso == "2026-07-03")
        // 01:30 on 29 March 2026 does not exist in London.
        #expect(Self.fields(Self.draft(date: "2026-03-29", start: "01:30", end: "03:00")) == ["startTime"])
    }

    @Test func badInputIsRefusedFieldByField() {
        #expect(Self.fields(Self.draft(title: "  ")) == ["title"])
        #expect(Self.fields(Self.draft(date: "2026-02-30")) == ["date"])
        #expect(Self.fields(Self.draft(start: "25:00")) == ["startTime"])
        #expect(Self.fields(Self.draft(start: "12:00", end: "11:00")) == ["endTime"])
        #expect(Self.fields(Self.draft(place: "", link: "")) == ["place"])
        #expect(Self.fields(Self.draft(link: "http://meet.example.org/x")) == ["link"])
        #expect(Self.fields(Self.draft(link: "javascript:alert(1)")) == ["link"])
        #expect(Self.fields(Self.draft(link: "https://user:pw@meet.example.org")) == ["link"])
        #expect(Self.fields(Self.draft(status: "postponed")) == ["status"])
        #expect(Self.fields(Self.draft(place: "", link: "https://meet.example.org/board")) == [])
    }

    @Test func movingAnItemSwapsItWithItsNeighbour() {
        #expect(MeetingRules.moved(["a", "b", "c"], from: 1, by: -1) == ["b", "a", "c"])
        #expect(MeetingRules.moved(["a", "b", "c"], from: 1, by: 1) == ["a", "c", "b"])
        #expect(MeetingRules.moved(["a", "b", "c"], from: 0, by: -1) == nil)
        #expect(MeetingRules.moved(["a", "b", "c"], from: 2, by: 1) == nil)
    }
}
