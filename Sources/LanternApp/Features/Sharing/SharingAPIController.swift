import Fluent
import Vapor
import LanternCore

/// Sharing's half of the API: a case's consent records and shares
/// (`/api/v1/cases/{reference}/consents`, `…/shares`) and the cases shared with the caller's
/// organisation (`/api/v1/shared-cases`), through the same service and policy as the pages.
struct SharingAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(SharingPaths.apiConsents, access: .action(.editCase), use: consents)
        api.post(SharingPaths.apiConsents, access: .action(.editCase), use: recordConsent)
        api.post(SharingPaths.apiWithdrawConsent, access: .action(.editCase), use: withdrawConsent)
        api.get(SharingPaths.apiShares, access: .action(.shareCase), use: shares)
        api.post(SharingPaths.apiShares, access: .action(.shareCase), use: share)
        api.post(SharingPaths.apiRevokeShare, access: .action(.shareCase), use: revoke)
        api.get(SharingPaths.apiSharedCases, access: .action(.viewCase), use: sharedWithUs)
    }

    @Sendable func consents(_ request: Request) async throws -> ListDTO<ConsentDTO> {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let records = try await ConsentRecord.query(on: request.db).filter(\.$case.$id == access.record.requireID()).sort(\.$recordedAt).all()
        let cipher = try access.cipher
        return ListDTO(items: try records.map { try $0.dto(using: cipher) })
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let consent = try await SharingService(request: request).recordConsent(try request.content.decode(ConsentInput.self), on: access,
                                                                               using: try access.cipher)
        return try await consent.dto(using: try access.cipher).encodeResponse(status: .created, for: request)
    }

    @Sendable func withdrawConsent(_ request: Request) async throws -> ConsentDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let id = request.parameters.get("consentID", as: UUID.self)
        try await SharingService(request: request).withdraw(id, on: access)
        guard let id, let consent = try await ConsentRecord.find(id, on: request.db) else { throw LanternError.notFound }
        return try consent.dto(using: try access.cipher)
    }

    @Sendable func shares(_ request: Request) async throws -> ListDTO<ShareDTO> {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        let shares = try await CaseShare.query(on: request.db).filter(\.$case.$id == access.record.requireID()).sort(\.$grantedAt).all()
        let cipher = try access.cipher
        return ListDTO(items: try shares.map { try $0.dto(using: cipher) })
    }

    @Sendable func share(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        let share = try await SharingService(request: request).share(try request.content.decode(ShareInput.self), on: access,
                                                                     using: try access.cipher)
        return try await share.dto(using: try access.cipher).encodeResponse(status: .created, for: request)
    }

    @Sendable func revoke(_ request: Request) async throws -> ShareDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        let id = request.parameters.get("shareID", as: UUID.self)
        try await SharingService(request: request).revoke(id, on: access)
        guard let id, let share = try await CaseShare.find(id, on: request.db) else { throw LanternError.notFound }
        return try share.dto(using: try access.cipher)
    }

    @Sendable func sharedWithUs(_ request: Request) async throws -> ListDTO<SharedCaseDTO> {
        let shares = try await SharedCases.active(for: request)
        return ListDTO(items: shares.map { SharedCaseDTO(reference: $0.case.reference, scopes: $0.shareScopes.sorted().map(\.rawValue), purpose: $0.purpose,
                                                         until: Day(daysSinceEpoch: $0.until).iso) })
    }
}
