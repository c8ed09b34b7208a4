import NIOConcurrencyHelpers

/// A first-come, first-served queue in front of the database's writers: at most `width`
/// write transactions run at once in this process; the rest wait here, in order, without
/// holding a connection.
///
/// Why: SQLite has one writer. Left to itself, every waiting connection polls for the write
/// lock with growing sleeps (`busy_timeout`), so under a burst the connection that just
/// committed usually wins again and others starve until the pool gives up
/// (`connectionRequestTimeout`). Queueing in the process, as GRDB's one-writer pool does,
/// turns that lottery into a line. On PostgreSQL the width leaves connections for readers,
/// so a burst of writes queues here instead of timing out in the pool.
final class WriteQueue: Sendable {
    let width: Int
    private let state: NIOLockedValueBox<State>

    private struct State {
        var running = 0
        var waiting: [@Sendable () -> Void] = []
    }

    init(width: Int) {
        self.width = max(1, width)
        self.state = NIOLockedValueBox(State())
    }

    /// Calls `work` once a place is free, handing it the function that gives the place back;
    /// `work` must call it exactly once, when the write has finished either way.
    func enter(_ work: @escaping @Sendable (_ leave: @escaping @Sendable () -> Void) -> Void) {
        let start: @Sendable () -> Void = { [self] in work { self.leave() } }
        let runNow = state.withLockedValue { state -> Bool in
            if state.running < width {
                state.running += 1
                return true
            }
            state.waiting.append(start)
            return false
        }
        if runNow { start() }
    }

    /// Runs `body` in its turn.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            enter { leave in
                Task {
                    do { done.resume(returning: try await body()) } catch { done.resume(throwing: error) }
                    leave()
                }
            }
        }
    }

    /// How many writes are waiting for a place (for metrics and tests).
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

    private func leave() {
        let next = state.withLockedValue { state -> (@Sendable () -> Void)? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            // The place passes straight to the next in line; `running` stays the same.
            return state.waiting.removeFirst()
        }
        next?()
    }
}
