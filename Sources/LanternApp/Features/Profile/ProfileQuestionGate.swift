import Foundation
import NIOConcurrencyHelpers
import Vapor

/// One profile question at a time per person, and an answer within a time limit.
///
/// Every answer is computed from the cases when it is asked. Without these bounds one
/// person could send the same heavy question many times at once and keep both cores busy
/// for everyone. A question that runs past the limit is answered with a clear message;
/// its work finishes in the background and only then may the person ask again, so
/// re-asking cannot pile work up.
final class ProfileQuestionGate: Sendable {
    let timeLimit: Duration
    private let asking = NIOLockedValueBox<Set<UUID>>([])

    init(timeLimit: Duration = .seconds(20)) { self.timeLimit = timeLimit }

    func answer<T: Sendable>(for person: UUID, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let entered = asking.withLockedValue { $0.insert(person).inserted }
        guard entered else { throw LanternError.questionBusy }
        let finished = NIOLockedValueBox(false)
        return try await withCheckedThrowingContinuation { (answer: CheckedContinuation<T, any Error>) in
            @Sendable func finish(_ result: Result<T, any Error>) {
                let first = finished.withLockedValue { done -> Bool in
                    defer { done = true }
                    return !done
                }
                if first { answer.resume(with: result) }
            }
            let computing = Task {
                let result = await Result { try await work() }
                asking.withLockedValue { _ = $0.remove(person) }
                finish(result)
            }
            let limit = timeLimit
            Task {
                try? await Task.sleep(for: limit)
                finish(.failure(LanternError.questionTooLarge(
                    "This question took longer than \(limit.components.seconds) seconds to answer. "
                        + "Choose fewer quarters, fewer categories or a filter, and ask again when it has finished.")))
                _ = computing
            }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
