import Fluent
import Foundation
import LanternCore

/// The names people know the records in audit entries by: a case's `LNT-` reference, a
/// person's or an organisation's name. Read in one query per kind for a page of entries.
struct AuditRecordNames {
    var cases: [String: String] = [:]
    var people: [String: String] = [:]
    var organisations: [String: String] = [:]

    /// `people` are the names the viewer may see (their own organisation's); a person
    /// elsewhere is not named.
    static func load(for entries: [AuditEntry], people: [String: String], on db: any Database) async throws -> AuditRecordNames {
        func ids(_ type: String) -> [UUID] {
            Array(Set(entries.filter { $0.recordType == type }.compactMap { $0.recordID.flatMap(UUID.init(exactly:)) }))
        }
        var names = AuditRecordNames(people: people)
        let caseIDs = ids("case")
        if !caseIDs.isEmpty {
            for record in try await CaseRecord.query(on: db).filter(\.$id ~~ caseIDs).field(\.$id).field(\.$reference).all() {
                if let id = record.id { names.cases[id.uuidString] = record.reference }
            }
        }
        let organisationIDs = ids("organisation")
        if !organisationIDs.isEmpty {
            for organisation in try await Organisation.query(on: db).filter(\.$id ~~ organisationIDs).all() {
                if let id = organisation.id { names.organisations[id.uuidString] = organisation.name }
            }
        }
        return names
    }

    /// What an entry is about, in words: "Case LNT-…", a person's name, an organisation's name.
    func record(of entry: AuditEntry, l: Localiser = .englishGB) -> String {
        guard let type = entry.recordType else { return "" }
        let kind = AuditWords.recordKind(type, in: l)
        guard let id = entry.recordID else { return kind }
        switch type {
        case "case": return cases[id].map { l("audit.record-case", ["reference": $0]) } ?? l("audit.record-case-gone")
        case "user": return people[id] ?? l("audit.someone-elsewhere")
        case "organisation": return organisations[id] ?? kind
        case "profile": return l("audit.record-with-id", ["kind": kind, "id": id.uppercased()])
        default: return kind
        }
    }

    /// Who did it: a name from the viewer's organisation, or who it was in general.
    func actor(of entry: AuditEntry, l: Localiser = .englishGB) -> String {
        guard let id = entry.actorUserID else {
            switch entry.requestID {
            case "job": return l("audit.actor-job")
            case "cli": return l("audit.actor-cli")
            case "demo": return l("audit.actor-demo")
            default: return l("audit.actor-nobody")
            }
        }
        return people[id] ?? l("audit.someone-elsewhere")
    }
}
