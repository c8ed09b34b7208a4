import Testing
@testable import LanternCore

/// The trainers-only cascade (trainers' links plus a count per trainer) answers exactly as the
/// whole tree of everyone does: the same roots, generations, reach and people trained, over
/// random histories with loops and re-placings attempted on purpose.
@Suite struct CascadeOfTrainersTests {
    /// What the store holds: the links the whole tree kept (one place per person, no loops).
    static func stored(_ links: [CascadeLink<Int>]) -> [CascadeLink<Int>] {
        var tree = CascadeTree<Int>(links: [])
        return links.filter { tree.add($0) == .added }
    }

    static func summary(of kept: [CascadeLink<Int>]) -> CascadeOfTrainers<Int> {
        let placedBy = Dictionary(kept.map { ($0.trainer, 1) }, uniquingKeysWith: +)
        return CascadeOfTrainers(placedBy: placedBy, trainerLinks: kept.filter { placedBy[$0.trainee] != nil })
    }

    @Test(arguments: 1...60)
    func agreesWithTheWholeTree(seed: Int) {
        let kept = Self.stored(CascadeTreeTests.history(seed: UInt64(seed) &* 104_729, people: 5 + seed % 50, links: 10 + seed * 4))
        let whole = CascadeTree(links: kept)
        let trainers = Self.summary(of: kept)
        let depths = whole.depthOfEveryone(), reach = whole.reachOfEveryone()
        let trainerDepths = trainers.depthOfEveryTrainer(), trainerReach = trainers.reachOfEveryTrainer()
        let wholeTrainers = whole.people.filter { !(whole.children[$0] ?? []).isEmpty }
        #expect(trainers.trainers == wholeTrainers)
        #expect(trainers.roots == whole.roots)
        #expect(trainers.peopleReached == whole.people.count - whole.roots.count)
        #expect(trainers.generations() == (depths.values.max() ?? 0))
        for person in wholeTrainers {
            #expect(trainerDepths[person] == depths[person])
            #expect(trainerReach[person] == reach[person])
            #expect(trainers.trainedDirectly(by: person) == whole.children[person]?.count)
            #expect(trainers.trainersTrained(by: person) == (whole.children[person] ?? []).filter { wholeTrainers.contains($0) })
        }
    }

    @Test func aThreeGenerationCascadeCountedNotListed() {
        // Ana trains Ben and nine others; Ben trains Dev and four others; Dev trains two.
        let trainers = CascadeOfTrainers(placedBy: ["ana": 10, "ben": 5, "dev": 2],
                                         trainerLinks: [CascadeLink(trainer: "ana", trainee: "ben"), CascadeLink(trainer: "ben", trainee: "dev")])
        #expect(trainers.roots == ["ana"])
        #expect(trainers.reachOfEveryTrainer() == ["ana": 17, "ben": 7, "dev": 2])
        #expect(trainers.depthOfEveryTrainer() == ["ana": 0, "ben": 1, "dev": 2])
        #expect(trainers.generations() == 3)
        #expect(trainers.peopleReached == 17)
        #expect(trainers.trainedDirectly(by: "ben") == 5)
    }

    @Test func aLinkThatWouldLoopIsNeitherATrainerBelowNorSomeoneTrained() {
        // A store written before one place per person was enforced: Cat's link to Ana is refused.
        let trainers = CascadeOfTrainers(placedBy: ["ana": 3, "cat": 2],
                                         trainerLinks: [CascadeLink(trainer: "ana", trainee: "cat"), CascadeLink(trainer: "cat", trainee: "ana")])
        #expect(trainers.roots == ["ana"])
        #expect(trainers.reachOfEveryTrainer() == ["ana": 4, "cat": 1])
        #expect(trainers.peopleReached == 4)
    }

    @Test func oneHundredThousandPeopleUnderElevenHundredTrainers() {
        // The bench's shape: 10 roots train 100, who train 1,000, who train 99 each.
        var placedBy: [Int: Int] = [:], links: [CascadeLink<Int>] = []
        for trainer in 10..<110 { links.append(CascadeLink(trainer: trainer % 10, trainee: trainer)) }
        for trainer in 110..<1_110 { links.append(CascadeLink(trainer: 10 + trainer % 100, trainee: trainer)) }
        for link in links { placedBy[link.trainer, default: 0] += 1 }
        for trainer in 110..<1_110 { placedBy[trainer] = 99 }
        let trainers = CascadeOfTrainers(placedBy: placedBy, trainerLinks: links)
        #expect(trainers.peopleReached == 1_100 + 99_000)
        #expect(trainers.reachOfEveryTrainer()[0] == 10 + 100 + 9_900)
        #expect(trainers.generations() == 3)
    }
}
