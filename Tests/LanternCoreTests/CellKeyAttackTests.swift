import Foundation
import Testing
import LanternCore

/// One synthetic case: borough (33), gender (3), age group (2), nationality (12 codes) and
/// quarter (8) packed a byte each from the lowest, its record key, and a random 64-bit tag
/// whose wrapping sum over a set of records fingerprints the set. The tag is the test's own
/// bookkeeping of which figures really are different; no attacker sees it.
struct AttackRecord: Sendable {
    let code: UInt64
    let key: Int
    let tag: UInt64

    func value(_ dimension: Int) -> Int { Int(code >> UInt64(8 * dimension) & 0xFF) }
}

/// What the database returns for one cell: the count, the key sum, and (test only) the
/// fingerprint of its records.
struct AttackTally: Sendable {
    var count = 0
    var keySum = 0
    var fingerprint: UInt64 = 0

    var figure: KeyedCount { KeyedCount(count: count, keySum: keySum) }

    static func + (a: AttackTally, b: AttackTally) -> AttackTally {
        AttackTally(count: a.count + b.count, keySum: a.keySum + b.keySum, fingerprint: a.fingerprint &+ b.fingerprint)
    }
}

/// Synthetic case-level data, skewed so that small cells are common: a few nationalities
/// carry most cases, one gender is rare, boroughs vary in size.
struct AttackMicrodata: Sendable {
    static let sizes = [33, 3, 2, 12, 8]
    static let quarter = 4
    let records: [AttackRecord]

    init(count: Int, random: inout SyntheticRandom) {
        let weights = [(0..<33).map { _ in 0.3 + random.unit() }, [0.6, 0.38, 0.02], [0.6, 0.4],
                       [0.45, 0.15, 0.1, 0.07, 0.05, 0.04, 0.03, 0.03, 0.02, 0.02, 0.02, 0.02], Array(repeating: 1.0, count: 8)]
        let cumulative = weights.map { line in
            line.indices.map { i in line[...i].reduce(0, +) / line.reduce(0, +) }
        }
        records = (0..<count).map { _ in
            var code: UInt64 = 0
            for (dimension, line) in cumulative.enumerated() {
                let u = random.unit()
                code |= UInt64(line.firstIndex { u < $0 } ?? line.count - 1) << UInt64(8 * dimension)
            }
            return AttackRecord(code: code, key: RecordKey.random(using: &random).value, tag: random.next())
        }
    }

    /// Tallies the records in a box into cells: cell rowIndex[row value] × width + columnIndex[column value].
    /// (Unsafe buffers only to keep debug builds quick.)
    func tally(_ box: AttackBox, rows: Int, rowIndex: [Int], columns: Int, columnIndex: [Int], width: Int, cells: Int) -> [AttackTally] {
        var tallies = [AttackTally](repeating: AttackTally(), count: cells)
        let (b, g, a, n, q) = (box.borough, box.gender, box.age, box.nationality, box.quarter)
        let rowShift = UInt64(8 * rows), columnShift = UInt64(8 * columns)
        records.withUnsafeBufferPointer { records in
            rowIndex.withUnsafeBufferPointer { rowIndex in
                columnIndex.withUnsafeBufferPointer { columnIndex in
                    tallies.withUnsafeMutableBufferPointer { tallies in
                        for i in 0..<records.count {
                            let code = records[i].code
                            // Masking shifts: the generic `>>` is slow in debug builds.
                            guard b &>> (code & 0xFF) & 1 == 1, g &>> (code &>> 8 & 0xFF) & 1 == 1,
                                  a &>> (code &>> 16 & 0xFF) & 1 == 1, n &>> (code &>> 24 & 0xFF) & 1 == 1,
                                  q &>> (code &>> 32 & 0xFF) & 1 == 1 else { continue }
                            let cell = rowIndex[Int(code &>> rowShift & 0xFF)] &* width &+ columnIndex[Int(code &>> columnShift & 0xFF)]
                            tallies[cell].count &+= 1
                            tallies[cell].keySum &+= records[i].key
                            tallies[cell].fingerprint &+= records[i].tag
                        }
                    }
                }
            }
        }
        return tallies
    }

    private static let noIndex = [Int](repeating: 0, count: 64)

    /// The records in a box, as one cell.
    func figure(_ box: AttackBox) -> AttackTally {
        tally(box, rows: 0, rowIndex: Self.noIndex, columns: 0, columnIndex: Self.noIndex, width: 1, cells: 1)[0]
    }
}

/// A set of records a question can single out: a set of values per dimension (a bit mask),
/// the quarters always one unbroken range.
struct AttackBox: Hashable, Sendable, CustomStringConvertible {
    var borough: UInt64, gender: UInt64, age: UInt64, nationality: UInt64, quarter: UInt64

    static func all(_ dimension: Int) -> UInt64 { (1 << UInt64(AttackMicrodata.sizes[dimension])) - 1 }
    static let everything = AttackBox(borough: all(0), gender: all(1), age: all(2), nationality: all(3), quarter: all(4))
    static func quarters(_ first: Int, _ last: Int) -> UInt64 { ((1 << UInt64(last + 1)) - 1) & ~((1 << UInt64(first)) - 1) }

    subscript(dimension: Int) -> UInt64 {
        get {
            switch dimension {
            case 0: borough
            case 1: gender
            case 2: age
            case 3: nationality
            default: quarter
            }
        }
        set {
            switch dimension {
            case 0: borough = newValue
            case 1: gender = newValue
            case 2: age = newValue
            case 3: nationality = newValue
            default: quarter = newValue
            }
        }
    }

    func with(_ dimension: Int, _ mask: UInt64) -> AttackBox {
        var box = self
        box[dimension] = mask
        return box
    }

    func contains(_ other: AttackBox) -> Bool {
        borough & other.borough == other.borough && gender & other.gender == other.gender && age & other.age == other.age
            && nationality & other.nationality == other.nationality && quarter & other.quarter == other.quarter
    }

    static func bits(_ mask: UInt64) -> [Int] {
        var bits: [Int] = [], rest = mask
        while rest != 0 {
            bits.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return bits
    }

    /// The maximal unbroken runs of a quarter mask, as masks.
    static func runs(_ mask: UInt64) -> [UInt64] {
        var runs: [UInt64] = [], current: UInt64 = 0
        for bit in 0...8 {
            if bit < 8 && mask >> UInt64(bit) & 1 == 1 {
                current |= 1 << UInt64(bit)
            } else if current != 0 {
                runs.append(current)
                current = 0
            }
        }
        return runs
    }

    var description: String {
        (0..<5).map { self[$0] == Self.all($0) ? "*" : Self.bits(self[$0]).map(String.init).joined(separator: ",") }.joined(separator: " | ")
    }
}

/// One question as a user could ask it: filters (the box), a row dimension and maybe a column
/// dimension, published with its row totals, column totals and grand total.
struct AttackQuestion: Sendable {
    var filter: AttackBox
    var rows: Int
    var columns: Int?

    /// The box of every entry, margins included: (R+1) × (C+1), row R the column totals and
    /// column C the row totals. Without a column dimension there is one column, "all".
    var grid: [[AttackBox]] {
        let rowChoices: [Int?] = AttackBox.bits(filter[rows]).map(Optional.some) + [nil]
        let columnChoices: [Int?] = (columns.map { AttackBox.bits(filter[$0]).map(Optional.some) } ?? [nil]) + [nil]
        return rowChoices.map { row in
            columnChoices.map { column in
                var box = filter
                if let row { box[rows] = 1 << UInt64(row) }
                if let column, let columns { box[columns] = 1 << UInt64(column) }
                return box
            }
        }
    }

    /// The true entries in the same layout as `grid`; every record in the filter falls in
    /// exactly one cell, so the margins are sums.
    func answer(from data: AttackMicrodata) -> [[AttackTally]] {
        let rowValues = AttackBox.bits(filter[rows])
        let columnValues = columns.map { AttackBox.bits(filter[$0]) } ?? [0]
        var rowIndex = [Int](repeating: 0, count: 64), columnIndex = rowIndex
        for (i, v) in rowValues.enumerated() { rowIndex[v] = i }
        if columns != nil { for (i, v) in columnValues.enumerated() { columnIndex[v] = i } }
        let width = columnValues.count
        let cells = data.tally(filter, rows: rows, rowIndex: rowIndex, columns: columns ?? rows, columnIndex: columnIndex,
                               width: width, cells: rowValues.count * width)
        var grid = rowValues.indices.map { row in
            let line = Array(cells[(row * width)..<(row * width + width)])
            return line + [line.reduce(AttackTally(), +)]
        }
        grid.append((0...width).map { column in grid.reduce(AttackTally()) { $0 + $1[column] } })
        return grid
    }
}

/// A differencing attacker's equations for a target box R, each "R = Σ plus − Σ minus" over
/// published boxes: R itself when published (which also gives the 0-vs-nonzero test (d)); R
/// split into its single values along one dimension; and for every published A ⊇ R that
/// differs from R in one dimension, A less the published rest — directly (a filtered question
/// against the unfiltered one (c), a wider period less a narrower one (b)), as single values
/// (a total less the visible other cells (a)), or for quarters as the runs either side.
struct AttackEquation: Hashable, Sendable {
    var plus: [AttackBox]
    var minus: [AttackBox]

    var boxes: [AttackBox] { plus + minus }

    /// `containing`: the published boxes that contain the target (found in one pass).
    static func all(for target: AttackBox, containing: [AttackBox], in knowledge: [AttackBox: Int]) -> [AttackEquation] {
        var equations: [AttackEquation] = []
        func add(_ plus: [AttackBox], _ minus: [AttackBox]) {
            if (plus + minus).allSatisfy({ knowledge[$0] != nil }) { equations.append(AttackEquation(plus: plus, minus: minus)) }
        }
        add([target], [])
        for dimension in 0..<5 where target[dimension].nonzeroBitCount > 1 {
            add(AttackBox.bits(target[dimension]).map { target.with(dimension, 1 << UInt64($0)) }, [])
        }
        for a in containing {
            let differing = (0..<5).filter { a[$0] != target[$0] }
            guard differing.count == 1, let dimension = differing.first else { continue }
            let rest = a[dimension] & ~target[dimension]
            let pieces = dimension == AttackMicrodata.quarter ? AttackBox.runs(rest) : [rest]
            add([a], pieces.map { target.with(dimension, $0) })
            if rest.nonzeroBitCount > 1 { add([a], AttackBox.bits(rest).map { target.with(dimension, 1 << UInt64($0)) }) }
        }
        return equations
    }

    /// The equation's value from published figures; nil if any is hidden.
    func estimate(_ knowledge: [AttackBox: Int]) -> Int? {
        var total = 0
        for box in plus {
            guard let value = knowledge[box], value != AttackScenario.hidden else { return nil }
            total += value
        }
        for box in minus {
            guard let value = knowledge[box], value != AttackScenario.hidden else { return nil }
            total -= value
        }
        return total
    }
}

/// One run of the attack: microdata, small targets, the questions, and what each publisher
/// released for them.
struct AttackScenario: Sendable {
    enum Filters: String, Sendable {
        /// Each filter one value or everything, as the problem profile allows today.
        case singleValues = "single-value filters"
        /// Any set of values per filter.
        case valueSets = "value-set filters"
        /// Any set of values, and every question spent on a difference for one target: the
        /// target widened by a random set of other values of one dimension, then that set alone.
        case focusedDifferences = "value-set filters, focused differences"
    }

    /// A published `[c]` in the attacker's knowledge.
    static let hidden = -1
    let filters: Filters
    let targets: [AttackBox]
    let truth: [Int]
    let questionCount: Int
    /// Box → published value under the cell key method.
    let perturbed: [AttackBox: Int]
    /// Box → published value under threshold suppression alone (`hidden` for [c]).
    let thresholded: [AttackBox: Int]
    /// Box → fingerprint of its records (the test's bookkeeping).
    let fingerprints: [AttackBox: UInt64]
    let utility: CellKeyPerturbation.Utility
    /// The same, over entries whose true count is 1 to 4.
    let smallUtility: CellKeyPerturbation.Utility
    /// Sets of records published as two different values (must be none).
    let inconsistencies: Int

    init(filters: Filters, seed: UInt64, perturbation: CellKeyPerturbation, records: Int = 6_000, targetCount: Int = 12,
         questions: Int = 1_000) {
        var random = SyntheticRandom(seed: seed)
        let data = AttackMicrodata(count: records, random: &random)
        (targets, truth) = Self.targets(in: data, count: targetCount, random: &random)
        var asked: [AttackQuestion] = []
        var round = 0
        while asked.count < questions {
            asked += Self.questions(around: targets[round % targets.count], filters: filters, random: &random)
            round += 1
        }
        var entries: [AttackBox: (perturbed: Int, thresholded: Int, fingerprint: UInt64)] = [:]
        var byFingerprint: [UInt64: Int] = [:]
        var utility = CellKeyPerturbation.Utility.none, smallUtility = CellKeyPerturbation.Utility.none
        var inconsistencies = 0
        for question in asked {
            let truth = question.answer(from: data)
            let cells = truth.dropLast().map { $0.dropLast().map(\.figure) }
            let table = KeyedCountTable(rowKeys: cells.indices.map(String.init), columnKeys: (cells.first ?? []).indices.map(String.init),
                                        cells: cells)
            let result = perturbation.protect(table)
            utility = utility + result.utility
            let published = DisclosureAttacker.grid(result.table)
            for (row, line) in question.grid.enumerated() {
                for (column, box) in line.enumerated() {
                    let shown = published[row][column] ?? Self.hidden, tally = truth[row][column]
                    if (1...4).contains(tally.count) { smallUtility = smallUtility + .init(one: tally.count, shown: shown) }
                    // The same records must always get the same figure, however they are asked for.
                    if let earlier = entries[box] {
                        if earlier.perturbed != shown { inconsistencies += 1 }
                        continue
                    }
                    if let earlier = byFingerprint.updateValue(shown, forKey: tally.fingerprint), earlier != shown { inconsistencies += 1 }
                    entries[box] = (shown, (1..<5).contains(tally.count) ? Self.hidden : tally.count, tally.fingerprint)
                }
            }
        }
        let perturbed = entries.mapValues(\.perturbed), thresholded = entries.mapValues(\.thresholded)
        let fingerprints = entries.mapValues(\.fingerprint)
        self.filters = filters
        self.questionCount = asked.count
        self.perturbed = perturbed
        self.thresholded = thresholded
        self.fingerprints = fingerprints
        self.utility = utility
        self.smallUtility = smallUtility
        self.inconsistencies = inconsistencies
    }

    /// Small cells of every shape, each a different set of records with a true count of 1 to 4:
    /// a borough, a gender (one is rare), an age group or a nationality (most are rare), over
    /// one to four quarters.
    static func targets(in data: AttackMicrodata, count: Int, random: inout SyntheticRandom) -> ([AttackBox], [Int]) {
        var targets: [AttackBox] = [], truth: [Int] = [], seen: Set<UInt64> = []
        while targets.count < count {
            let first = random.int(0...7), last = min(7, first + random.int(0...3))
            var box = AttackBox.everything.with(4, AttackBox.quarters(first, last))
            if random.unit() < 0.8 { box.borough = 1 << UInt64(random.int(0...32)) }
            if random.unit() < 0.4 { box.gender = 1 << UInt64(random.int(0...2)) }
            if random.unit() < 0.3 { box.age = 1 << UInt64(random.int(0...1)) }
            if random.unit() < 0.6 { box.nationality = 1 << UInt64(random.int(0...11)) }
            let tally = data.figure(box)
            guard (1...4).contains(tally.count), seen.insert(tally.fingerprint).inserted else { continue }
            targets.append(box)
            truth.append(tally.count)
        }
        return (targets, truth)
    }

    /// Random questions around a target: each filter kept, widened to everything, or moved
    /// (to a set including the target's value, or to another single value); the period kept,
    /// widened on either or both sides, or anywhere; rows and columns by any dimension with
    /// more than one value left.
    static func questions(around target: AttackBox, filters: Filters, random: inout SyntheticRandom) -> [AttackQuestion] {
        if filters == .focusedDifferences { return differencePair(around: target, random: &random) }
        var filter = target
        for dimension in 0..<4 {
            let all = AttackBox.all(dimension), others = all & ~target[dimension]
            let u = random.unit()
            if target[dimension] == all {
                if u < 0.15 { filter[dimension] = filters == .valueSets ? randomSubset(all, &random) : randomValue(all, &random) }
            } else if u < 0.35 {
                continue
            } else if u < 0.65 {
                filter[dimension] = all
            } else {
                filter[dimension] = filters == .valueSets ? target[dimension] | randomSubset(others, &random) : randomValue(all, &random)
            }
        }
        let bits = AttackBox.bits(target.quarter)
        var (first, last) = (bits[0], bits[bits.count - 1])
        let u = random.unit()
        if u < 0.3 {
        } else if u < 0.55 {
            first = random.int(0...first)
        } else if u < 0.8 {
            last = random.int(last...7)
        } else if u < 0.9 {
            (first, last) = (random.int(0...first), random.int(last...7))
        } else {
            first = random.int(0...7)
            last = random.int(first...7)
        }
        filter.quarter = AttackBox.quarters(first, last)
        let several = (0..<5).filter { filter[$0].nonzeroBitCount > 1 }
        let rows = several.isEmpty ? random.int(0...4) : several[random.int(0...several.count - 1)]
        let others = several.filter { $0 != rows }
        let columns = !others.isEmpty && random.unit() < 0.7 ? others[random.int(0...others.count - 1)] : nil
        return [AttackQuestion(filter: filter, rows: rows, columns: columns)]
    }

    /// Two questions whose grand totals differ by exactly the target: the target widened by a
    /// random set of other values of one of its one-value dimensions (or by quarters on one
    /// side), and that set alone. Rows by a dimension the target does not restrict.
    static func differencePair(around target: AttackBox, random: inout SyntheticRandom) -> [AttackQuestion] {
        let restricted = (0..<4).filter { target[$0] != AttackBox.all($0) }
        let dimension = restricted.isEmpty || random.unit() < 0.1 ? AttackMicrodata.quarter : restricted[random.int(0...restricted.count - 1)]
        let rest: UInt64
        if dimension == AttackMicrodata.quarter {
            let bits = AttackBox.bits(target.quarter)
            let (first, last) = (bits[0], bits[bits.count - 1])
            if first > 0 && (last == 7 || random.unit() < 0.5) {
                rest = AttackBox.quarters(random.int(0...first - 1), first - 1)
            } else if last < 7 {
                rest = AttackBox.quarters(last + 1, random.int(last + 1...7))
            } else {
                return []
            }
        } else {
            rest = randomSubset(AttackBox.all(dimension) & ~target[dimension], &random)
        }
        let free = (0..<4).filter { target[$0] == AttackBox.all($0) }
        let rows = free.isEmpty ? AttackMicrodata.quarter : free[random.int(0...free.count - 1)]
        return [AttackQuestion(filter: target.with(dimension, target[dimension] | rest), rows: rows, columns: nil),
                AttackQuestion(filter: target.with(dimension, rest), rows: rows, columns: nil)]
    }

    static func randomSubset(_ mask: UInt64, _ random: inout SyntheticRandom) -> UInt64 {
        let keep = random.unit()
        let subset = AttackBox.bits(mask).filter { _ in random.unit() < keep }.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
        return subset == 0 ? randomValue(mask, &random) : subset
    }

    static func randomValue(_ mask: UInt64, _ random: inout SyntheticRandom) -> UInt64 {
        let bits = AttackBox.bits(mask)
        return 1 << UInt64(bits[random.int(0...bits.count - 1)])
    }

    static let standard = (try? PerturbationTable()).map { CellKeyPerturbation(perturbationTable: $0) }
    // Built once, on first use, and shared by the tests that read them.
    static let singleValues = standard.map { AttackScenario(filters: .singleValues, seed: 0xA77A_C000, perturbation: $0) }
    static let valueSets = standard.map { AttackScenario(filters: .valueSets, seed: 0xA77A_C001, perturbation: $0) }
    static let focusedDifferences = standard.map {
        AttackScenario(filters: .focusedDifferences, seed: 0xA77A_C002, perturbation: $0, targetCount: 4, questions: 1_600)
    }

    static func named(_ filters: Filters) -> AttackScenario? {
        switch filters {
        case .singleValues: singleValues
        case .valueSets: valueSets
        case .focusedDifferences: focusedDifferences
        }
    }
}

extension CellKeyPerturbation.Utility {
    init(one count: Int, shown: Int) {
        self.init(figureCount: 1, changedCount: shown == count ? 0 : 1, absoluteChange: abs(shown - count))
    }
}

/// What "recovering a count exactly, with certainty" means here. The attacker sees every
/// published figure and knows exactly which records each describes (as boxes), and knows the
/// method and the perturbation table (both are public); it does not know the record keys.
/// It has recovered a target's count with certainty only if it names a value that is the only
/// true count consistent with everything published. A rule that names a value but is
/// sometimes wrong recovers nothing with certainty: nobody, the attacker included, can tell
/// its right answers from its wrong ones. Two attackers:
/// - the differencing attacker (a)–(e) names a value when every equation it has for a target
///   agrees. Against threshold suppression alone its answers are all right (the control:
///   the attacker is real). Against the cell key method its named values must include wrong
///   ones, or it must name none;
/// - the sound attacker keeps, for every published figure, the whole range of true counts
///   that could lie behind it (read from the perturbation table, or 1–4 for `[c]`) and
///   intersects the ranges its equations give, with "no more than any figure containing the
///   target". It can never be wrong; it is certain when one value is left. That is the strict
///   reading of "recovered with certainty". Noise of at most ±5 can be bounded away: where
///   it happens to sit at −5 in one figure and +5 in another the range closes. How often
///   that happens is reported, not hidden.
///
/// The averaging attacker takes the mean of all its distinct equations for a target (each
/// weighted by 1 / the figures it uses, since noise adds up), rounded. It is given the
/// test's fingerprints to drop equations over the same records (which repeat the same noise),
/// so it is, if anything, stronger than a real reader.
@Suite struct CellKeyAttackTests {
    struct Verdicts {
        var named: [Int?] = []
        var averaged: [Int?] = []
        var certain: [Int?] = []
        var distinctEquations: [Int] = []
    }

    static func attack(_ targets: [AttackBox], _ knowledge: [AttackBox: Int], fingerprints: [AttackBox: UInt64],
                       possible: (Int) -> ClosedRange<Int>?, threshold: Bool) -> Verdicts {
        var verdicts = Verdicts()
        for target in targets {
            let containing = knowledge.keys.filter { $0.contains(target) }
            let equations = AttackEquation.all(for: target, containing: containing, in: knowledge)
            let usable = equations.compactMap { e in e.estimate(knowledge).map { (equation: e, estimate: $0) } }
            // (e) every equation, and (d) every figure containing the target shown as 0 ("so
            // the target is 0"), must agree; a target shown as [c] is 1–4, and under the cell
            // key method one shown as non-zero is at least 1 (a true 0 is always shown as 0).
            var lowest = 0, highest = Int.max
            if let shown = knowledge[target] {
                if shown == AttackScenario.hidden { (lowest, highest) = (1, 4) } else if shown > 0 && !threshold { lowest = 1 }
            }
            let zeroes = containing.filter { knowledge[$0] == 0 }.map { _ in 0 }
            let all = usable.map(\.estimate) + zeroes
            verdicts.named.append(Set(all).count == 1 ? all.first.flatMap { (lowest...highest).contains($0) ? $0 : nil } : nil)
            var distinct: [[[UInt64]]: (estimate: Int, figures: Int)] = [:]
            for (equation, estimate) in usable {
                let records = [equation.plus.map { fingerprints[$0] ?? 0 }.sorted(), equation.minus.map { fingerprints[$0] ?? 0 }.sorted()]
                distinct[records] = (estimate, equation.boxes.count)
            }
            verdicts.distinctEquations.append(distinct.count)
            let weight = distinct.values.reduce(0) { $0 + 1 / Double($1.figures) }
            let mean = distinct.values.reduce(0) { $0 + Double($1.estimate) / Double($1.figures) } / weight
            verdicts.averaged.append(distinct.isEmpty ? nil : max(0, Int(mean.rounded())))
            verdicts.certain.append(soundValue(target, equations, containing, knowledge, possible: possible))
        }
        return verdicts
    }

    /// The target's value if its equations' ranges, and every figure containing it, leave
    /// exactly one count; nil otherwise.
    static func soundValue(_ target: AttackBox, _ equations: [AttackEquation], _ containing: [AttackBox],
                           _ knowledge: [AttackBox: Int], possible: (Int) -> ClosedRange<Int>?) -> Int? {
        var lowest = 0, highest = Int.max
        equations: for equation in equations {
            var low = 0, high = 0
            for box in equation.plus {
                guard let range = knowledge[box].flatMap(possible) else { continue equations }
                low += range.lowerBound
                high += range.upperBound
            }
            for box in equation.minus {
                guard let range = knowledge[box].flatMap(possible) else { continue equations }
                low -= range.upperBound
                high -= range.lowerBound
            }
            lowest = max(lowest, low)
            highest = min(highest, high)
        }
        for box in containing {
            if let range = knowledge[box].flatMap(possible) { highest = min(highest, range.upperBound) }
        }
        return lowest == highest ? lowest : nil
    }

    /// For each published value up to 200, the true counts the perturbation table could
    /// publish as it, read from the table itself.
    static let smallPossibleCounts: [Int: ClosedRange<Int>] = {
        guard let table = AttackScenario.standard?.perturbationTable else { return [:] }
        var ranges: [Int: ClosedRange<Int>] = [:]
        for count in 0...220 {
            for outcome in table.outcomes(count: count) {
                let range = ranges[outcome.published]
                ranges[outcome.published] = min(range?.lowerBound ?? count, count)...max(range?.upperBound ?? count, count)
            }
        }
        return ranges
    }()

    /// Under the cell key method; above 200 every count within 5 could be behind a published
    /// value (the shared rows use the whole window).
    static func perturbedRange(_ shown: Int) -> ClosedRange<Int>? {
        shown <= 200 ? smallPossibleCounts[shown] : (shown - 5)...(shown + 5)
    }

    /// Under threshold suppression: a shown count is exact, `[c]` is 1 to 4.
    static func thresholdRange(_ shown: Int) -> ClosedRange<Int>? {
        shown == AttackScenario.hidden ? 1...4 : shown...shown
    }

    static func tally(_ answers: [Int?], _ truth: [Int]) -> (right: Int, wrong: Int) {
        zip(answers, truth).reduce((0, 0)) { tally, pair in
            guard let answer = pair.0 else { return tally }
            return answer == pair.1 ? (tally.0 + 1, tally.1) : (tally.0, tally.1 + 1)
        }
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", 100 * share) }
    static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }

    /// At least 1,000 random questions over a publisher that perturbs every figure: the
    /// differencing attacker never has a small count for certain (what it names is wrong, or
    /// it names nothing), the sound attacker is never wrong, and the same records always get
    /// the same figure. The sound attacker's certain answers, the averaging attacker's hits
    /// and the utility loss are printed: with value-set filters and questions focused on a
    /// few targets the sound attacker does pin some down (see `howManyDifferencesTheAttacksNeed`).
    @Test(arguments: [AttackScenario.Filters.singleValues, .valueSets, .focusedDifferences])
    func differencingAloneNeverRecoversASmallCountWithCertainty(filters: AttackScenario.Filters) throws {
        let scenario = try #require(AttackScenario.named(filters))
        #expect(scenario.questionCount >= 1_000)
        #expect(scenario.inconsistencies == 0, "the same records always get the same figure")
        let verdicts = Self.attack(scenario.targets, scenario.perturbed, fingerprints: scenario.fingerprints,
                                   possible: Self.perturbedRange, threshold: false)
        let named = Self.tally(verdicts.named, scenario.truth)
        #expect(named.right + named.wrong == 0 || named.wrong > 0,
                "the differencing attacker's 'certain' answers are all right: \(verdicts.named) for \(scenario.truth)")
        let certain = Self.tally(verdicts.certain, scenario.truth)
        #expect(certain.wrong == 0, "the sound attacker is never wrong")
        let averaged = Self.tally(verdicts.averaged, scenario.truth)
        let (u, small) = (scenario.utility, scenario.smallUtility)
        print("""
            [\(filters.rawValue)] \(scenario.questionCount) questions, \(scenario.perturbed.count) distinct figures, \
            \(scenario.targets.count) targets, true counts \(scenario.truth)
              utility: \(u.figureCount) published figures, \(Self.percent(u.changedShare)) changed, mean absolute change \
            \(Self.decimal(u.meanAbsoluteChange)) per figure; of true counts 1–4, \(Self.percent(small.changedShare)) changed, \
            mean absolute change \(Self.decimal(small.meanAbsoluteChange))
              distinct equations per target \(verdicts.distinctEquations)
              differencing attacker (all equations agree): \(named.right) right, \(named.wrong) wrong
              averaging attacker (weighted mean, rounded): \(averaged.right) right, \(averaged.wrong) wrong: \
            \(verdicts.averaged.map { $0.map(String.init) ?? "-" })
              sound attacker, certain: \(certain.right) of \(scenario.targets.count)
            """)
    }

    /// The control: the same attackers against threshold suppression alone (`[c]` for 1–4, no
    /// noise, no secondary suppression) recover small counts exactly, and are never wrong.
    @Test(arguments: [AttackScenario.Filters.singleValues, .valueSets, .focusedDifferences])
    func theSameAttackersRecoverSmallCountsFromThresholdSuppression(filters: AttackScenario.Filters) throws {
        let scenario = try #require(AttackScenario.named(filters))
        let verdicts = Self.attack(scenario.targets, scenario.thresholded, fingerprints: scenario.fingerprints,
                                   possible: Self.thresholdRange, threshold: true)
        let named = Self.tally(verdicts.named, scenario.truth), certain = Self.tally(verdicts.certain, scenario.truth)
        let either = zip(verdicts.named, verdicts.certain).filter { $0 != nil || $1 != nil }.count
        print("[\(filters.rawValue)] threshold suppression only: differencing attacker \(named.right) of "
              + "\(scenario.targets.count) exactly, sound attacker \(certain.right), together \(either)")
        #expect(named.wrong == 0 && certain.wrong == 0)
        #expect(either * 6 >= scenario.targets.count, "recovered only \(either) of \(scenario.targets.count)")
    }

    /// With single-value filters (what the problem profile offers today) the differences a
    /// target has are few, so here every question the attacker's equations could use is
    /// asked, for 24 targets: the exact number of distinct differences (by records) is the
    /// bound, and the averaging and sound attackers get everything there is. With value-set
    /// filters, widening one dimension by any set of its m other non-empty values already
    /// gives 2^m − 1 distinct differences, so that bound is printed as powers of two.
    @Test func askingEveryQuestionSingleValueFiltersAllow() throws {
        let perturbation = try #require(AttackScenario.standard)
        var random = SyntheticRandom(seed: 0xA77A_C100)
        let data = AttackMicrodata(count: 6_000, random: &random)
        let (targets, truth) = AttackScenario.targets(in: data, count: 24, random: &random)
        var perturbedVerdicts = Verdicts(), thresholdVerdicts = Verdicts()
        var valueSetBounds: [String] = []
        for target in targets {
            var perturbed: [AttackBox: Int] = [:], thresholded: [AttackBox: Int] = [:], fingerprints: [AttackBox: UInt64] = [:]
            func ask(_ box: AttackBox) {
                guard fingerprints[box] == nil else { return }
                let tally = data.figure(box)
                fingerprints[box] = tally.fingerprint
                perturbed[box] = perturbation.published(tally.figure)
                thresholded[box] = (1..<5).contains(tally.count) ? AttackScenario.hidden : tally.count
            }
            // The target, its single values, every one-value-or-everything widening of one
            // dimension and every longer period, with everything those need subtracted.
            ask(target)
            for dimension in 0..<5 where target[dimension].nonzeroBitCount > 1 {
                for bit in AttackBox.bits(target[dimension]) { ask(target.with(dimension, 1 << UInt64(bit))) }
            }
            var wide = (0..<4).filter { target[$0] != AttackBox.all($0) }.map { target.with($0, AttackBox.all($0)) }
            let bits = AttackBox.bits(target.quarter)
            for first in 0...bits[0] {
                for last in bits[bits.count - 1]...7 { wide.append(target.with(AttackMicrodata.quarter, AttackBox.quarters(first, last))) }
            }
            for box in wide {
                ask(box)
                for dimension in 0..<5 where box[dimension] != target[dimension] {
                    let rest = box[dimension] & ~target[dimension]
                    if dimension == AttackMicrodata.quarter { AttackBox.runs(rest).forEach { ask(target.with(dimension, $0)) } }
                    if rest.nonzeroBitCount == 1 { ask(target.with(dimension, rest)) }
                    for bit in AttackBox.bits(rest) { ask(target.with(dimension, 1 << UInt64(bit))) }
                }
            }
            let one = Self.attack([target], perturbed, fingerprints: fingerprints, possible: Self.perturbedRange, threshold: false)
            let control = Self.attack([target], thresholded, fingerprints: fingerprints, possible: Self.thresholdRange, threshold: true)
            perturbedVerdicts.named += one.named
            perturbedVerdicts.averaged += one.averaged
            perturbedVerdicts.certain += one.certain
            perturbedVerdicts.distinctEquations += one.distinctEquations
            thresholdVerdicts.named += control.named
            thresholdVerdicts.certain += control.certain
            let exponents = (0..<4).filter { target[$0] != AttackBox.all($0) }.map { dimension in
                AttackBox.bits(AttackBox.all(dimension) & ~target[dimension])
                    .filter { data.figure(target.with(dimension, 1 << UInt64($0))).count > 0 }.count
            }
            valueSetBounds.append(exponents.map { "2^\($0)" }.joined(separator: "+"))
        }
        let named = Self.tally(perturbedVerdicts.named, truth), averaged = Self.tally(perturbedVerdicts.averaged, truth)
        let certain = Self.tally(perturbedVerdicts.certain, truth)
        let controlNamed = Self.tally(thresholdVerdicts.named, truth), controlCertain = Self.tally(thresholdVerdicts.certain, truth)
        let controlEither = zip(thresholdVerdicts.named, thresholdVerdicts.certain).filter { $0 != nil || $1 != nil }.count
        print("""
            [every single-value question] \(targets.count) targets, true counts \(truth)
              distinct differences per target (the bound): \(perturbedVerdicts.distinctEquations)
              cell key method: differencing attacker \(named.right) right, \(named.wrong) wrong; averaging attacker \
            \(averaged.right) right, \(averaged.wrong) wrong; sound attacker certain of \(certain.right)
              threshold suppression only: differencing attacker \(controlNamed.right), sound attacker \(controlCertain.right), \
            together \(controlEither) of \(targets.count)
              value-set filters would give at least \(valueSetBounds) distinct differences (less 1 each), plus longer periods
            """)
        #expect(named.right + named.wrong == 0 || named.wrong > 0)
        #expect(certain.wrong == 0 && controlNamed.wrong == 0 && controlCertain.wrong == 0)
        #expect(controlEither * 4 >= targets.count)
    }

    /// How many distinct differences the averaging and the sound attacker need, from the
    /// perturbation table alone: a target of 1 to 4 records with its own published figure, and
    /// n independent differences A − B with A = B plus the target, B of 0 to 300 records (keys
    /// random, so each B is a different set of records). 400 targets for each n.
    @Test func howManyDifferencesTheAttacksNeed() throws {
        let perturbation = try #require(AttackScenario.standard)
        var random = SyntheticRandom(seed: 0xA77A_C200)
        var lines: [String] = []
        var hitRates: [Double] = []
        for n in [1, 5, 10, 20, 50, 100, 200, 400] {
            var averagedRight = 0, certainRight = 0, certainWrong = 0
            let targets = 400
            for _ in 0..<targets {
                let truth = random.int(1...4), targetKey = random.int(0...255)
                let direct = try #require(Self.perturbedRange(perturbation.published(KeyedCount(count: truth, keySum: targetKey))))
                var (lowest, highest) = (max(0, direct.lowerBound), direct.upperBound)
                var sum = 0
                for _ in 0..<n {
                    let count = DisclosureSamples.skewedCount(&random) * 10 % 301, key = random.int(0...255)
                    let a = perturbation.published(KeyedCount(count: count + truth, keySum: key + targetKey))
                    let b = perturbation.published(KeyedCount(count: count, keySum: key))
                    sum += a - b
                    let (rangeA, rangeB) = (try #require(Self.perturbedRange(a)), try #require(Self.perturbedRange(b)))
                    lowest = max(lowest, rangeA.lowerBound - rangeB.upperBound)
                    highest = min(highest, rangeA.upperBound - rangeB.lowerBound, rangeA.upperBound)
                }
                if max(0, Int((Double(sum) / Double(n)).rounded())) == truth { averagedRight += 1 }
                if lowest == highest { if lowest == truth { certainRight += 1 } else { certainWrong += 1 } }
            }
            #expect(certainWrong == 0)
            hitRates.append(Double(averagedRight) / Double(targets))
            lines.append("  \(n) differences: averaging exact \(Self.percent(Double(averagedRight) / Double(targets))), "
                         + "sound attacker certain \(Self.percent(Double(certainRight) / Double(targets)))")
        }
        print("[ptable only] how many distinct differences an attack needs (D = 5, T = 5):\n" + lines.joined(separator: "\n"))
        #expect((hitRates.last ?? 0) > (hitRates.first ?? 1), "averaging gets better with more differences")
    }
}
