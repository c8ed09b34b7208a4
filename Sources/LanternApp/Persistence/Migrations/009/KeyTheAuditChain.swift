import Fluent
import LanternCore

/// Re-chains the audit log with the keyed hash (`AuditRecord.chainHash(previous:key:)`).
/// The old unkeyed chain is checked first: a log that was already broken stays refused
/// rather than being blessed by the new key.
struct KeyTheAuditChain: AsyncMigration {
    let key: AuditChainKey
    var name: String { "009_KeyTheAuditChain" }

    struct BrokenBeforeKeying: Error, CustomStringConvertible {
        let sequence: Int64
        var description: String { "the audit log was already broken at entry \(sequence) before keying; investigate before upgrading" }
    }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in try await rechain(on: tx) }
    }

    private func rechain(on database: any Database) async throws {
        var previousOld = AuditChain.genesis
        var previousNew = AuditChain.genesis
        var after: Int64 = 0
        var expected: Int64 = 1
        while true {
            let page = try await AuditEntry.query(on: database).filter(\.$id > after).sort(\.$id).limit(2_000).all()
            for entry in page {
                let record = entry.record
                guard record.sequence == expected, record.unkeyedChainHash(previous: previousOld) == entry.hash else {
                    throw BrokenBeforeKeying(sequence: expected)
                }
                previousOld = entry.hash
                previousNew = record.chainHash(previous: previousNew, key: key)
                entry.hash = previousNew
                try await entry.save(on: database)
                expected += 1
            }
            guard let last = page.last?.id, page.count == 2_000 else { break }
            after = last
        }
        if let head = try await AuditHead.find(1, on: database) {
            guard head.hash == previousOld else { throw BrokenBeforeKeying(sequence: expected) }
            head.hash = previousNew
            try await head.save(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        // The unkeyed chain is not restored: going back would remove the protection.
    }
}
