/// A QR code (ISO/IEC 18004, model 2) holding bytes in byte mode: the matrix of dark and
/// light modules, ready to draw. Lantern draws one so a phone can scan an authenticator's
/// setup key; no QR library was in reach, and this one is checked module for module against
/// `qrencode` in the tests.
public struct QRCode: Sendable, Equatable {
    public enum ErrorCorrection: Sendable, CaseIterable {
        /// Recovers about 7%, 15%, 25% and 30% of the codewords.
        case low, medium, quartile, high

        var tableRow: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two bits the format information uses for the level (ISO/IEC 18004 table 12).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    public enum EncodingError: Error, Equatable, Sendable {
        /// Not even the largest allowed version holds this many bytes.
        case tooLong(bytes: Int, capacity: Int)
        case versionOutOfRange
        case maskOutOfRange
    }

    public static let versions = 1...40

    public let version: Int
    public let errorCorrection: ErrorCorrection
    /// The mask pattern (0–7) applied; chosen by the lowest penalty unless one was asked for.
    public let mask: Int
    /// Row by row, `true` for a dark module.
    public let modules: [[Bool]]

    /// Modules along one side (21 for version 1, four more for each version after it).
    public var size: Int { modules.count }

    public func isDark(x: Int, y: Int) -> Bool { modules[y][x] }

    public init(text: String, errorCorrection: ErrorCorrection = .medium, minimumVersion: Int = 1,
                maximumVersion: Int = 40, mask: Int? = nil) throws {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection,
                      minimumVersion: minimumVersion, maximumVersion: maximumVersion, mask: mask)
    }

    /// Encodes the bytes in the smallest version from `minimumVersion` up that holds them.
    public init(bytes: [UInt8], errorCorrection: ErrorCorrection = .medium, minimumVersion: Int = 1,
                maximumVersion: Int = 40, mask: Int? = nil) throws {
        guard Self.versions.contains(minimumVersion), Self.versions.contains(maximumVersion),
              minimumVersion <= maximumVersion else { throw EncodingError.versionOutOfRange }
        if let mask, !(0...7).contains(mask) { throw EncodingError.maskOutOfRange }
        guard let version = (minimumVersion...maximumVersion).first(where: {
            QRCodeCapacity.byteCapacity(version: $0, level: errorCorrection) >= bytes.count
        }) else {
            throw EncodingError.tooLong(bytes: bytes.count,
                                        capacity: QRCodeCapacity.byteCapacity(version: maximumVersion, level: errorCorrection))
        }
        let codewords = Self.codewords(bytes: bytes, version: version, level: errorCorrection)
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.placeData(codewords)
        // The first mask with the lowest penalty, as ISO/IEC 18004 §7.8.3 chooses.
        let chosen = mask ?? (0...7).map { matrix.masked($0, level: errorCorrection).penalty() }
            .enumerated().min { $0.element < $1.element }?.offset ?? 0
        self.version = version
        self.errorCorrection = errorCorrection
        self.mask = chosen
        self.modules = matrix.masked(chosen, level: errorCorrection).rows
    }

    /// The data bit stream (mode, count, bytes, terminator, padding) split into blocks, each
    /// given its error correction, and interleaved as the symbol carries them.
    static func codewords(bytes: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: QRCodeCapacity.byteCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = QRCodeCapacity.dataCodewords(version: version, level: level) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count * 8 < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let blockCount = QRCodeCapacity.blockCount(version: version, level: level)
        let eccLength = QRCodeCapacity.eccCodewordsPerBlock(version: version, level: level)
        let rawCodewords = QRCodeCapacity.rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let generator = QRReedSolomon.generator(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortBlockLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<(offset + length)])
            offset += length
            let ecc = QRReedSolomon.remainder(of: block, generator: generator)
            // Short blocks get a placeholder so every block has the same length to interleave.
            if index < shortBlocks { block.append(0) }
            blocks.append(block + ecc)
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in blocks[0].indices {
            for (index, block) in blocks.enumerated() where column != shortBlockLength - eccLength || index >= shortBlocks {
                result.append(block[column])
            }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
    }
}
