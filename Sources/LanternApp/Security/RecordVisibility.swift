import Fluent
import Vapor
import LanternCore

/// The signed-in person as the access rules see them: their sign-in and the teams they
/// belong to (read once per request).
struct Viewpoint: Sendable {
    let context: SignInContext
    let teamIDs: [UUID]

    var viewer: LanternCore.Viewer {
        LanternCore.Viewer(userID: context.userID.uuidString, organisationID: context.organisationID.uuidString,
               teamIDs: Set(teamIDs.map(\.uuidString)))
    }

    /// Every relation a record placed like this has to the person.
    func relations(to placement: RecordPlacement) -> Set<LanternCore.Relation> { LanternCore.Relation.all(of: viewer, to: placement) }
}

/// A record the person has been allowed to do `action` to, by one check against the policy
/// with the relations worked out from the record itself. Services take this and do not check
/// again; only `Request.authorise(_:_:placedAt:)` makes one.
struct Authorised<Record: Sendable>: Sendable {
    let record: Record
    let action: Action
    let relations: Set<LanternCore.Relation>
    let context: SignInContext

    fileprivate init(record: Record, action: Action, relations: Set<LanternCore.Relation>, context: SignInContext) {
        self.record = record
        self.action = action
        self.relations = relations
        self.context = context
    }

    /// The person, for a service handed this record: it must have been authorised for the
    /// service's action (a caller that passes a record checked for something else gets 403).
    func context(for action: Action) throws -> SignInContext {
        guard self.action == action else { throw LanternError.forbidden }
        return context
    }

    /// The closest relation, for pages ("Your organisation's case", "Shared with your team").
    var relation: LanternCore.Relation { LanternCore.Relation.closest(relations) }

    /// The same record for another action, if the policy allows that one too (a service that
    /// records consent on a case authorised for editing, say); 404 otherwise.
    func also(_ other: Action, policy: AccessPolicy) throws -> Authorised<Record> {
        guard policy.permits(context.roles, other, onAny: relations) else { throw LanternError.notFound }
        return Authorised(record: record, action: other, relations: relations, context: context)
    }
}

/// A kind of record a list can be narrowed to: for each relation, the SQL condition that
/// selects the records having it to the viewer.
protocol NarrowableRecord: Model where IDValue == UUID {
    /// The condition for one relation; nil when no record of this kind ever has it.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<Self>?
}

/// One relation's condition, added to a query's `OR` group.
struct RecordCondition<R: Model>: Sendable {
    let apply: @Sendable (QueryBuilder<R>) -> Void
}

extension Request {
    private struct ViewpointKey: StorageKey { typealias Value = Viewpoint }

    /// The signed-in person with their teams (of their own organisation only).
    func viewpoint() async throws -> Viewpoint {
        let context = try requireSignedIn()
        if let cached = storage[ViewpointKey.self], cached.context.userID == context.userID { return cached }
        let teams = try await TeamMember.query(on: db).join(Team.self, on: \TeamMember.$team.$id == \Team.$id)
            .filter(\.$user.$id == context.userID).filter(Team.self, \.$organisation.$id == context.organisationID)
            .all().map { $0.$team.id }
        let viewpoint = Viewpoint(context: context, teamIDs: teams)
        storage[ViewpointKey.self] = viewpoint
        return viewpoint
    }

    /// The one check of a record: its relations to the person (from `placement`, worked out
    /// from the record), looked up in the policy. A record the person may not see answers
    /// 404, exactly as if it did not exist; a person who may do the action to nothing, 403.
    func authorise<Record: Sendable>(_ action: Action, _ record: Record, placedAt placement: RecordPlacement) async throws -> Authorised<Record> {
        let context = try authorise(action)
        let relations = try await viewpoint().relations(to: placement)
        guard accessPolicy.permits(context.roles, action, onAny: relations) else { throw LanternError.notFound }
        return Authorised(record: record, action: action, relations: relations, context: context)
    }

    /// The check for something about a whole organisation (its audit trail, its people, its
    /// retention list): the organisation is the record, and its relation to the person is
    /// worked out like any other's. 404 for another organisation unless a grant reaches it.
    @discardableResult
    func authorise(_ action: Action, forOrganisation organisationID: UUID) throws -> SignInContext {
        let context = try authorise(action)
        let viewer = LanternCore.Viewer(userID: context.userID.uuidString, organisationID: context.organisationID.uuidString)
        let relations = LanternCore.Relation.all(of: viewer, to: RecordPlacement(organisationID: organisationID.uuidString))
        guard accessPolicy.permits(context.roles, action, onAny: relations) else { throw LanternError.notFound }
        return context
    }

    /// The check for creating a record: what the person creates belongs to their organisation,
    /// so the new record's relation is theirs to it.
    @discardableResult
    func authoriseCreating(_ action: Action) throws -> SignInContext {
        try authorise(action, forOrganisation: try requireSignedIn().organisationID)
    }

    /// The check for a page about the person's own organisation as a whole (its audit trail,
    /// its retention list, its failed messages): the organisation is the record.
    @discardableResult
    func authoriseForOwnOrganisation(_ action: Action) throws -> SignInContext {
        try authorise(action, forOrganisation: try requireSignedIn().organisationID)
    }

    /// The one narrowing: what the person may see for `action`, as a condition on `query`,
    /// so every list (page or API) selects in SQL exactly the records a check of each one
    /// would allow. `among` keeps only some relations (the case list shows the organisation's
    /// own cases; "Shared with us" the shared ones).
    func narrow<R: NarrowableRecord>(_ query: QueryBuilder<R>, to action: Action, among wanted: Set<LanternCore.Relation>? = nil) async throws -> QueryBuilder<R> {
        let context = try requireSignedIn()
        let relations: Set<LanternCore.Relation>
        switch accessPolicy.reach(of: context.roles, action) {
        case .everything:
            guard let wanted else { return query }
            relations = wanted
        case .only(let reachable):
            relations = wanted.map { reachable.intersection($0) } ?? reachable
        }
        let viewpoint = try await viewpoint()
        var conditions: [RecordCondition<R>] = []
        for relation in LanternCore.Relation.allCases where relations.contains(relation) {
            if let condition = try await R.condition(for: relation, from: viewpoint, request: self) { conditions.append(condition) }
        }
        // Nothing reachable: a condition no row meets (`1 = 0`).
        guard !conditions.isEmpty else { return query.filter(\._$id ~~ [UUID]()) }
        return query.group(.or) { group in for condition in conditions { condition.apply(group) } }
    }
}

extension Organisation: NarrowableRecord {
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<Organisation>? {
        let own = viewpoint.context.organisationID
        return switch relation {
        case .sameOrganisation: RecordCondition { $0.filter(\.$id == own) }
        default: nil
        }
    }
}
