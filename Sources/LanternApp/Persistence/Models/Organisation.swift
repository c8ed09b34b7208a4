import Fluent
import Foundation
import LanternCore

final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$organisation) var boroughs: [OrganisationBorough]

    init() {}

    init(id: UUID = UUID(), name: String, kind: OrganisationKind, createdAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind.rawValue
        self.createdAt = createdAt
    }

    var organisationKind: OrganisationKind? { OrganisationKind(rawValue: kind) }
}

/// Ties an organisation to a London borough it covers (a police BCU covers several).
final class OrganisationBorough: Model, @unchecked Sendable {
    static let schema = "organisation_boroughs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "borough_code") var boroughCode: String

    init() {}

    init(organisationID: UUID, boroughCode: String) {
        self.id = UUID()
        self.$organisation.id = organisationID
        self.boroughCode = boroughCode
    }
}
