import Foundation
import Testing
import LanternCore

@Suite struct PerturbationTableTests {
    /// Every rule of a row, for counts well past the shared row: exactly zero mean, noise
    /// within ±D, 0 published as 0, nothing negative, nothing in 1..<T; and, unless the window
    /// is too wide for it, every value the window allows does occur (so no published value
    /// rules out a count that could cause it). Problems are gathered and reported per table:
    /// an expectation per key would make the sweep slow in debug builds.
    static func checkRules(_ table: PerturbationTable, fullSupport: Bool = true) {
        let (d, t) = (table.maximumNoise, table.threshold)
        var problems: [String] = []
        for count in 0...(table.sharedRowFrom + 20) {
            var sum = 0
            var seen: Set<Int> = []
            for key in 0..<256 {
                let shown = table.published(count: count, cellKey: CellKey(keySum: key))
                sum += shown
                seen.insert(shown)
                if shown - count != table.noise(count: count, cellKey: CellKey(keySum: key)) { problems.append("\(count)/\(key): noise") }
                if abs(shown - count) > d { problems.append("\(count)/\(key): \(shown) is beyond ±\(d)") }
                if shown < 0 { problems.append("\(count)/\(key): negative") }
                if shown != 0 && shown < t { problems.append("\(count)/\(key): \(shown) is under \(t)") }
                if count == 0 && shown != 0 { problems.append("0/\(key): \(shown)") }
            }
            if sum != 256 * count { problems.append("row \(count) sums to \(sum), not \(256 * count)") }
            let allowed = Set((max(0, count - d)...(count + d)).filter { $0 == 0 || $0 >= t })
            let exactOnly = count == 0 || allowed.min() == count || allowed.max() == count
            if exactOnly ? seen != [count] : fullSupport ? seen != allowed : !seen.isSubset(of: allowed) {
                problems.append("row \(count) uses \(seen.sorted()), allowed \(allowed.sorted())")
            }
            let outcomes = table.outcomes(count: count)
            if outcomes.reduce(0, { $0 + $1.keys }) != 256 || Set(outcomes.map(\.published)) != seen {
                problems.append("row \(count): outcomes \(outcomes)")
            }
        }
        #expect(problems.isEmpty, "D = \(d), T = \(t): \(problems.prefix(10))")
    }

    @Test func theStandardTableKeepsEveryRule() throws {
        let table = try PerturbationTable()
        #expect(table.maximumNoise == 5 && table.threshold == 5 && table.sharedRowFrom == 10)
        Self.checkRules(table)
        // Far above the shared row too, and the pattern is the shared row's shifted.
        for count in [11, 57, 1000, 123_456] {
            for key in 0..<256 {
                let cellKey = CellKey(keySum: key)
                #expect(table.noise(count: count, cellKey: cellKey) == table.noise(count: 10, cellKey: cellKey))
            }
        }
        #expect(table.published(count: -3, cellKey: CellKey(keySum: 7)) == 0, "a negative count reads as 0")
    }

    /// Where the whole window is allowed the noise is as flat as 256 slots allow: each of the
    /// 11 values −5…5 on 23 or 24 keys. A true 1 is mostly 0, otherwise 5 or 6.
    @Test func rowsAreAsSpreadAsTheRulesAllow() throws {
        let table = try PerturbationTable()
        let shared = table.outcomes(count: 40)
        #expect(shared.map(\.published) == Array(35...45))
        #expect(shared.allSatisfy { (23...24).contains($0.keys) }, "\(shared)")
        let one = table.outcomes(count: 1)
        #expect(one.map(\.published) == [0, 5, 6])
        #expect(table.summary.contains("No figure from 1 to 4 is ever shown"))
        print("ptable D = 5, T = 5, keys out of 256 per published value:")
        for count in 0...11 {
            let outcomes = table.outcomes(count: count)
            let spread = outcomes.reduce(0.0) { $0 + Double($1.keys) * Double(($1.published - count) * ($1.published - count)) } / 256
            print("  \(count): " + outcomes.map { "\($0.published)×\($0.keys)" }.joined(separator: " ")
                  + String(format: "   (noise variance %.2f)", spread))
        }
    }

    /// Many parameter choices, not just the standard one. D ≥ T always works; D = T − 1 works
    /// when 256 slots can hit the mean of a count of 1 exactly.
    @Test func otherParametersKeepEveryRuleOrAreRefused() {
        var refused: [String] = []
        for threshold in [1, 2, 3, 4, 5, 6, 8, 10] {
            for maximumNoise in Set([threshold - 1, threshold, threshold + 1, threshold + 3, threshold + 6].map { max(0, $0) }).sorted() {
                do {
                    let table = try PerturbationTable(maximumNoise: maximumNoise, threshold: threshold)
                    Self.checkRules(table)
                } catch {
                    #expect(maximumNoise < threshold, "D = \(maximumNoise), T = \(threshold) refused: \(error)")
                    #expect(error == .noExactRow(count: 1))
                    refused.append("D=\(maximumNoise),T=\(threshold)")
                }
            }
        }
        print("refused as not exactly zero-mean: \(refused.joined(separator: " "))")
        #expect(throws: PerturbationTable.Failure.noiseTooSmallForThreshold(maximumNoise: 3, threshold: 5)) {
            try PerturbationTable(maximumNoise: 3, threshold: 5)
        }
        #expect(throws: PerturbationTable.Failure.noiseOutOfRange(-1)) { try PerturbationTable(maximumNoise: -1, threshold: 1) }
        #expect(throws: PerturbationTable.Failure.noiseOutOfRange(128)) { try PerturbationTable(maximumNoise: 128, threshold: 5) }
        #expect(throws: PerturbationTable.Failure.thresholdOutOfRange(0)) { try PerturbationTable(maximumNoise: 5, threshold: 0) }
        // The widest windows still build and keep the rules, though a small count can no longer
        // reach every value in its window.
        let table = try? PerturbationTable(maximumNoise: 127, threshold: 10)
        #expect(table != nil)
        if let table { Self.checkRules(table, fullSupport: false) }
    }

    /// The same parameters give the same table, and these exact values, on every machine and
    /// toolchain: published figures must not change when the server is rebuilt. If this fails
    /// after a change to the construction, every figure ever published changes with it.
    @Test func theTableIsFixed() throws {
        let table = try PerturbationTable()
        #expect(try PerturbationTable() == table)
        let sample = (0...11).map { count in (0..<12).map { table.noise(count: count, cellKey: CellKey(keySum: $0 * 21)) } }
        #expect(sample == Self.pinned)
    }

    static let pinned: [[Int]] = [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [4, -1, -1, -1, -1, -1, -1, -1, 4, 4, 4, -1],
        [-2, 4, 4, -2, -2, 3, 4, -2, -2, -2, -2, -2],
        [2, 2, -3, -3, -3, -3, 2, -3, -3, -3, 2, 3],
        [-4, 2, 3, -4, 4, 2, 2, 3, 1, 2, 4, 1],
        [0, -5, 0, 0, 1, 0, -5, 1, 2, 4, -5, -5],
        [-1, -1, -1, -1, 0, 2, -1, 0, -1, 1, -1, 0],
        [4, 0, -2, -2, 1, 5, 0, -2, -2, -2, -2, 0],
        [0, 5, 3, -3, -3, -3, -2, 1, -3, 2, -3, -2],
        [-2, 2, 5, -4, 1, -3, 1, -3, -4, 4, -3, -3],
        [5, -4, -1, 4, -4, 4, 3, -3, -5, -3, -5, -3],
        [5, -4, -1, 4, -4, 4, 3, -3, -5, -3, -5, -3],
    ]
}

@Suite struct CellKeyTests {
    @Test func cellKeysAreKeySumsModulo256() {
        #expect(CellKey(keySum: 0).value == 0)
        #expect(CellKey(keySum: 256 * 7 + 13).value == 13)
        #expect(CellKey(keySum: -1).value == 255)
        var random = SyntheticRandom(seed: 0xCE11_0001)
        for _ in 0..<200 {
            let keys = (0..<random.int(0...40)).map { _ in RecordKey.random(using: &random) }
            let sum = keys.reduce(0) { $0 + $1.value }
            #expect(CellKey(records: keys) == CellKey(keySum: sum))
            #expect(KeyedCount(count: keys.count, keySum: sum).cellKey == CellKey(keySum: sum))
        }
        let a = KeyedCount(count: 3, keySum: 400), b = KeyedCount(count: 2, keySum: 300)
        #expect(a + b == KeyedCount(count: 5, keySum: 700))
        #expect((a + b).cellKey.value == (a.cellKey.value + b.cellKey.value) % 256, "keys add up")
    }

    @Test func recordKeysAreBytesAndRoundTrip() throws {
        #expect(RecordKey(-1) == nil && RecordKey(256) == nil && RecordKey(255)?.value == 255)
        var random = SyntheticRandom(seed: 0xCE11_0002)
        var seen = Array(repeating: 0, count: 256)
        for _ in 0..<25_600 { seen[RecordKey.random(using: &random).value] += 1 }
        #expect(seen.allSatisfy { (50...150).contains($0) }, "roughly uniform")
        let key = try #require(RecordKey(200))
        let data = try JSONEncoder().encode([key])
        #expect(String(decoding: data, as: UTF8.self) == "[200]")
        #expect(try JSONDecoder().decode([RecordKey].self, from: data) == [key])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([RecordKey].self, from: Data("[300]".utf8)) }
        #expect((0..<256).contains(RecordKey.random().value))
    }

    /// Per-mention keys: fixed by the case key and the code, a bijection of case keys for each
    /// code (so uniform when the case key is), and different codes move the key differently.
    @Test func mentionKeysAreDeterministicAndUniformPerCode() throws {
        let codes = ["sexual", "criminal", "labour", "domestic-servitude", "organ-harvesting", "unknown"]
        var offsets: Set<Int> = []
        for code in codes {
            let keys = (0..<256).compactMap { RecordKey($0)?.mentionKey(code: code).value }
            #expect(Set(keys).count == 256, "\(code): every case key gives a different mention key")
            #expect(keys == (0..<256).compactMap { RecordKey($0)?.mentionKey(code: code).value })
            offsets.insert(keys[0])
        }
        #expect(offsets.count > 1, "codes move keys differently")
        let key = try #require(RecordKey(17))
        #expect(key.mentionKey(code: "labour") == key.mentionKey(code: "labour"))
    }
}

@Suite struct CellKeyPerturbationTests {
    static func sampleTable(_ random: inout SyntheticRandom) -> KeyedCountTable {
        let rows = random.int(1...8), columns = random.int(1...8)
        let cells = (0..<rows).map { _ in
            (0..<columns).map { _ -> KeyedCount in
                let count = DisclosureSamples.skewedCount(&random)
                return KeyedCount(count: count, keySum: (0..<count).reduce(0) { sum, _ in sum + RecordKey.random(using: &random).value })
            }
        }
        return KeyedCountTable(rowKeys: (0..<rows).map { "r\($0)" }, columnKeys: (0..<columns).map { "c\($0)" }, cells: cells)
    }

    @Test func tablesArePerturbedCellByCellAndNothingIsHidden() throws {
        let perturbation = CellKeyPerturbation(perturbationTable: try PerturbationTable())
        var random = SyntheticRandom(seed: 0xCE11_1000)
        var utility = CellKeyPerturbation.Utility.none
        var totalsThatDoNotAddUp = 0
        for _ in 0..<200 {
            let table = Self.sampleTable(&random)
            let result = perturbation.protect(table)
            #expect(perturbation.protect(table) == result, "deterministic")
            let published = result.table
            #expect(published.primaryCount == 0 && published.secondaryCount == 0 && !published.hasSuppression)
            #expect(published.rowKeys == table.rowKeys && published.columnKeys == table.columnKeys)
            var changed = 0, figures = 0, absolute = 0
            func check(_ value: DisclosedValue, _ figure: KeyedCount) {
                #expect(value == perturbation.protect(figure))
                #expect(value.count == perturbation.published(figure))
                let shown = value.count ?? -1
                #expect(shown == 0 || shown >= 5)
                #expect(abs(shown - figure.count) <= 5)
                figures += 1
                if shown != figure.count { changed += 1 }
                absolute += abs(shown - figure.count)
            }
            for row in table.rowKeys.indices {
                for column in table.columnKeys.indices { check(published.cells[row][column], table.cells[row][column]) }
                check(published.rowTotals[row], table.rowTotals[row])
            }
            for column in table.columnKeys.indices { check(published.columnTotals[column], table.columnTotals[column]) }
            check(published.grandTotal, table.grandTotal)
            #expect(result.utility == CellKeyPerturbation.Utility(figureCount: figures, changedCount: changed, absoluteChange: absolute))
            #expect(result.changedCount == changed)
            utility = utility + result.utility
            if published.grandTotal.count != published.rowTotals.reduce(0, { $0 + ($1.count ?? 0) }) { totalsThatDoNotAddUp += 1 }
        }
        #expect(totalsThatDoNotAddUp > 100, "totals are perturbed on their own and need not add up")
        #expect(utility.changedShare > 0.3 && utility.meanAbsoluteChange > 0.5)
        print(String(format: "random tables: %d figures, %.1f%% changed, mean absolute change %.2f",
                     utility.figureCount, 100 * utility.changedShare, utility.meanAbsoluteChange))
    }

    /// The same records give the same figure however they are reached: a one-column table's row
    /// totals are its cells, and a cell equals the same records asked for alone.
    @Test func theSameRecordsAlwaysGetTheSameFigure() throws {
        let perturbation = CellKeyPerturbation(perturbationTable: try PerturbationTable())
        var random = SyntheticRandom(seed: 0xCE11_2000)
        for _ in 0..<100 {
            let table = Self.sampleTable(&random)
            let column = KeyedCountTable(rowKeys: table.rowKeys, columnKeys: ["all"], cells: table.rowTotals.map { [$0] })
            let result = perturbation.protect(column).table
            for row in table.rowKeys.indices {
                #expect(result.cells[row][0] == result.rowTotals[row])
                #expect(result.cells[row][0] == perturbation.protect(table).table.rowTotals[row])
            }
            #expect(result.grandTotal == perturbation.protect(table).table.grandTotal)
        }
        #expect(perturbation.protect(KeyedCount.zero) == .count(0))
        #expect(CellKeyPerturbation.Utility.none.meanAbsoluteChange == 0 && CellKeyPerturbation.Utility.none.changedShare == 0)
    }

    /// The mean of published values over many independent keys approaches the true count:
    /// the noise is unbiased, small counts included.
    @Test func publishedCountsAreUnbiased() throws {
        let perturbation = CellKeyPerturbation(perturbationTable: try PerturbationTable())
        for count in [1, 2, 3, 4, 5, 6, 9, 30] {
            let total = (0..<256).reduce(0) { $0 + perturbation.published(KeyedCount(count: count, keySum: $1)) }
            #expect(total == 256 * count)
        }
    }
}
