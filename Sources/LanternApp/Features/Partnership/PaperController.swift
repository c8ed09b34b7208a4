import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Papers: uploaded to an agenda item by those who run the group, checked by their content
/// (`FileSniffing`) against the name's ending and the size limit, and only ever downloaded.
/// Members download any paper of their group's meetings; the public, a paper of a
/// non-confidential item of a public meeting whose minutes are published (`PublicPapers`).
struct PaperController {
    func register(_ routes: LanternRoutes) {
        // Room for the form's other fields and the multipart framing around the largest file.
        let limit = routes.app.lantern.settings.papersMaxBytes + 64 * 1024
        routes.post(MeetingPaths.uploadPaper, access: .action(.manageGroup), maxBody: limit, use: upload)
        routes.get(MeetingPaths.paper, access: .anyAction(MeetingsController.readers), use: download)
        routes.post(MeetingPaths.removePaper, access: .action(.manageGroup), use: remove)
        routes.get(MeetingPaths.publicPaper, access: .open, use: publicDownload)
    }

    struct UploadForm: Content {
        var file: File?
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let meetingID = try meeting.requireID()
        guard let itemID = request.parameters.get("itemID", as: UUID.self), let item = try await AgendaItem.find(itemID, on: request.db),
              item.$meeting.id == meetingID else { throw LanternError.notFound }
        let settings = request.application.lantern.settings
        let l = MeetingPages.localiser(request)
        let field = "file-\(itemID.uuidString)"
        let file = (try? request.content.decode(UploadForm.self))?.file
        func refuse(_ message: String, status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            var errors = FormErrors()
            errors.add(field, message)
            return request.render(try await MeetingsController.page(group, meeting, request: request, errors: errors, status: status))
        }
        guard let file, !file.filename.isEmpty, file.data.readableBytes > 0 else { return try await refuse(l("meetings.paper-missing")) }
        let bytes = Array(file.data.readableBytesView)
        let kind: PaperKind
        switch FileSniffing.check(fileName: file.filename, bytes: bytes, maxBytes: settings.papersMaxBytes) {
        case .success(let found): kind = found
        case .failure(let problem):
            return try await refuse(MeetingPages.paperProblem(problem, l: l), status: problem == .tooLarge(limit: settings.papersMaxBytes) ? .payloadTooLarge : .unprocessableEntity)
        }
        let store = PaperStore(settings: settings)
        let stored = try await store.store(bytes, on: request.application.threadPool)
        let paper = Paper()
        paper.id = UUID()
        paper.$agendaItem.id = itemID
        paper.fileName = PaperName.sanitised(file.filename)
        paper.mediaType = kind.mediaType
        paper.byteCount = bytes.count
        paper.sha256 = PaperStore.sha256(bytes)
        paper.storage = stored.storage
        paper.content = stored.content
        paper.storageKey = stored.key
        paper.uploadedBy = group.context.userID
        paper.createdAt = request.application.lantern.now
        do {
            try await request.db.transaction { tx in
                try await paper.create(on: tx)
                try await request.audit(AuditEvent(action: "paper.added", recordType: "paper", recordID: paper.id?.uuidString), on: tx)
            }
        } catch {
            await store.remove(paper, on: request.application.threadPool)
            throw error
        }
        return request.redirect(to: Href.meeting(meetingID.uuidString).query("done", MeetingPages.Done.paperAdded.rawValue)
            .fragment("item-\(itemID.uuidString)"))
    }

    /// The paper in the path with its item and meeting.
    private func load(_ request: Request) async throws -> (Paper, AgendaItem, Meeting) {
        guard let id = request.parameters.get("paperID", as: UUID.self), let paper = try await Paper.find(id, on: request.db),
              let item = try await AgendaItem.find(paper.$agendaItem.id, on: request.db),
              let meeting = try await Meeting.find(item.$meeting.id, on: request.db) else { throw LanternError.notFound }
        return (paper, item, meeting)
    }

    @Sendable func download(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        guard MeetingsController.readers.contains(where: { request.accessPolicy.allowsSome(context.roles, $0) }) else {
            throw LanternError.forbidden
        }
        let (paper, _, meeting) = try await load(request)
        // Confidential or not, a paper is for the group's members and those who run it.
        _ = try await request.authoriseMeeting(try meeting.requireID(), forAnyOf: MeetingsController.readers)
        let bytes = try await PaperStore(settings: request.application.lantern.settings).load(paper, on: request.application.threadPool)
        try await request.audit(AuditEvent(action: "paper.downloaded", recordType: "paper", recordID: paper.id?.uuidString))
        return PaperDownload.response(paper, bytes: bytes)
    }

    @Sendable func remove(_ request: Request) async throws -> Response {
        let (paper, item, meeting) = try await load(request)
        _ = try await request.authoriseMeeting(try meeting.requireID(), forAnyOf: [.manageGroup])
        try await request.db.transaction { tx in
            try await paper.delete(on: tx)
            try await request.audit(AuditEvent(action: "paper.removed", recordType: "paper", recordID: paper.id?.uuidString), on: tx)
        }
        await PaperStore(settings: request.application.lantern.settings).remove(paper, on: request.application.threadPool)
        return request.redirect(to: Href.meeting(meeting.id?.uuidString ?? "").query("done", MeetingPages.Done.paperRemoved.rawValue)
            .fragment("item-\(item.id?.uuidString ?? "")"))
    }

    @Sendable func publicDownload(_ request: Request) async throws -> Response {
        let (paper, item, meeting) = try await load(request)
        guard try await PublicPapers.isPublic(item: item, meeting: meeting, on: request.db) else { throw LanternError.notFound }
        let bytes = try await PaperStore(settings: request.application.lantern.settings).load(paper, on: request.application.threadPool)
        return PaperDownload.response(paper, bytes: bytes)
    }
}

/// What the public may have of a meeting's papers, for the public site: the papers of its
/// non-confidential items, once the meeting is public, held, of a public group, and its
/// minutes are published. Before then, nothing.
enum PublicPapers {
    struct Listed: Sendable {
        let id: UUID
        let itemTitle: String
        let fileName: String
        let mediaType: String
        let byteCount: Int
        /// The public download (`/partnership/papers/:paperID`).
        var href: Href { Href.publicPaper(id.uuidString) }
    }

    /// A meeting's public papers, in agenda order (none unless the meeting's papers are public).
    static func list(meetingID: UUID, on db: any Database) async throws -> [Listed] {
        guard let meeting = try await Meeting.find(meetingID, on: db), try await meetingIsOpen(meeting, on: db) else { return [] }
        let items = try await AgendaItem.query(on: db).filter(\.$meeting.$id == meetingID).filter(\.$isConfidential == false)
            .sort(\.$position).all()
        guard !items.isEmpty else { return [] }
        let papers = try await Paper.query(on: db).filter(\.$agendaItem.$id ~~ items.compactMap(\.id))
            .field(\.$id).field(\.$agendaItem.$id).field(\.$fileName).field(\.$mediaType).field(\.$byteCount).field(\.$createdAt)
            .sort(\.$createdAt).all()
        return items.flatMap { item in
            papers.filter { $0.$agendaItem.id == item.id }.compactMap { paper in
                paper.id.map { Listed(id: $0, itemTitle: item.title, fileName: paper.fileName, mediaType: paper.mediaType, byteCount: paper.byteCount) }
            }
        }
    }

    /// Whether a paper of this item may be served to anyone.
    static func isPublic(item: AgendaItem, meeting: Meeting, on db: any Database) async throws -> Bool {
        guard !item.isConfidential, item.$meeting.id == meeting.id else { return false }
        return try await meetingIsOpen(meeting, on: db)
    }

    /// A public, held meeting of a public group whose minutes are published.
    static func meetingIsOpen(_ meeting: Meeting, on db: any Database) async throws -> Bool {
        guard meeting.isPublic, meeting.meetingStatus == .held,
              let group = try await PartnershipGroup.find(meeting.$group.id, on: db), group.isPublic else { return false }
        return try await minutesPublished(meetingID: try meeting.requireID(), on: db)
    }

    /// Whether any version of the meeting's minutes is published (`governance_minutes`, read by
    /// table name; before that table exists, none are).
    static func minutesPublished(meetingID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        do {
            let row = try await sql.select().column("id").from("governance_minutes")
                .where("meeting_id", .equal, SQLBind(meetingID)).where("state", .equal, SQLBind("published")).limit(1).first()
            return row != nil
        } catch {
            return false
        }
    }
}
