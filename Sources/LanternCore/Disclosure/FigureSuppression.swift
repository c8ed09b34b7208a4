/// Suppression for a general released set of figures that are sums of atoms.
///
/// Primary suppression by value, then rounds of: find every hidden figure that the shown ones
/// determine exactly (see `FigureSpan`), and for each hide one more shown figure, chosen from
/// a derivation of it — a figure every derivation needs when there is one (hiding it is sure
/// to break the derivation), otherwise any figure the derivation uses — preferring non-zero,
/// then the smallest count, then the fewest atoms, then the id. One figure per hidden figure
/// per round, skipping hidden figures whose derivation already lost a figure this round, keeps
/// rounds few without hiding much more than needed. Every round hides at least one more
/// figure, so it ends; it ends when both primes agree that nothing hidden is determined.
///
/// For a borough and a police BCU that is the sum of three boroughs, a hidden borough is
/// protected by hiding the smallest other borough of that BCU, or the BCU figure itself if it
/// is smaller. ("Hide a figure that shares an atom" would always take the BCU, and in a table
/// always the totals rather than the next smallest cell.)
struct FigureSuppression {
    let system: FigureSystem
    private(set) var hidden: [SuppressionReason?]

    init(_ figures: [FigureDefinition], rules: DisclosureRules) {
        system = FigureSystem(figures)
        hidden = system.figures.map { rules.isSensitive($0.value) ? .primary : nil }
        let fields = PrimeField.all
        var cleanChecks = 0
        var field = 0
        while cleanChecks < fields.count {
            if hideOneRound(over: fields[field]) {
                cleanChecks = 0
            } else {
                cleanChecks += 1
                field = (field + 1) % fields.count
            }
        }
    }

    /// Hides figures to break the derivations of determined hidden figures; false when none
    /// could be broken (nothing hidden is determined, or only empty figures are).
    private mutating func hideOneRound(over field: PrimeField) -> Bool {
        let shown = hidden.indices.filter { hidden[$0] == nil }
        let span = system.span(of: shown, over: field)
        var chosen: Set<Int> = []
        for figure in hidden.indices where hidden[figure] != nil {
            guard let derivation = span.derivation(of: system.atoms[figure]), !derivation.isEmpty else { continue }
            let used = derivation.map { span.figures[$0] }
            if used.contains(where: chosen.contains) { continue }
            let essential = derivation.filter(span.isEssential).map { span.figures[$0] }
            let pool = essential.isEmpty ? used : essential
            if let pick = pool.min(by: { preference($0) < preference($1) }) { chosen.insert(pick) }
        }
        for figure in chosen { hidden[figure] = .secondary }
        return !chosen.isEmpty
    }

    private func preference(_ figure: Int) -> (Int, Int, Int, Int) {
        let value = system.figures[figure].value
        return (value == 0 ? 1 : 0, value, system.atoms[figure].count, figure)
    }
}
