/// The Train-the-Trainer cascade: who trained whom. Each person sits under the trainer of the
/// first session they attended that was added to the cascade; a training that would make the
/// tree loop (someone trained by a person they trained, directly or further down, or by
/// themselves) is refused, so the result is always a forest. Depth counts generations from a
/// root (0); reach is the number of people trained downstream (every descendant).
public struct CascadeLink<Person: Hashable & Sendable>: Hashable, Sendable {
    public var trainer: Person
    public var trainee: Person

    public init(trainer: Person, trainee: Person) {
        self.trainer = trainer
        self.trainee = trainee
    }
}

/// What adding one link did.
public enum CascadeOutcome: Sendable, Equatable {
    case added
    /// The trainee already sits under a trainer (their first training keeps its place).
    case alreadyPlaced
    /// The trainee is the trainer, or one of the trainer's ancestors.
    case wouldLoop
}

public struct CascadeTree<Person: Hashable & Sendable & Comparable>: Sendable {
    /// Each trained person's trainer.
    public private(set) var parent: [Person: Person] = [:]
    /// Each trainer's trainees, in order.
    public private(set) var children: [Person: [Person]] = [:]
    /// Links that were not added: the trainee already had a place, or adding it would loop.
    public private(set) var refused: [CascadeLink<Person>] = []
    private var everyone: Set<Person> = []

    /// The tree from links in the order they happened (earliest first).
    public init(links: some Sequence<CascadeLink<Person>>) {
        for link in links { _ = add(link) }
        for key in children.keys { children[key]?.sort() }
    }

    /// Adds one link, unless the trainee is already placed or it would loop.
    @discardableResult
    public mutating func add(_ link: CascadeLink<Person>) -> CascadeOutcome {
        if wouldLoop(trainer: link.trainer, trainee: link.trainee) {
            refused.append(link)
            return .wouldLoop
        }
        if parent[link.trainee] != nil {
            refused.append(link)
            return .alreadyPlaced
        }
        parent[link.trainee] = link.trainer
        children[link.trainer, default: []].append(link.trainee)
        everyone.insert(link.trainer)
        everyone.insert(link.trainee)
        return .added
    }

    /// Whether `trainer` training `trainee` would close a loop: the same person, or the
    /// trainee is already above the trainer.
    public func wouldLoop(trainer: Person, trainee: Person) -> Bool {
        if trainer == trainee { return true }
        var cursor = trainer
        var seen: Set<Person> = [cursor]
        while let up = parent[cursor] {
            if up == trainee { return true }
            // Cannot happen in a tree built by `add`; stops a walk rather than spin.
            guard seen.insert(up).inserted else { return true }
            cursor = up
        }
        return false
    }

    /// People no one in the cascade trained, who trained someone, in order.
    public var roots: [Person] { everyone.filter { parent[$0] == nil }.sorted() }

    /// Everyone in the tree.
    public var people: Set<Person> { everyone }

    /// Generations from a root: 0 for a root (or anyone not in the tree).
    public func depth(of person: Person) -> Int {
        var depth = 0, cursor = person
        while let up = parent[cursor] { depth += 1; cursor = up }
        return depth
    }

    /// Everyone below the person, level by level.
    public func descendants(of person: Person) -> [Person] {
        var result: [Person] = [], frontier = children[person] ?? []
        while !frontier.isEmpty {
            result.append(contentsOf: frontier)
            frontier = frontier.flatMap { children[$0] ?? [] }
        }
        return result
    }

    /// The generations under a person: [0] is their trainees, [1] their trainees' trainees, and so on.
    public func generations(below person: Person) -> [[Person]] {
        var result: [[Person]] = [], frontier = children[person] ?? []
        while !frontier.isEmpty {
            result.append(frontier)
            frontier = frontier.flatMap { children[$0] ?? [] }
        }
        return result
    }

    /// Everyone's generation from their root (0 for a root), level by level from the roots:
    /// one pass, where asking `depth(of:)` of each person walks each line up again.
    public func depthOfEveryone() -> [Person: Int] {
        var depthOf: [Person: Int] = [:]
        depthOf.reserveCapacity(everyone.count)
        for root in roots {
            depthOf[root] = 0
            var frontier = [root], level = 0
            while !frontier.isEmpty {
                level += 1
                frontier = frontier.flatMap { children[$0] ?? [] }
                for person in frontier { depthOf[person] = level }
            }
        }
        return depthOf
    }

    /// How many people each person reached downstream, for everyone in the tree at once
    /// (one pass from the leaves up: the cost grows with the tree, not with its depth squared).
    /// `depths` is `depthOfEveryone()`, passed in when the caller has it already.
    public func reachOfEveryone(depths: [Person: Int]? = nil) -> [Person: Int] {
        let depthOf = depths ?? depthOfEveryone()
        var reach: [Person: Int] = [:]
        reach.reserveCapacity(everyone.count)
        // Parents after children: deepest first.
        for person in everyone.sorted(by: { depthOf[$0, default: 0] > depthOf[$1, default: 0] }) {
            reach[person] = (children[person] ?? []).reduce(0) { $0 + 1 + reach[$1, default: 0] }
        }
        return reach
    }

    /// The number of people trained downstream of one person.
    public func reach(of person: Person) -> Int { descendants(of: person).count }
}

/// Where one new completion goes in the cascade, decided from the trainer's line upwards (so
/// recording attendance need not load the whole tree).
public enum CascadePlacement {
    /// `ancestorsOfTrainer`: the trainer's trainer, theirs, and so on up to a root.
    public static func place<Person: Equatable>(trainer: Person, trainee: Person, ancestorsOfTrainer: [Person],
                                                traineeAlreadyPlaced: Bool) -> CascadeOutcome {
        if trainer == trainee || ancestorsOfTrainer.contains(trainee) { return .wouldLoop }
        return traineeAlreadyPlaced ? .alreadyPlaced : .added
    }
}
