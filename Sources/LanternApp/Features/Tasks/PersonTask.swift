import Fluent
import Foundation

/// Something a person has to do, in "Your tasks". The title says what and names a case by its
/// reference at most; the link leads to where it is done.
final class PersonTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "owner_id") var ownerID: UUID
    /// A task for a whole team (teams arrive later); nil for one person's task.
    @OptionalField(key: "team_id") var teamID: UUID?
    @Field(key: "title") var title: String
    /// A path inside Lantern.
    @Field(key: "link") var link: String
    @OptionalField(key: "due_on") var dueOn: Int?
    /// What made the task (e.g. `stage_deadline:<case>:<day>`): the same thing never makes
    /// the same person two tasks.
    @OptionalField(key: "source_key") var sourceKey: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}
}
