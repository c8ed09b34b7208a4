import Fluent
import LanternCore

/// Group commit for audit entries that stand alone (a case viewed, access refused, a list
/// read). Each caller waits until its entry is committed, exactly as with a transaction of
/// its own, but entries that arrive while a commit is in flight share the next one: one
/// chain-head update and one sync to disk for the group instead of one per entry. Under
/// load that is what lets every read be audited without the log becoming the bottleneck.
actor AuditWriter {
    /// Bounded so one insert stays well inside SQLite's limit on bound parameters.
    static let largestGroup = 500

    private var waiting: [(entry: PendingAudit, done: CheckedContinuation<Void, any Error>)] = []
    private var committing = false

    /// Returns once the entry is committed; throws if the commit failed (nothing was stored).
    func append(_ entry: PendingAudit, key: AuditChainKey, on database: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((entry, done))
            if !committing {
                committing = true
                Task { await self.commitWhileWaiting(key: key, on: database) }
            }
        }
    }

    /// Commits groups until nobody is waiting. Entries queue up while a commit is awaited
    /// (the actor is free then), and become the next group.
    private func commitWhileWaiting(key: AuditChainKey, on database: any Database) async {
        while !waiting.isEmpty {
            let group = Array(waiting.prefix(Self.largestGroup))
            waiting.removeFirst(group.count)
            do {
                try await database.transaction { tx in
                    try await AuditLog.append(group.map(\.entry), key: key, on: tx)
                }
                for member in group { member.done.resume() }
            } catch {
                for member in group { member.done.resume(throwing: error) }
            }
        }
        committing = false
    }
}
