import Fluent
import Foundation

/// A team within an organisation: a council's adult safeguarding or housing team, a police
/// BCU's SPOC, an NHS trust's safeguarding team. Shares, cases and tasks can address one.
final class Team: Model, @unchecked Sendable {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), organisationID: UUID, name: String, createdAt: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.name = name
        self.createdAt = createdAt
    }
}

/// A person's place in a team (of their own organisation).
final class TeamMember: Model, @unchecked Sendable {
    static let schema = "team_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "team_id") var team: Team
    @Parent(key: "user_id") var user: User
    @Field(key: "added_at") var addedAt: Date
    @Field(key: "added_by") var addedBy: UUID

    init() {}
}
