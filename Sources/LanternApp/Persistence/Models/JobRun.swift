import Fluent
import Foundation

/// One run of a scheduled job in one time window. The unique (job, window) pair is the lock:
/// with many nodes on one database, exactly one insert wins and only that node runs the job.
final class JobRun: Model, @unchecked Sendable {
    static let schema = "job_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @Field(key: "window_start") var windowStart: Int64
    @Field(key: "node") var node: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "result") var result: String?

    init() {}

    init(job: String, windowStart: Int64, node: String, startedAt: Date) {
        id = UUID()
        self.job = job
        self.windowStart = windowStart
        self.node = node
        self.startedAt = startedAt
    }
}
