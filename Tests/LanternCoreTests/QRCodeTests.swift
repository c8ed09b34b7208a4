import Foundation
import Testing
@testable import LanternCore

/// The QR encoder, checked module for module against an independent encoder: Debian's
/// `qrencode` (libqrencode), which `scripts/check` installs.
@Suite struct QRCodeTests {
    // MARK: - without the oracle

    /// `qrencode -t ASCII -l M -8 -m 0 hello`, one character per module.
    static let hello = [
        "#######  ##   #######", "#     #  ##   #     #", "# ### #  #  # # ### #", "# ### #   ##  # ### #",
        "# ### #  ## # # ### #", "#     # #  ## #     #", "####### # # # #######", "           ##        ",
        "#  # ## ##   # #     ", "  # ##    #   #    ##", "   ## ####  ##   ## #", "### ##  #  #     # ##",
        " ## # ##  # # # #    ", "        ## #   ## # #", "#######   #  # # ### ", "#     # # #### ##    ",
        "# ### #    #  ###   #", "# ### # ## #   # ####", "# ### #  ## #   # # #", "#     #  ##  ##      ",
        "####### #####  # # # ",
    ]

    @Test func encodesAKnownSymbol() throws {
        let code = try QRCode(text: "hello")
        #expect(code.version == 1)
        #expect(code.errorCorrection == .medium)
        #expect(code.textRows == Self.hello)
    }

    /// ISO/IEC 18004 table 7, byte mode, level M.
    @Test func byteCapacityAtLevelM() {
        let expected = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]
        #expect((1...10).map { QRCodeCapacity.byteCapacity(version: $0, level: .medium) } == expected)
        #expect(QRCodeCapacity.byteCapacity(version: 40, level: .medium) == 2331)
        #expect(QRCodeCapacity.byteCapacity(version: 40, level: .low) == 2953)
        #expect(QRCodeCapacity.byteCapacity(version: 40, level: .high) == 1273)
    }

    @Test func choosesTheSmallestVersionThatHolds() throws {
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 3), minimumVersion: 5).version == 5)
    }

    @Test func refusesWhatDoesNotFit() {
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 2332, capacity: 2331)) {
            try QRCode(bytes: Array(repeating: 0x41, count: 2332))
        }
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 100, capacity: 84)) {
            try QRCode(bytes: Array(repeating: 0x41, count: 100), maximumVersion: 5)
        }
        #expect(throws: QRCode.EncodingError.versionOutOfRange) { try QRCode(text: "x", minimumVersion: 41) }
        #expect(throws: QRCode.EncodingError.maskOutOfRange) { try QRCode(text: "x", mask: 8) }
    }

    /// Every mask gives a different symbol for the same data, and the chosen one is the
    /// one with the lowest penalty.
    @Test func theChosenMaskHasTheLowestPenalty() throws {
        let text = "otpauth://totp/Lantern:someone%40example.org?secret=JBSWY3DPEHPK3PXP"
        let chosen = try QRCode(text: text)
        let all = try (0...7).map { try QRCode(text: text, mask: $0) }
        #expect(Set(all.map(\.textRows)).count == 8)
        #expect(all[chosen.mask] == chosen)
        var matrix = QRMatrix(version: chosen.version)
        matrix.drawFunctionPatterns()
        matrix.placeData(QRCode.codewords(bytes: Array(text.utf8), version: chosen.version, level: .medium))
        let penalties = (0...7).map { matrix.masked($0, level: .medium).penalty() }
        #expect(penalties[chosen.mask] == penalties.min())
        #expect(penalties.firstIndex(of: penalties.min() ?? 0) == chosen.mask)
    }

    @Test func pathDataDrawsEveryDarkModuleOnceInsideTheQuietZone() throws {
        let code = try QRCode(text: "otpauth://totp/Lantern:a%40b.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        let path = code.svgPathData
        #expect(path.hasPrefix("M4 4h7v1h-7z"))  // the top row of the top-left finder
        #expect(path.allSatisfy { "0123456789 Mhvz-".contains($0) })
        let runs = path.split(separator: "z").map { String($0) }
        let drawn = runs.reduce(0) { total, run in total + (Int(run.split(separator: "h")[1].split(separator: "v")[0]) ?? 0) }
        #expect(drawn == code.modules.reduce(0) { $0 + $1.filter { $0 }.count })
        #expect(code.sideWithQuietZone == code.size + 8)
    }

    // MARK: - against qrencode

    static let qrencode: String? = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
        .map { "\($0)/qrencode" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// What the oracle draws, one string per row, `#` dark.
    static func oracle(_ text: String, level: QRCode.ErrorCorrection, minimumVersion: Int) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: qrencode ?? "/usr/bin/qrencode")
        let letter = switch level { case .low: "L"; case .medium: "M"; case .quartile: "Q"; case .high: "H" }
        // -8: the whole input as one byte-mode segment, as Lantern encodes it; input on stdin.
        process.arguments = ["-t", "ASCII", "-l", letter, "-8", "-v", String(minimumVersion), "-m", "0"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // qrencode's ASCII output draws each module two characters wide.
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { row in
            String(row.enumerated().compactMap { $0.offset % 2 == 0 ? ($0.element == "#" ? "#" : " ") : nil })
        }
    }

    /// Inputs of every kind: setup links like Lantern's, UTF-8 text, and seeded random bytes
    /// of lengths that land on every version's edges.
    static func samples() -> [String] {
        var generator = SplitMix64(seed: 20261130)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ234567%&=?:/.-_@ ")
        var result = [
            "otpauth://totp/Lantern:someone%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Lantern&algorithm=SHA1&digits=6&period=30",
            "otpauth://totp/Lantern%20DEMO:modern.slavery.lead%40council.example.gov.uk?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer=Lantern%20DEMO&algorithm=SHA1&digits=6&period=30",
            "Straße – Łódź – 東京 – شكرا",
            "1", "HELLO WORLD",
        ]
        for length in [13, 14, 15, 25, 26, 27, 41, 42, 43, 61, 62, 63, 83, 84, 85, 105, 106, 107, 121, 122, 123, 151, 152, 153,
                       179, 180, 181, 212, 213, 214, 300, 500, 1000] {
            result.append(String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
        return result
    }

    @Test(.enabled(if: qrencode != nil, "qrencode is not installed (Debian package qrencode; scripts/check installs it): the QR oracle comparison is skipped"))
    func matchesQrencodeModuleForModule() throws {
        for text in Self.samples() {
            // Long inputs (large versions, slow in a debug build) at Lantern's level only.
            for level in text.utf8.count > 300 ? [.medium] : QRCode.ErrorCorrection.allCases {
                let ours = try QRCode(text: text, errorCorrection: level)
                let theirs = try Self.oracle(text, level: level, minimumVersion: 1)
                #expect(ours.textRows == theirs, "\(level), \(text.utf8.count) bytes, version \(ours.version), mask \(ours.mask)")
            }
        }
    }

    /// Every version 1–40 at level M, and at the other levels versions 1–10 and every
    /// fifth above, forced as the minimum on both sides.
    @Test(.enabled(if: qrencode != nil, "qrencode is not installed (Debian package qrencode; scripts/check installs it): the QR oracle comparison is skipped"))
    func matchesQrencodeAtEveryVersion() throws {
        var generator = SplitMix64(seed: 7)
        for version in QRCode.versions {
            for level in version <= 10 || version % 5 == 0 ? QRCode.ErrorCorrection.allCases : [.medium] {
                let fits = QRCodeCapacity.byteCapacity(version: version, level: level)
                let length = 1 + Int(generator.next() % UInt64(min(fits, 60)))
                let text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(33 + generator.next() % 94))) })
                let ours = try QRCode(text: text, errorCorrection: level, minimumVersion: version)
                #expect(ours.version == version)
                let theirs = try Self.oracle(text, level: level, minimumVersion: version)
                #expect(ours.textRows == theirs, "\(level), version \(version), mask \(ours.mask)")
            }
        }
    }
}
