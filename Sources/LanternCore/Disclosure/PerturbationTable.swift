/// The perturbation table ("ptable") of the cell key method: for every true count and every
/// one of the 256 cell keys, the noise added to the count before it is published.
///
/// Every row keeps these rules, checked when the table is built:
/// - zero mean, exactly: the 256 published values of row c add up to 256·c, so over the cell
///   key (uniformly random, see `CellKey`) a published count is unbiased for every true count,
///   small ones included — sums of many cells do not drift;
/// - no noise larger than `maximumNoise` either way;
/// - a true 0 is published as 0: there are no records, so no key, and an invented case in an
///   empty cell would be wrong in a way readers notice;
/// - nothing is published as a negative count, or in 1..<`threshold`.
///
/// Construction, row by row for a true count c ≥ 1. The allowed published values are those
/// within `maximumNoise` of c that are 0 or at least `threshold`. Of all the ways to spread a
/// row over them with mean exactly c, the table takes the most spread out, the maximum-entropy
/// one: value v gets a share proportional to r^(v−c), for the one r > 0 that makes the mean c.
/// Where the whole window c−D…c+D is allowed it is symmetric about c, so r = 1 and every value
/// is equally likely (noise uniform on −D…D); near the threshold the shares lean to whichever
/// side brings the mean back to c, so a true 1 is published mostly as 0 and otherwise as
/// T…1+D. Spread matters because it is what hides a count: the wider and flatter a row, the
/// more true counts could lie behind a published one, and the more questions an averaging
/// reader needs (see the attack tests). The shares become whole numbers of the 256 slots:
/// rounded down but at least one slot for every allowed value (so a published value never
/// rules out any true count whose window reaches it — dropped only where D is so much larger
/// than T that it cannot be kept), the rest handed out by largest remainder, then slots moved
/// one at a time between neighbouring values, closest to the ideal shares first, until the
/// row's published values add up to exactly 256·c. Parameters for which that cannot be done
/// are refused.
///
/// The slots of a row are then put in a fixed shuffled order, not sorted by value. Cell keys
/// add up (a total's key is the sum of its cells' keys, mod 256), so with a sorted layout two
/// cells seen with extreme noise would have keys in known ranges, narrowing their total's key
/// and so its noise. The shuffle is spelled out here (SplitMix64 driving Fisher–Yates) rather
/// than the standard library's, whose algorithm may change between Swift releases: the table,
/// and so every published figure, must be the same on every machine and every toolchain.
/// The shares are worked out with +, −, ×, ÷ and square roots only, which IEEE 754 rounds the
/// same way everywhere.
///
/// From `sharedRowFrom` = threshold + maximumNoise up the whole window is allowed and every
/// row is the same uniform pattern, so the table stores rows 0 through that count and larger
/// counts reuse its noise.
public struct PerturbationTable: Sendable, Equatable {
    /// Record and cell keys take this many values (0..<256).
    public static let keySpace = 256

    /// The most a published count differs from the true one, either way (D).
    public let maximumNoise: Int
    /// No count in 1..<threshold is ever published (T). 1 means no such rule.
    public let threshold: Int
    /// Noise by row (true count 0...sharedRowFrom) then cell key: `keySpace` entries a row.
    private let noiseByRow: [Int8]

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noiseOutOfRange(Int)
        case thresholdOutOfRange(Int)
        /// A count of 1 could only be published as 0 and so could not have mean 1.
        case noiseTooSmallForThreshold(maximumNoise: Int, threshold: Int)
        /// No row of 256 whole slots has exactly this mean within the rules.
        case noExactRow(count: Int)

        public var description: String {
            switch self {
            case .noiseOutOfRange(let d): "the maximum noise must be from 0 to 127, not \(d)"
            case .thresholdOutOfRange(let t): "the threshold must be at least 1, not \(t)"
            case .noiseTooSmallForThreshold(let d, let t):
                "the maximum noise (\(d)) must be at least the threshold less one (\(t - 1)), "
                    + "so that a count of 1 can be published as \(t) often enough to average 1"
            case .noExactRow(let c): "no perturbation of a count of \(c) averages exactly \(c) over 256 keys within these rules"
            }
        }
    }

    /// One value a true count can be published as, and for how many of the 256 cell keys.
    public struct Outcome: Sendable, Equatable {
        public let published: Int
        public let keys: Int
    }

    /// D ≥ T − 1 is needed for a count of 1 to average 1; D ≥ T is better (with D = T − 1 a
    /// true count of T is always published exactly, since nothing else keeps its mean).
    public init(maximumNoise: Int = 5, threshold: Int = 5) throws(Failure) {
        guard (0...127).contains(maximumNoise) else { throw .noiseOutOfRange(maximumNoise) }
        guard threshold >= 1 else { throw .thresholdOutOfRange(threshold) }
        guard maximumNoise >= threshold - 1 else {
            throw .noiseTooSmallForThreshold(maximumNoise: maximumNoise, threshold: threshold)
        }
        self.maximumNoise = maximumNoise
        self.threshold = threshold
        var noiseByRow: [Int8] = []
        noiseByRow.reserveCapacity((threshold + maximumNoise + 1) * Self.keySpace)
        for count in 0...(threshold + maximumNoise) {
            guard let slots = Self.slots(count: count, maximumNoise: maximumNoise, threshold: threshold) else {
                throw .noExactRow(count: count)
            }
            noiseByRow += Self.shuffled(slots, row: count).map { Int8($0 - count) }
        }
        self.noiseByRow = noiseByRow
    }

    /// Every count from here up has the whole window allowed and shares this row's noise.
    public var sharedRowFrom: Int { threshold + maximumNoise }

    /// The noise added to a true count with this cell key. Negative counts read as 0.
    public func noise(count: Int, cellKey: CellKey) -> Int {
        guard count > 0 else { return 0 }
        return Int(noiseByRow[min(count, sharedRowFrom) * Self.keySpace + cellKey.value])
    }

    /// The count as published: the true count plus its noise.
    public func published(count: Int, cellKey: CellKey) -> Int {
        max(0, count) + noise(count: count, cellKey: cellKey)
    }

    /// What a true count can be published as, lowest first, with how many keys give each:
    /// for a page that explains the method.
    public func outcomes(count: Int) -> [Outcome] {
        var keys: [Int: Int] = [:]
        for key in 0..<Self.keySpace { keys[published(count: count, cellKey: CellKey(keySum: key)), default: 0] += 1 }
        return keys.keys.sorted().map { Outcome(published: $0, keys: keys[$0] ?? 0) }
    }

    /// A plain-English statement of the method for a release's metadata.
    public var summary: String {
        let small = threshold > 2 ? "No figure from 1 to \(threshold - 1) is ever shown: small counts appear as 0 or as \(threshold) or more. "
            : threshold == 2 ? "No figure of 1 is ever shown: a count of 1 appears as 0 or as 2 or more. " : ""
        return "Each count has a small amount of noise added (at most \(maximumNoise) either way), fixed by the "
            + "records it counts, so the same figure is always shown the same way. \(small)A true zero is always shown as 0. "
            + "The noise averages exactly zero for every count. Totals are perturbed separately, "
            + "so they may not equal the sum of the figures shown."
    }

    // MARK: Building a row

    /// Row `count` as 256 published values, sorted; nil when no exact row exists.
    private static func slots(count: Int, maximumNoise: Int, threshold: Int) -> [Int]? {
        if count == 0 { return Array(repeating: 0, count: keySpace) }
        let values = (max(0, count - maximumNoise)...(count + maximumNoise)).filter { $0 == 0 || $0 >= threshold }
        guard let lowest = values.first, let highest = values.last, lowest <= count, count <= highest else { return nil }
        if lowest == count || highest == count {
            // The mean sits at an end of the window: only "always exact" keeps it.
            return Array(repeating: count, count: keySpace)
        }
        let ideal = maximumEntropyShares(values, mean: count).map { $0 * Double(keySpace) }
        // Every allowed value on at least one key when the window is narrow enough for that;
        // in a very wide window (D much larger than T) a slot each for the values far above a
        // small count would already outweigh its mean.
        guard let slots = wholeSlots(ideal, values: values, count: count, least: 1)
                ?? wholeSlots(ideal, values: values, count: count, least: 0) else { return nil }
        return values.indices.flatMap { Array(repeating: values[$0], count: slots[$0]) }
    }

    /// Ideal shares of the 256 keys as whole numbers, each at least `least`, adding up to 256
    /// and to a mean of exactly `count`; nil if the moves below cannot get there.
    private static func wholeSlots(_ ideal: [Double], values: [Int], count: Int, least: Int) -> [Int]? {
        // Quick refusal: even all spare slots on the lowest (or highest) value miss the mean.
        let spare = keySpace - least * values.count
        let floor = values.reduce(0) { $0 + least * ($1 - count) }
        guard spare >= 0, floor + spare * (values[0] - count) <= 0, floor + spare * (values[values.count - 1] - count) >= 0 else {
            return nil
        }
        var slots = ideal.map { max(least, Int($0)) }
        // Preference when remainders tie: nearer the true count, then lower.
        let order = values.indices.sorted { (abs(values[$0] - count), values[$0]) < (abs(values[$1] - count), values[$1]) }
        while slots.reduce(0, +) < keySpace {
            guard let i = order.max(by: { ideal[$0] - Double(slots[$0]) < ideal[$1] - Double(slots[$1]) }) else { return nil }
            slots[i] += 1
        }
        while slots.reduce(0, +) > keySpace {
            // Raising small shares to `least` can overfill: take from the most overfilled.
            guard let i = order.filter({ slots[$0] > least })
                .min(by: { ideal[$0] - Double(slots[$0]) < ideal[$1] - Double(slots[$1]) }) else { return nil }
            slots[i] -= 1
        }
        var excess = values.indices.reduce(0) { $0 + slots[$1] * (values[$1] - count) }
        while excess != 0 {
            // Move a slot to a neighbouring value on the side that cuts the excess without
            // overshooting; of those, the smallest step, then the move that keeps closest to
            // the ideal shares. (Several slots at once only when the excess is large for the
            // window, which happens only for very wide windows, to keep building quick.)
            let direction = excess > 0 ? -1 : 1, remaining = excess * -direction
            var best = -1, bestStep = Int.max, bestCost = Double.infinity
            for i in 0..<values.count where slots[i] > least {
                let j = i + direction
                guard j >= 0, j < values.count else { continue }
                let step = (values[j] - values[i]) * direction
                guard step <= remaining else { continue }
                let cost = (Double(slots[j]) - ideal[j]) - (Double(slots[i]) - ideal[i])
                if step < bestStep || (step == bestStep && cost < bestCost) { (best, bestStep, bestCost) = (i, step, cost) }
            }
            guard best >= 0 else { return nil }
            let batch = min(slots[best] - least, max(1, remaining / (bestStep * values.count)))
            slots[best] -= batch
            slots[best + direction] += batch
            excess += direction * bestStep * batch
        }
        return slots
    }

    /// Shares proportional to r^(v − mean) with r found by bisection so that they average
    /// `mean` (which lies strictly inside the values). The mean rises with r.
    private static func maximumEntropyShares(_ values: [Int], mean: Int) -> [Double] {
        func shares(_ r: Double) -> [Double] {
            // Walked from the end that gets the most weight (weight 1), so nothing overflows.
            var weights = Array(repeating: 1.0, count: values.count)
            if r >= 1 {
                for i in stride(from: values.count - 2, through: 0, by: -1) {
                    weights[i] = weights[i + 1] / power(r, values[i + 1] - values[i])
                }
            } else {
                for i in 1..<values.count { weights[i] = weights[i - 1] * power(r, values[i] - values[i - 1]) }
            }
            var total = 0.0
            for weight in weights { total += weight }
            for i in weights.indices { weights[i] /= total }
            return weights
        }
        func average(_ r: Double) -> Double {
            let shares = shares(r)
            var mean = 0.0
            for i in values.indices { mean += shares[i] * Double(values[i]) }
            return mean
        }
        var low = 1.0, high = 1.0
        while average(low) > Double(mean) && low > 0x1p-60 { low /= 2 }
        while average(high) < Double(mean) && high < 0x1p60 { high *= 2 }
        for _ in 0..<200 {
            let middle = (low * high).squareRoot()
            if middle == low || middle == high { break }
            if average(middle) < Double(mean) { low = middle } else { high = middle }
        }
        return shares((low * high).squareRoot())
    }

    /// r^n for n ≥ 0 by repeated multiplication (exact IEEE steps, unlike `pow`, whose last
    /// bit varies between C libraries).
    private static func power(_ r: Double, _ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= r }
        return result
    }

    /// Fisher–Yates driven by SplitMix64 seeded from the row, fixed forever.
    private static func shuffled(_ slots: [Int], row: Int) -> [Int] {
        var result = slots
        var state: UInt64 = 0x4C61_6E74_6572_6E00 &+ UInt64(row)
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            result.swapAt(i, Int(z % UInt64(i + 1)))
        }
        return result
    }
}
