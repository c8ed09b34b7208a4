/// The cascade as its page shows it, without holding everyone in it: the trainers' own tree
/// (who trained each trainer, built exactly as `CascadeTree` does) and, under each trainer,
/// how many people they placed in the cascade. Everyone who trained no one is a leaf, so they
/// need only be counted: at London's scale that is nearly everyone, and the tree to build
/// shrinks from every trained person to the few hundred who went on to train.
public struct CascadeOfTrainers<Person: Hashable & Sendable & Comparable>: Sendable {
    /// The trainers, placed under whoever placed them in the cascade.
    public let tree: CascadeTree<Person>
    /// Each trainer's trainees who trained no one themselves.
    public let othersTrained: [Person: Int]
    /// Everyone who placed someone in the cascade.
    public let trainers: Set<Person>

    /// - Parameters:
    ///   - placedBy: how many people each trainer placed in the cascade (all of them, trainers or not).
    ///   - trainerLinks: the links whose trainee is also in `placedBy`, earliest first.
    public init(placedBy: [Person: Int], trainerLinks: some Sequence<CascadeLink<Person>>) {
        let links = Array(trainerLinks)
        let trainers = Set(placedBy.filter { $0.value > 0 }.keys)
        self.trainers = trainers
        self.tree = CascadeTree(links: links.filter { trainers.contains($0.trainee) })
        // A trainer link the tree refused (it would loop, or re-place someone) was still
        // counted by `placedBy`; it is neither a trainer below nor anyone else trained.
        var trainerTrainees: [Person: Int] = [:]
        for link in links where trainers.contains(link.trainee) { trainerTrainees[link.trainer, default: 0] += 1 }
        var others: [Person: Int] = [:]
        for trainer in trainers {
            let count = (placedBy[trainer] ?? 0) - (trainerTrainees[trainer] ?? 0)
            if count > 0 { others[trainer] = count }
        }
        self.othersTrained = others
    }

    /// Trainers no one in the cascade trained, in order.
    public var roots: [Person] { trainers.filter { tree.parent[$0] == nil }.sorted() }

    /// The trainers a trainer trained, in order (the tree holds only trainers).
    public func trainersTrained(by person: Person) -> [Person] { tree.children[person] ?? [] }

    /// How many people the person placed in the cascade themselves.
    public func trainedDirectly(by person: Person) -> Int {
        (tree.children[person]?.count ?? 0) + (othersTrained[person] ?? 0)
    }

    /// Each trainer's generation (0 for a root).
    public func depthOfEveryTrainer() -> [Person: Int] {
        let depths = tree.depthOfEveryone()
        var result: [Person: Int] = [:]
        for trainer in trainers { result[trainer] = depths[trainer] ?? 0 }
        return result
    }

    /// How many people each trainer reached downstream, everyone below them counted once.
    public func reachOfEveryTrainer(depths: [Person: Int]? = nil) -> [Person: Int] {
        let depthOf = depths ?? depthOfEveryTrainer()
        var reach: [Person: Int] = [:]
        for person in trainers.sorted(by: { depthOf[$0, default: 0] > depthOf[$1, default: 0] }) {
            reach[person] = (othersTrained[person] ?? 0) + (tree.children[person] ?? []).reduce(0) { $0 + 1 + reach[$1, default: 0] }
        }
        return reach
    }

    /// Everyone placed under a trainer.
    public var peopleReached: Int { tree.parent.count + othersTrained.values.reduce(0, +) }

    /// The deepest generation: a trainer's own depth, or one below for the people they trained.
    public func generations(depths: [Person: Int]? = nil) -> Int {
        let depthOf = depths ?? depthOfEveryTrainer()
        var deepest = 0
        for trainer in trainers {
            let depth = depthOf[trainer] ?? 0
            deepest = max(deepest, trainedDirectly(by: trainer) > 0 ? depth + 1 : depth)
        }
        return deepest
    }
}
