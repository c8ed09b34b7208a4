import Testing
@testable import LanternCore

/// The Train-the-Trainer cascade's properties, over random histories of who trained whom
/// (loops attempted on purpose): the result is always a forest; reach is exactly the number
/// of descendants; depth is the length of the line up to a root; placing one link from the
/// trainer's line upwards agrees with the whole tree.
@Suite struct CascadeTreeTests {
    /// A random history: links among `people` people, many of which would loop or re-place someone.
    static func history(seed: UInt64, people: Int, links: Int) -> [CascadeLink<Int>] {
        var random = SplitMix64(seed: seed)
        return (0..<links).map { _ in
            CascadeLink(trainer: Int(random.next() % UInt64(people)), trainee: Int(random.next() % UInt64(people)))
        }
    }

    @Test(arguments: 1...60)
    func neverLoopsAndReachCountsEveryDescendant(seed: Int) {
        let links = Self.history(seed: UInt64(seed), people: 5 + seed % 40, links: 10 + seed * 3)
        let tree = CascadeTree(links: links)
        let everyone = tree.people
        // No loops: walking up from anyone reaches a root without meeting anyone twice.
        for person in everyone {
            var seen: Set<Int> = [person], cursor = person, steps = 0
            while let up = tree.parent[cursor] {
                #expect(seen.insert(up).inserted, "loop through \(up)")
                cursor = up
                steps += 1
                if steps > everyone.count { break }
            }
            #expect(tree.depth(of: person) == steps)
            #expect(tree.parent[cursor] == nil)
        }
        // Reach: worked out independently, by asking of everyone whether the person is above them.
        let reach = tree.reachOfEveryone()
        let depths = tree.depthOfEveryone()
        for person in everyone { #expect(depths[person] == tree.depth(of: person)) }
        for person in everyone {
            let below = everyone.filter { other in
                var cursor = other
                while let up = tree.parent[cursor] { if up == person { return true }; cursor = up }
                return false
            }.count
            #expect(tree.reach(of: person) == below)
            #expect(reach[person] == below)
        }
        // Every link was either kept or refused, and each trainee has at most one trainer.
        #expect(tree.parent.count + tree.refused.count == links.count)
        #expect(tree.children.values.reduce(0) { $0 + $1.count } == tree.parent.count)
    }

    @Test(arguments: 1...30)
    func placingFromTheTrainersLineAgreesWithTheTree(seed: Int) {
        let links = Self.history(seed: UInt64(seed) &* 7919, people: 12, links: 40)
        var tree = CascadeTree<Int>(links: [])
        for link in links {
            var line: [Int] = [], cursor = link.trainer
            while let up = tree.parent[cursor] { line.append(up); cursor = up }
            let expected = CascadePlacement.place(trainer: link.trainer, trainee: link.trainee, ancestorsOfTrainer: line,
                                                  traineeAlreadyPlaced: tree.parent[link.trainee] != nil)
            #expect(tree.add(link) == expected)
        }
    }

    @Test func aThreeGenerationCascade() {
        // Ana trains Ben and Cat; Ben trains Dev; Dev trains Eve and Fay; Eve then tries to train Ana.
        let tree = CascadeTree(links: [
            CascadeLink(trainer: "ana", trainee: "ben"), CascadeLink(trainer: "ana", trainee: "cat"),
            CascadeLink(trainer: "ben", trainee: "dev"), CascadeLink(trainer: "dev", trainee: "eve"),
            CascadeLink(trainer: "dev", trainee: "fay"), CascadeLink(trainer: "eve", trainee: "ana"),
            CascadeLink(trainer: "cat", trainee: "dev"),
        ])
        #expect(tree.roots == ["ana"])
        #expect(tree.reach(of: "ana") == 5)
        #expect(tree.reach(of: "ben") == 3)
        #expect(tree.depth(of: "eve") == 3)
        #expect(tree.generations(below: "ana") == [["ben", "cat"], ["dev"], ["eve", "fay"]])
        #expect(tree.refused == [CascadeLink(trainer: "eve", trainee: "ana"), CascadeLink(trainer: "cat", trainee: "dev")])
        #expect(tree.wouldLoop(trainer: "fay", trainee: "ben"))
        #expect(tree.wouldLoop(trainer: "cat", trainee: "cat"))
        #expect(!tree.wouldLoop(trainer: "cat", trainee: "fay"))
    }

    @Test func oneHundredThousandPeopleInOnePass() {
        // A wide, deep cascade: reach for everyone at once must not walk each subtree again.
        var links: [CascadeLink<Int>] = []
        for person in 1..<100_000 { links.append(CascadeLink(trainer: (person - 1) / 4, trainee: person)) }
        let tree = CascadeTree(links: links)
        let reach = tree.reachOfEveryone()
        #expect(reach[0] == 99_999)
        #expect(reach[1] == tree.descendants(of: 1).count)
    }
}
