import Foundation
import LanternCore
import Vapor

/// The directory out of Lantern: the same rows as JSON (downloads and `/api/v1/contacts`)
/// and as CSV. The public's rows carry only published, current entries without personal
/// addresses (unless their owner agreed); a manager's rows carry everything they keep.
struct ContactDTO: Content, Equatable {
    var id: UUID
    var boroughCode: String
    var boroughName: String
    var kind: String
    var roleTitle: String
    var organisationName: String
    var team: String?
    var email: String?
    var phone: String?
    var webForm: String?
    /// Not verified for the stale period: the public list says "being checked".
    var beingChecked: Bool
    // For the people who keep the entry only.
    var maintainingOrganisationID: UUID?
    var maintainingOrganisationName: String?
    var published: Bool?
    var personalEmail: Bool?
    var retired: Bool?
    var lastVerifiedAt: Date?
    var version: Int?
}

enum ContactsExport {
    static func dto(_ contact: ContactsDirectory.PublishedContact) -> ContactDTO {
        ContactDTO(id: contact.id, boroughCode: contact.boroughCode, boroughName: contact.boroughName, kind: contact.kind.rawValue,
                   roleTitle: contact.roleTitle, organisationName: contact.organisationName, team: contact.team, email: contact.email,
                   phone: contact.phone, webForm: contact.webForm, beingChecked: contact.isBeingChecked)
    }

    static func dto(_ entry: DirectoryEntry, maintainer: String?, services: LanternServices) -> ContactDTO {
        let draft = entry.draft
        return ContactDTO(id: entry.id ?? UUID(), boroughCode: draft.boroughCode,
                          boroughName: services.boroughs.borough(code: draft.boroughCode)?.name ?? draft.boroughCode,
                          kind: draft.kind.rawValue, roleTitle: draft.roleTitle, organisationName: draft.organisationName,
                          team: draft.team, email: draft.email, phone: draft.phone, webForm: draft.webForm,
                          beingChecked: ContactsDirectory.isStale(entry, today: services.today, staleDays: services.settings.contactStaleDays),
                          maintainingOrganisationID: entry.$organisation.id, maintainingOrganisationName: maintainer,
                          published: draft.isPublished, personalEmail: draft.hasPersonalEmail, retired: entry.isRetired,
                          lastVerifiedAt: entry.verifiedAt, version: entry.version)
    }

    static let publicHeader = ["borough_code", "borough", "kind", "role", "organisation", "team", "email", "phone", "web_form", "being_checked"]
    static let managedHeader = publicHeader + ["maintained_by", "published", "personal_email", "retired", "last_verified_at", "version"]

    static func csv(_ rows: [ContactDTO], managed: Bool) -> String {
        func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
        let iso = ISO8601DateFormatter()
        return CSVText.document(header: managed ? managedHeader : publicHeader, rows: rows.map { row in
            var cells = [row.boroughCode, row.boroughName, row.kind, row.roleTitle, row.organisationName, row.team ?? "",
                         row.email ?? "", row.phone ?? "", row.webForm ?? "", yesNo(row.beingChecked)]
            if managed {
                cells += [row.maintainingOrganisationName ?? "", yesNo(row.published), yesNo(row.personalEmail), yesNo(row.retired),
                          row.lastVerifiedAt.map { iso.string(from: $0) } ?? "", row.version.map(String.init) ?? ""]
            }
            return cells
        })
    }

    static func csvResponse(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    static func jsonResponse(_ rows: [ContactDTO], filename: String, for request: Request) async throws -> Response {
        let response = try await ListDTO(items: rows).encodeResponse(for: request)
        response.headers.contentDisposition = .init(.attachment, filename: filename)
        return response
    }
}
