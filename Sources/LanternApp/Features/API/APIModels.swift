import Foundation
import Vapor
import LanternCore

/// What the API returns. Only the fields a caller needs (ASVS 15.3.1): no hashes, no secrets.
struct OrganisationDTO: Content {
    var id: UUID
    var name: String
    var kind: String
    var boroughs: [String]
}

struct UserDTO: Content {
    var id: UUID
    var displayName: String
    var email: String
    var roles: [String]
    var disabled: Bool
    var secondFactorEnrolled: Bool
}

struct MeDTO: Content {
    var id: UUID
    var displayName: String
    var email: String
    var roles: [String]
    var organisation: OrganisationDTO
}

struct AuditEntryDTO: Content {
    var sequence: Int64
    var occurredAt: Date
    var actorUserId: String?
    var action: String
    var recordType: String?
    var recordId: String?
    var outcome: String
    var requestId: String?
}

struct BoroughDTO: Content {
    var onsCode: String
    var name: String
    var policeForce: String
    var bcuCode: String?
    var bcuName: String?
    var inner: Bool
    var tileX: Int
    var tileY: Int
}

struct ListDTO<Item: Content>: Content {
    var items: [Item]
}

extension Organisation {
    func dto() throws -> OrganisationDTO {
        OrganisationDTO(id: try requireID(), name: name, kind: kind, boroughs: $boroughs.value?.map(\.boroughCode).sorted() ?? [])
    }
}

extension User {
    func dto() throws -> UserDTO {
        UserDTO(id: try requireID(), displayName: displayName, email: email, roles: roleSet.sorted().map(\.rawValue),
                disabled: isDisabled, secondFactorEnrolled: hasSecondFactor)
    }
}

extension AuditEntry {
    var dto: AuditEntryDTO {
        AuditEntryDTO(sequence: id ?? 0, occurredAt: occurredAt, actorUserId: actorUserID, action: action, recordType: recordType,
                      recordId: recordID, outcome: outcome, requestId: requestID)
    }
}
