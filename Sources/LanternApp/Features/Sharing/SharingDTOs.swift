import Fluent
import Vapor
import LanternCore

/// A share as the API returns it to the owning organisation.
struct ShareDTO: Content {
    var id: UUID
    var organisationId: UUID
    /// What the share carries: `ShareScope` codes.
    var scopes: [String]
    var purpose: String
    var until: String
    var consentId: UUID
    var revoked: Bool
}

/// A consent record as the API returns it to the owning organisation.
struct ConsentDTO: Content {
    var id: UUID
    var basis: String
    var referToNRM: Bool?
    var organisationIds: [String]
    var scopes: [String]
    var purpose: String
    /// nil under the child safeguarding basis (not consent: not asked how it was obtained).
    var obtainedHow: String?
    var givenOn: String
    var validUntil: String
    var withdrawn: Bool
}

extension ConsentRecord {
    func dto(using cipher: FieldCipher) throws -> ConsentDTO {
        let t = terms
        return ConsentDTO(id: id ?? UUID(), basis: basis, referToNRM: referToNRM, organisationIds: t.organisationIDs.sorted(),
                          scopes: t.scopes.sorted().map(\.rawValue), purpose: try purpose(using: cipher),
                          obtainedHow: ConsentMethod(rawValue: obtainedHow)?.rawValue,
                          givenOn: t.givenOn.iso, validUntil: t.validUntil.iso, withdrawn: withdrawnOn != nil)
    }
}

extension CaseShare {
    func dto(using cipher: FieldCipher) throws -> ShareDTO {
        ShareDTO(id: id ?? UUID(), organisationId: $organisation.id, scopes: shareScopes.sorted().map(\.rawValue), purpose: try purpose(using: cipher),
                 until: Day(daysSinceEpoch: until).iso, consentId: $consent.id, revoked: revokedAt != nil)
    }
}

/// A case another organisation shares with the caller's, while the share is active.
struct SharedCaseDTO: Content {
    var reference: String
    /// What the share carries: `ShareScope` codes.
    var scopes: [String]
    var purpose: String
    var until: String
}
