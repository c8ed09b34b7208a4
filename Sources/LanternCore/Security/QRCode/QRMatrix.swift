/// The module grid of a QR symbol while it is built: function patterns, data placement,
/// masking with format information, and the penalty that chooses the mask
/// (ISO/IEC 18004 §7.6–7.9).
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row by row, `true` for dark: the module at (x, y) is at `y * size + x`.
    private(set) var modules: [Bool]
    /// Modules that belong to finder, timing, alignment, format or version patterns.
    private var reserved: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: false, count: size * size)
        reserved = modules
    }

    var rows: [[Bool]] { (0..<size).map { y in Array(modules[(y * size)..<((y + 1) * size)]) } }

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        reserved[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        drawFinder(x: 3, y: 3)
        drawFinder(x: size - 4, y: 3)
        drawFinder(x: 3, y: size - 4)
        let positions = QRCodeCapacity.alignmentPositions(version: version)
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                for dy in -2...2 { for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(0)  // reserves the area; the real bits come with the mask
        drawVersion()
    }

    /// A finder pattern with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(x: Int, y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let (column, row) = (x + dx, y + dy)
                if (0..<size).contains(column), (0..<size).contains(row) { set(column, row, distance != 2 && distance != 4) }
            }
        }
    }

    /// Fifteen bits: the level and mask, a BCH(15,5) remainder, XORed with 0x5412; twice.
    mutating func drawFormat(_ data: Int) {
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)  // the dark module, always dark
    }

    /// From version 7: the version number and a BCH(18,6) remainder, in two 6×3 blocks.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = (version << 12) | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let (a, b) = (size - 11 + i % 3, i / 3)
            set(a, b, dark)
            set(b, a, dark)
        }
    }

    /// Codeword bits in two-module columns, zigzagging up and down from the bottom right,
    /// stepping over the vertical timing pattern and every reserved module.
    mutating func placeData(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in stride(from: right, through: right - 1, by: -1) where !reserved[y * size + x] && index < total {
                    modules[y * size + x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    static func maskApplies(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// A copy with the mask applied to the data modules and the format information drawn.
    func masked(_ mask: Int, level: QRCode.ErrorCorrection) -> QRMatrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !reserved[y * size + x] && Self.maskApplies(mask, x: x, y: y) {
                copy.modules[y * size + x].toggle()
            }
        }
        copy.drawFormat(level.formatBits << 3 | mask)
        return copy
    }

    /// The four penalty rules of ISO/IEC 18004 §7.8.3 as `qrencode` reads them, so both
    /// choose the same mask: runs of five or more (3 + the excess), each 2×2 block of one
    /// colour (3), each dark:light:dark:light:dark run of 1:1:3:1:1 (at any scale) with four
    /// light modules, or the symbol's edge, on at least one side (40), and 10 for every full
    /// 5% the dark share, rounded to a whole percent, is away from 50%.
    func penalty() -> Int {
        var total = 0
        var runs: [Int] = []
        runs.reserveCapacity(size + 1)
        for y in 0..<size { total += linePenalty(&runs, start: y * size, step: 1) }
        for x in 0..<size { total += linePenalty(&runs, start: x, step: size) }
        var dark = 0
        for y in 0..<size {
            for x in 0..<size {
                let here = y * size + x
                let colour = modules[here]
                if colour { dark += 1 }
                guard x > 0, y > 0 else { continue }
                if colour == modules[here - 1], colour == modules[here - size], colour == modules[here - size - 1] { total += 3 }
            }
        }
        let all = size * size
        let percent = (200 * dark + all) / all / 2
        total += abs(percent - 50) / 5 * 10
        return total
    }

    /// Rules 1 and 3 along one row (step 1) or column (step `size`); `runs` is scratch space.
    private func linePenalty(_ runs: inout [Int], start: Int, step: Int) -> Int {
        // Run lengths, light first: a line that starts dark begins with an empty light run,
        // so dark runs always sit at odd indices.
        runs.removeAll(keepingCapacity: true)
        var colour = modules[start]
        runs.append(colour ? 0 : 1)
        if colour { runs.append(1) }
        for i in 1..<size {
            let next = modules[start + i * step]
            if next == colour {
                runs[runs.count - 1] += 1
            } else {
                runs.append(1)
                colour = next
            }
        }
        var total = 0
        for run in runs where run >= 5 { total += run - 2 }
        for i in stride(from: 3, to: runs.count - 2, by: 2) where runs[i] % 3 == 0 {
            let unit = runs[i] / 3
            guard runs[i - 2] == unit, runs[i - 1] == unit, runs[i + 1] == unit, runs[i + 2] == unit else { continue }
            // The first and last runs touch the edge, which counts as light however short they are.
            let lightBefore = i == 3 || runs[i - 3] >= 4 * unit
            let lightAfter = i + 4 >= runs.count || runs[i + 3] >= 4 * unit
            if lightBefore || lightAfter { total += 40 }
        }
        return total
    }
}
