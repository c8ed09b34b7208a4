/// One figure in a released set, defined by the finest cells ("atoms") it adds up: a borough
/// figure is one atom, a police BCU figure the sum of its boroughs, a year the sum of its
/// quarters. Figures that are sums of each other can reveal each other by subtraction.
public struct FigureDefinition: Sendable, Hashable {
    /// Unique within a release; the key of the protected result.
    public var id: String
    /// Ids of the finest cells this figure adds up.
    public var atoms: Set<String>
    /// The true count, the sum of its atoms' counts.
    public var value: Int

    public init(id: String, atoms: Set<String>, value: Int) {
        self.id = id
        self.atoms = atoms
        self.value = value
    }
}

/// The reader's view of a release: which hidden figures can be worked out exactly from the
/// shown ones. Usable by any test that wants to check a release.
public enum DisclosureAudit {
    /// Ids of figures not published as a count (hidden, or missing from `published`) whose
    /// value follows exactly from the published counts: their atoms' indicator vector lies in
    /// the linear span of the published figures' vectors. Figures with no atoms are empty by
    /// definition and are not reported. Bounds (a hidden count known to lie between two values)
    /// are not this check's concern.
    public static func recoverable(_ figures: [FigureDefinition], published: [String: DisclosedValue]) -> Set<String> {
        let system = FigureSystem(figures)
        let shown = system.figures.indices.filter { published[system.figures[$0].id]?.count != nil }
        let hiddenFigures = system.figures.indices.filter { published[system.figures[$0].id]?.count == nil }
        var found: Set<String> = []
        for field in PrimeField.all {
            let span = system.span(of: shown, over: field)
            for figure in hiddenFigures where !system.atoms[figure].isEmpty && span.derivation(of: system.atoms[figure]) != nil {
                found.insert(system.figures[figure].id)
            }
        }
        return found
    }
}

/// Figures with their atoms numbered, in a fixed order (by id) so results never depend on the
/// order the caller listed them in.
struct FigureSystem {
    let figures: [FigureDefinition]
    let atomCount: Int
    /// Each figure's atoms as sorted indices.
    let atoms: [[Int]]

    init(_ figures: [FigureDefinition]) {
        self.figures = figures.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
        let names = Set(figures.flatMap(\.atoms)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        atomCount = names.count
        atoms = self.figures.map { $0.atoms.map { index[$0]! }.sorted() }
    }

    func span(of generators: [Int], over field: PrimeField) -> FigureSpan {
        FigureSpan(field: field, atomCount: atomCount, generators: generators.map { atoms[$0] }, figures: generators)
    }
}
