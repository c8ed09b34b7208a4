import Testing
@testable import LanternCore

@Suite struct AuditChainTests {
    static let key = AuditChainKey(bytes: Array(repeating: 7, count: 32))

    static func chain(_ count: Int, key: AuditChainKey = key) -> [(AuditRecord, String)] {
        var previous = AuditChain.genesis
        return (1...count).map { n in
            let record = AuditRecord(sequence: Int64(n), occurredAtMillis: 1_700_000_000_000 + Int64(n),
                                     actorUserID: "user-\(n % 3)", organisationID: "org-1", action: "case.view",
                                     recordType: "case", recordID: "rec-\(n)", outcome: "allowed",
                                     requestID: "req-\(n)", sourceAddress: "127.0.0.1")
            let hash = record.chainHash(previous: previous, key: key)
            previous = hash
            return (record, hash)
        }
    }

    static func verify(_ entries: [(AuditRecord, String)], head: (Int64, String),
                       anchor: AuditChain.Anchor? = nil) -> AuditChain.Verdict {
        var verifier = AuditChain.Verifier(key: key, anchor: anchor)
        for (record, hash) in entries { verifier.check(record, storedHash: hash) }
        return verifier.verdict(headSequence: head.0, headHash: head.1)
    }

    @Test func anUntouchedChainIsIntact() {
        let entries = Self.chain(10)
        #expect(Self.verify(entries, head: (10, entries[9].1)) == .intact(entries: 10))
    }

    @Test func anEmptyChainIsIntact() {
        #expect(Self.verify([], head: (0, AuditChain.genesis)) == .intact(entries: 0))
    }

    @Test(arguments: 0..<10)
    func alteringAnyFieldOfAnyEntryIsCaught(index: Int) {
        var entries = Self.chain(10)
        entries[index].0.action = "case.edit"
        #expect(Self.verify(entries, head: (10, entries[9].1)) == .broken(sequence: Int64(index + 1),
                                                                            reason: "entry \(index + 1) was altered"))
    }

    @Test func removingAnEntryIsCaught() {
        var entries = Self.chain(10)
        entries.remove(at: 4)
        guard case .broken(let sequence, _) = Self.verify(entries, head: (10, entries.last!.1)) else {
            Issue.record("removal not detected"); return
        }
        #expect(sequence == 5)
    }

    @Test func reorderingIsCaught() {
        var entries = Self.chain(10)
        entries.swapAt(2, 3)
        #expect(Self.verify(entries, head: (10, entries[9].1)) != .intact(entries: 10))
    }

    @Test func truncatingTheEndIsCaughtByTheHead() {
        let entries = Self.chain(10)
        let verdict = Self.verify(Array(entries.prefix(8)), head: (10, entries[9].1))
        #expect(verdict == .broken(sequence: 9, reason: "the log ends at entry 8 but the chain head records entry 10"))
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = AuditRecord(sequence: 1, occurredAtMillis: 1, actorUserID: "ab", organisationID: "c", action: "x",
                            recordType: nil, recordID: nil, outcome: "o", requestID: nil, sourceAddress: nil)
        var b = a
        b.actorUserID = "a"
        b.organisationID = "bc"
        #expect(a.chainHash(previous: AuditChain.genesis, key: Self.key) != b.chainHash(previous: AuditChain.genesis, key: Self.key))
    }

    @Test func aChainRecomputedWithoutTheKeyIsCaught() {
        // The attacker alters entry 3 and recomputes every hash after it, but with another key
        // (or the old unkeyed formula): each recomputed entry fails.
        var entries = Self.chain(10)
        entries[2].0.action = "case.nothing.to.see"
        var previous = entries[1].1
        for index in 2..<10 {
            entries[index].1 = entries[index].0.unkeyedChainHash(previous: previous)
            previous = entries[index].1
        }
        #expect(Self.verify(entries, head: (10, previous)) == .broken(sequence: 3, reason: "entry 3 was altered"))
        let forged = Self.chain(10, key: AuditChainKey(bytes: Array(repeating: 8, count: 32)))
        #expect(Self.verify(forged, head: (10, forged[9].1)) == .broken(sequence: 1, reason: "entry 1 was altered"))
    }

    @Test func anAnchorCatchesAChainCutAndRolledBack() {
        let entries = Self.chain(10)
        let anchor = AuditChain.Anchor(sequence: 10, hash: entries[9].1)
        #expect(AuditChain.Anchor(text: anchor.description) == anchor)
        #expect(Self.verify(entries, head: (10, entries[9].1), anchor: anchor) == .intact(entries: 10))
        // Cut the last two entries and roll the head back: consistent, but the anchor disagrees.
        let cut = Array(entries.prefix(8))
        #expect(Self.verify(cut, head: (8, cut[7].1)) == .intact(entries: 8))
        #expect(Self.verify(cut, head: (8, cut[7].1), anchor: anchor)
                == .broken(sequence: 9, reason: "the log ends at entry 8 but the anchor kept outside the database records entry 10"))
        // An anchor whose hash differs (the key holder rewrote history) is caught at its entry.
        let other = AuditChain.Anchor(sequence: 5, hash: String(repeating: "a", count: 64))
        #expect(Self.verify(entries, head: (10, entries[9].1), anchor: other)
                == .broken(sequence: 5, reason: "entry 5 differs from the anchor kept outside the database"))
        #expect(AuditChain.Anchor(text: "12:xyz") == nil)
    }
}
