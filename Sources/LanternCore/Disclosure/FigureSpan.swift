/// Arithmetic modulo a prime p < 2^63.
///
/// Why a prime field is sound here. A hidden figure f is recoverable when its 0/1 atom vector
/// lies in the rational span of the published figures' vectors P. Working modulo p can only
/// get this wrong in the unsafe direction (missing a recoverable figure) if the rank of P
/// drops modulo p: if rank_p(P) = rank_Q(P) = r then rank_p(P + f) ≤ rank_Q(P + f) = r, so f is
/// in the span mod p too. (The opposite error, a figure seen as recoverable only mod p, just
/// hides one figure more than needed.) A rank drop needs p to divide every r × r minor of P,
/// and a non-zero minor of a 0/1 matrix is at most (r+1)^((r+1)/2) / 2^r (Hadamard). Every
/// check here runs over two primes, 2^61 − 1 and 2^31 − 1, and a figure counts as recoverable
/// if either says so; being wrong would need a non-zero minor divisible by both, i.e. at least
/// about 2^92, which no 0/1 matrix of rank 48 or less has and, beyond that, would need an
/// adversarially built set of figures (hierarchies and two-way tables with their totals give
/// matrices whose minors are all 0 or ±1). Integer or rational elimination would be exact, but
/// its numbers outgrow 64 bits on sets this size and would need arbitrary precision.
struct PrimeField: Sendable {
    let p: UInt64

    static let mersenne61 = PrimeField(p: (1 << 61) - 1)
    static let mersenne31 = PrimeField(p: (1 << 31) - 1)
    static let all = [mersenne61, mersenne31]

    func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let sum = a + b
        return sum >= p ? sum - p : sum
    }

    func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 { a >= b ? a - b : a + (p - b) }

    func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
    }

    func inverse(_ a: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = a, exponent = p - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }
}

/// The span of some figures' 0/1 atom vectors over a prime field, built by Gaussian
/// elimination that remembers how each basis row was made from the figures, so that it can say
/// whether another vector lies in the span, by which combination of figures, and which figures
/// every such combination must use.
struct FigureSpan {
    /// A vector with only its non-zero entries.
    struct Sparse {
        var indices: [Int] = []
        var values: [UInt64] = []
    }

    let field: PrimeField
    let atomCount: Int
    /// The figure (caller's index) behind each generator.
    let figures: [Int]
    /// Basis rows in insertion order; row k is zero at every earlier pivot and 1 at its own.
    private var pivots: [Int] = []
    private var rows: [Sparse] = []
    /// Each basis row as a combination of generators.
    private var combinations: [Sparse] = []
    /// Generators that take part in some linear dependency among the generators; the others
    /// (coloops) appear with the same coefficient in every derivation of a vector.
    private var dependent: [Bool]

    init(field: PrimeField, atomCount: Int, generators: [[Int]], figures: [Int]) {
        self.field = field
        self.atomCount = atomCount
        self.figures = figures
        dependent = Array(repeating: false, count: generators.count)
        for generator in 0..<generators.count {
            var (vector, combination) = reduce(generators[generator])
            guard let pivot = Self.firstNonZero(vector) else {
                dependent[generator] = true
                for other in 0..<combination.count where combination[other] != 0 { dependent[other] = true }
                continue
            }
            let scale = field.inverse(vector[pivot])
            // The remainder is the generator minus the combination already subtracted.
            for index in 0..<combination.count where combination[index] != 0 {
                combination[index] = field.subtract(0, combination[index])
            }
            combination[generator] = field.add(combination[generator], 1)
            pivots.append(pivot)
            rows.append(Self.sparse(vector, scaledBy: scale, field: field))
            combinations.append(Self.sparse(combination, scaledBy: scale, field: field))
        }
    }

    private static func firstNonZero(_ dense: [UInt64]) -> Int? {
        dense.withUnsafeBufferPointer { dense in
            for index in 0..<dense.count where dense[index] != 0 { return index }
            return nil
        }
    }

    private static func sparse(_ dense: [UInt64], scaledBy scale: UInt64, field: PrimeField) -> Sparse {
        var result = Sparse()
        dense.withUnsafeBufferPointer { dense in
            for index in 0..<dense.count where dense[index] != 0 {
                result.indices.append(index)
                result.values.append(field.multiply(dense[index], scale))
            }
        }
        return result
    }

    /// Eliminates a 0/1 vector against the basis: what is left, and the combination of
    /// generators subtracted on the way (vector = combination · generators + remainder).
    /// Rows are applied in insertion order: each is zero at every earlier row's pivot, so a
    /// pivot once cleared stays cleared. (Unsafe buffers only to keep debug builds quick.)
    private func reduce(_ atoms: [Int]) -> (remainder: [UInt64], combination: [UInt64]) {
        var vector = [UInt64](repeating: 0, count: atomCount)
        var combination = [UInt64](repeating: 0, count: dependent.count)
        let field = field
        vector.withUnsafeMutableBufferPointer { vector in
            combination.withUnsafeMutableBufferPointer { combination in
                for atom in atoms { vector[atom] = 1 }
                pivots.withUnsafeBufferPointer { pivots in
                    for k in 0..<pivots.count {
                        let coefficient = vector[pivots[k]]
                        if coefficient == 0 { continue }
                        Self.accumulate(rows[k], times: field.subtract(0, coefficient), into: vector, field: field)
                        Self.accumulate(combinations[k], times: coefficient, into: combination, field: field)
                    }
                }
            }
        }
        return (vector, combination)
    }

    /// target += factor · sparse.
    private static func accumulate(_ sparse: Sparse, times factor: UInt64, into target: UnsafeMutableBufferPointer<UInt64>,
                                   field: PrimeField) {
        sparse.indices.withUnsafeBufferPointer { indices in
            sparse.values.withUnsafeBufferPointer { values in
                for i in 0..<indices.count {
                    target[indices[i]] = field.add(target[indices[i]], field.multiply(factor, values[i]))
                }
            }
        }
    }

    /// If the vector lies in the span, one derivation: the generators it uses (by position)
    /// with non-zero coefficients. Nil when it is not determined.
    func derivation(of atoms: [Int]) -> [Int]? {
        let (remainder, combination) = reduce(atoms)
        guard Self.firstNonZero(remainder) == nil else { return nil }
        var used: [Int] = []
        for generator in 0..<combination.count where combination[generator] != 0 { used.append(generator) }
        return used
    }

    /// Whether a generator is needed by every derivation that uses it (it is in no dependency).
    func isEssential(_ generator: Int) -> Bool { !dependent[generator] }
}
