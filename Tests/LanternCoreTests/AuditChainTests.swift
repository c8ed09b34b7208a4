import Testing
@testable import LanternCore

@Suite struct AuditChainTests {
    static func chain(_ count: Int) -> [(AuditRecord, String)] {
        var previous = AuditChain.genesis
        return (1...count).map { n in
            let record = AuditRecord(sequence: Int64(n), occurredAtMillis: 1_700_000_000_000 + Int64(n),
                                     actorUserID: "user-\(n % 3)", organisationID: "org-1", action: "case.view",
                                     recordType: "case", recordID: "rec-\(n)", outcome: "allowed",
                                     requestID: "req-\(n)", sourceAddress: "127.0.0.1")
            let hash = record.chainHash(previous: previous)
            previous = hash
            return (record, hash)
        }
    }

    static func verify(_ entries: [(AuditRecord, String)], head: (Int64, String)) -> AuditChain.Verdict {
        var verifier = AuditChain.Verifier()
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
        #expect(a.chainHash(previous: AuditChain.genesis) != b.chainHash(previous: AuditChain.genesis))
    }
}
