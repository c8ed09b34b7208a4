import Fluent
import Vapor
import LanternCore

/// `/api/v1`: the same features as the pages, as JSON, under the same policy.
struct APIController {
    func register(_ routes: LanternRoutes) {
        routes.api.get(APIPaths.me, access: .signedIn, use: me)
        routes.api.get(APIPaths.boroughs, access: .signedIn, use: boroughs)
        routes.api.get(APIPaths.organisations, access: .action(.viewOrganisation), use: organisations)
        routes.api.get(APIPaths.organisation, access: .action(.viewOrganisation), use: organisation)
        routes.api.get(APIPaths.organisationUsers, access: .action(.viewUsers), use: users)
        routes.api.get(APIPaths.organisationAudit, access: .action(.viewAuditTrail), use: audit)
        routes.get(APIPaths.openAPI, access: .open, use: openAPI)
    }

    @Sendable func me(_ request: Request) async throws -> MeDTO {
        let context = try request.requireSignedIn()
        let organisation = try await Organisation.query(on: request.db).filter(\.$id == context.organisationID)
            .with(\.$boroughs).first()
        guard let organisation else { throw LanternError.notFound }
        return MeDTO(id: context.userID, displayName: context.user.displayName, email: context.user.email,
                     roles: context.roles.sorted().map(\.rawValue), organisation: try organisation.dto())
    }

    @Sendable func boroughs(_ request: Request) async throws -> ListDTO<BoroughDTO> {
        ListDTO(items: request.application.lantern.boroughs.all.map {
            BoroughDTO(onsCode: $0.onsCode, name: $0.name, policeForce: $0.policeForce, bcuCode: $0.bcuCode, bcuName: $0.bcuName,
                       inner: $0.isInner, tileX: $0.tileX, tileY: $0.tileY)
        })
    }

    /// Narrowed in SQL by the one narrowing (`Request.narrow`): everything, or the caller's own.
    @Sendable func organisations(_ request: Request) async throws -> ListDTO<OrganisationDTO> {
        let query = try await request.narrow(Organisation.query(on: request.db), to: .viewOrganisation)
        return ListDTO(items: try await query.with(\.$boroughs).sort(\.$name).all().map { try $0.dto() })
    }

    private func organisationFor(_ action: Action, _ request: Request) async throws -> Organisation {
        guard let id = request.parameters.get("organisationID", as: UUID.self) else { throw LanternError.notFound }
        try request.authorise(action, forOrganisation: id)
        guard let organisation = try await Organisation.query(on: request.db).filter(\.$id == id).with(\.$boroughs).first() else {
            throw LanternError.notFound
        }
        return organisation
    }

    @Sendable func organisation(_ request: Request) async throws -> OrganisationDTO {
        try await organisationFor(.viewOrganisation, request).dto()
    }

    @Sendable func users(_ request: Request) async throws -> ListDTO<UserDTO> {
        let organisation = try await organisationFor(.viewUsers, request)
        try await request.audit(AuditEvent(action: "users.listed", recordType: "organisation", recordID: organisation.id?.uuidString))
        let users = try await User.query(on: request.db).filter(\.$organisation.$id == organisation.requireID())
            .sort(\.$displayName).all()
        return ListDTO(items: try users.map { try $0.dto() })
    }

    struct AuditQuery: Content {
        var action: String?
        var before: Int64?
        var limit: Int?
    }

    @Sendable func audit(_ request: Request) async throws -> ListDTO<AuditEntryDTO> {
        let organisation = try await organisationFor(.viewAuditTrail, request)
        let filters = try request.query.decode(AuditQuery.self)
        if let limit = filters.limit, !(1...500).contains(limit) {
            throw LanternError.invalid([("limit", "limit must be from 1 to 500")])
        }
        if let before = filters.before, before < 1 { throw LanternError.invalid([("before", "before must be 1 or more")]) }
        if let action = filters.action, action.count > 100 { throw LanternError.invalid([("action", "action is too long")]) }
        // Audit actions are names like case.created: nothing else can match, so anything else is refused.
        if let action = filters.action, !action.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" }) {
            throw LanternError.invalid([("action", "action must be the name of an audit action, such as case.created")])
        }
        let entries = try await AuditTrailQuery(organisationID: organisation.requireID(), action: filters.action,
                                                beforeSequence: filters.before, limit: filters.limit ?? 100).run(on: request.db)
        try await request.audit(AuditEvent(action: "audit_trail.viewed", recordType: "organisation",
                                           recordID: organisation.id?.uuidString))
        return ListDTO(items: entries.map(\.dto))
    }

    @Sendable func openAPI(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try OpenAPIDocument.data()))
    }
}
