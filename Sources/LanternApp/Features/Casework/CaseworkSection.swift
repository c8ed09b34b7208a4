import Fluent
import Vapor
import LanternCore

/// The case page's "Casework" section, for the case's own organisation only: the workers,
/// the last contact, the open tasks on the case and the latest notes (their read audited).
enum CaseworkSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access, request = input.request
        guard access.relation == .sameOrganisation, !access.erased, let caseID = access.record.id else { return nil }
        let record = access.record
        let worker = CaseworkStore.worker(of: record)
        let names = try await CaseworkStore.names(Set([worker] + [record.secondWorkerID].compactMap { $0 }), on: request.db)
        let notes = try await CaseworkStore.notes(of: access, limit: 3, on: request.db)
        if !notes.isEmpty {
            try await request.audit(AuditEvent(action: "case.notes_viewed", recordType: "case", recordID: caseID.uuidString))
        }
        return CaseworkPages.section(.init(
            reference: record.reference, worker: names[worker] ?? "", secondWorker: record.secondWorkerID.flatMap { names[$0] },
            lastContact: try await CaseworkStore.lastContact(of: caseID, today: input.today, on: request.db),
            tasks: try await CaseworkStore.openTasks(on: caseID, db: request.db), notes: notes,
            viewerID: try request.requireSignedIn().userID, today: input.today, canEdit: input.canEdit, csrf: input.csrf,
            done: request.query[String.self, at: "casework"].flatMap(CaseworkPages.Done.init(rawValue:))),
            l: CaseworkPages.localiser(request))
    }
}
