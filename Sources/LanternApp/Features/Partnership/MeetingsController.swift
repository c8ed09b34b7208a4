import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// A group's meetings and their agendas. Members (`viewBoardPapers`) read them; those who run
/// the group (`manageGroup`) create and change them. A meeting of a group the person may not
/// see answers 404. Every change is audited (ids only).
struct MeetingsController {
    func register(_ routes: LanternRoutes) {
        routes.get(MeetingPaths.groupMeetings, access: .anyAction(Self.readers), use: list)
        routes.get(MeetingPaths.newMeeting, access: .action(.manageGroup), use: newForm)
        routes.post(MeetingPaths.newMeeting, access: .action(.manageGroup), use: create)
        routes.get(MeetingPaths.meeting, access: .anyAction(Self.readers), use: show)
        routes.get(MeetingPaths.editMeeting, access: .action(.manageGroup), use: editForm)
        routes.post(MeetingPaths.editMeeting, access: .action(.manageGroup), use: update)
        routes.post(MeetingPaths.addAgendaItem, access: .action(.manageGroup), use: addItem)
        routes.get(MeetingPaths.agendaItem, access: .action(.manageGroup), use: itemForm)
        routes.post(MeetingPaths.agendaItem, access: .action(.manageGroup), use: updateItem)
        routes.post(MeetingPaths.moveUp, access: .action(.manageGroup), use: moveUp)
        routes.post(MeetingPaths.moveDown, access: .action(.manageGroup), use: moveDown)
        routes.post(MeetingPaths.removeItem, access: .action(.manageGroup), use: removeItem)
    }

    static let readers: [Action] = [.viewBoardPapers, .manageGroup]

    struct MeetingForm: Content {
        var title: String?
        var date: String?
        var startTime: String?
        var endTime: String?
        var place: String?
        var link: String?
        var isPublic: [String]?
        var status: String?

        var draft: MeetingDraft {
            MeetingDraft(title: title ?? "", date: date ?? "", startTime: startTime ?? "", endTime: endTime ?? "",
                         place: place ?? "", link: link ?? "", isPublic: isPublic?.contains("yes") == true, status: status ?? "scheduled")
        }
    }

    struct ItemForm: Content {
        var title: String?
        var presenter: String?
        var isConfidential: [String]?
    }

    // MARK: meetings

    @Sendable func list(_ request: Request) async throws -> Response {
        guard let groupID = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        let group = try await request.authoriseGroup(groupID, forAnyOf: Self.readers)
        let meetings = try await Meeting.query(on: request.db).filter(\.$group.$id == groupID).sort(\.$startsAt, .descending).all()
        let l = MeetingPages.localiser(request)
        let model = MeetingPages.List(
            groupID: groupID.uuidString, groupName: group.record.name, canManage: Self.canManage(group, request),
            meetings: meetings.map { .init(id: $0.id?.uuidString ?? "", title: $0.title, startsAt: $0.startsAt, endsAt: $0.endsAt,
                                            status: $0.meetingStatus, isPublic: $0.isPublic) })
        return request.render(MeetingPages.list(model, l: l))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let group = try await target(group: request)
        let empty = MeetingDraft(title: "", date: "", startTime: "", endTime: "", place: "", link: "", isPublic: false, status: "scheduled")
        return request.render(MeetingPages.form(.init(groupID: group.record.id?.uuidString ?? "", groupName: group.record.name, meetingID: nil,
                                                      values: empty, errors: FormErrors()),
                                                csrf: request.csrfToken, l: MeetingPages.localiser(request)))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let group = try await target(group: request)
        let groupID = try group.record.requireID()
        let draft = try request.content.decode(MeetingForm.self).draft
        let l = MeetingPages.localiser(request)
        switch MeetingRules.check(draft) {
        case .failure(let problems):
            return request.render(MeetingPages.form(.init(groupID: groupID.uuidString, groupName: group.record.name, meetingID: nil, values: draft,
                                                          errors: MeetingPages.errors(problems, l: l)), csrf: request.csrfToken, l: l))
        case .success(let checked):
            let meeting = Meeting(groupID: groupID, checked: checked, createdAt: request.application.lantern.now)
            try await request.db.transaction { tx in
                try await meeting.create(on: tx)
                try await request.audit(AuditEvent(action: "meeting.created", recordType: "meeting", recordID: meeting.id?.uuidString), on: tx)
            }
            return request.redirect(to: Href.meeting(meeting.id?.uuidString ?? "").query("done", MeetingPages.Done.created.rawValue))
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: Self.readers)
        try await request.audit(AuditEvent(action: "meeting.viewed", recordType: "meeting", recordID: meeting.id?.uuidString))
        return request.render(try await Self.page(group, meeting, request: request))
    }

    /// The meeting's page, with a form's values and errors when one was refused.
    static func page(_ group: Authorised<PartnershipGroup>, _ meeting: Meeting, request: Request,
                     itemValues: (title: String, presenter: String, confidential: Bool) = ("", "", false),
                     errors: FormErrors = FormErrors(), status: HTTPStatus? = nil) async throws -> Page {
        let meetingID = try meeting.requireID()
        let items = try await AgendaItem.query(on: request.db).filter(\.$meeting.$id == meetingID).sort(\.$position).sort(\.$createdAt).all()
        let papers = try await Paper.query(on: request.db).filter(\.$agendaItem.$id ~~ items.compactMap(\.id))
            .field(\.$id).field(\.$agendaItem.$id).field(\.$fileName).field(\.$mediaType).field(\.$byteCount).field(\.$createdAt)
            .sort(\.$createdAt).all()
        let attendance = try await AttendanceController.summary(group: group.record, meeting: meeting, on: request.db, today: request.today)
        let actions = try await OutstandingActions.of(groupID: try group.record.requireID(), on: request.db)
        let model = MeetingPages.Show(
            id: meetingID.uuidString, groupID: group.record.id?.uuidString ?? "", groupName: group.record.name,
            title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, place: meeting.place, link: meeting.link,
            isPublic: meeting.isPublic, status: meeting.meetingStatus, canManage: canManage(group, request), today: request.today,
            actions: actions,
            items: items.map { item in
                MeetingPages.Item(id: item.id?.uuidString ?? "", title: item.title, presenter: item.presenter, isConfidential: item.isConfidential,
                                  papers: papers.filter { $0.$agendaItem.id == item.id }.map { paper in
                                      .init(id: paper.id?.uuidString ?? "", fileName: paper.fileName,
                                            kind: PaperKind.allCases.first { $0.mediaType == paper.mediaType }, byteCount: paper.byteCount)
                                  })
            },
            attendance: attendance, itemValues: itemValues, errors: errors,
            done: request.query[String.self, at: "done"].flatMap(MeetingPages.Done.init(rawValue:)),
            maxBytes: request.application.lantern.settings.papersMaxBytes)
        var page = MeetingPages.show(model, csrf: request.csrfToken, l: localiser(request))
        if let status { page.status = status }
        return page
    }

    static func localiser(_ request: Request) -> Localiser { MeetingPages.localiser(request) }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let start = LondonTime.wallClock(meeting.startsAt), end = LondonTime.wallClock(meeting.endsAt)
        let values = MeetingDraft(title: meeting.title, date: start.day.iso, startTime: start.time, endTime: end.time, place: meeting.place ?? "",
                                  link: meeting.link ?? "", isPublic: meeting.isPublic, status: meeting.status)
        return request.render(MeetingPages.form(.init(groupID: group.record.id?.uuidString ?? "", groupName: group.record.name,
                                                      meetingID: meeting.id?.uuidString, values: values, errors: FormErrors()),
                                                csrf: request.csrfToken, l: MeetingPages.localiser(request)))
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let draft = try request.content.decode(MeetingForm.self).draft
        let l = MeetingPages.localiser(request)
        switch MeetingRules.check(draft) {
        case .failure(let problems):
            return request.render(MeetingPages.form(.init(groupID: group.record.id?.uuidString ?? "", groupName: group.record.name,
                                                          meetingID: meeting.id?.uuidString, values: draft, errors: MeetingPages.errors(problems, l: l)),
                                                    csrf: request.csrfToken, l: l))
        case .success(let checked):
            meeting.apply(checked)
            try await request.db.transaction { tx in
                try await meeting.save(on: tx)
                try await request.audit(AuditEvent(action: "meeting.changed", recordType: "meeting", recordID: meeting.id?.uuidString), on: tx)
            }
            return request.redirect(to: Href.meeting(meeting.id?.uuidString ?? "").query("done", MeetingPages.Done.changed.rawValue))
        }
    }

    // MARK: agenda

    @Sendable func addItem(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let meetingID = try meeting.requireID()
        let form = try request.content.decode(ItemForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let presenter = (form.presenter ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let confidential = form.isConfidential?.contains("yes") == true
        let errors = MeetingPages.itemErrors(title: title, presenter: presenter, l: MeetingPages.localiser(request))
        guard errors.isEmpty else {
            return request.render(try await Self.page(group, meeting, request: request, itemValues: (title, presenter, confidential), errors: errors))
        }
        let item = AgendaItem(meetingID: meetingID, position: 0, title: title, presenter: presenter, isConfidential: confidential,
                              createdAt: request.application.lantern.now)
        try await request.db.transaction { tx in
            let last = try await AgendaItem.query(on: tx).filter(\.$meeting.$id == meetingID).max(\.$position) ?? 0
            item.position = last + 1
            try await item.create(on: tx)
            try await request.audit(AuditEvent(action: "agenda_item.added", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
        return request.redirect(to: Href.meeting(meetingID.uuidString).query("done", MeetingPages.Done.itemAdded.rawValue).fragment("agenda"))
    }

    /// The agenda item in the path, of the meeting in the path, for those who run its group.
    private func targetItem(_ request: Request) async throws -> (Authorised<PartnershipGroup>, Meeting, AgendaItem) {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        guard let itemID = request.parameters.get("itemID", as: UUID.self), let item = try await AgendaItem.find(itemID, on: request.db),
              item.$meeting.id == meeting.id else { throw LanternError.notFound }
        return (group, meeting, item)
    }

    @Sendable func itemForm(_ request: Request) async throws -> Response {
        let (_, meeting, item) = try await targetItem(request)
        return request.render(MeetingPages.itemForm(.init(meetingID: meeting.id?.uuidString ?? "", itemID: item.id?.uuidString ?? "",
                                                          meetingTitle: meeting.title, title: item.title, presenter: item.presenter,
                                                          isConfidential: item.isConfidential, errors: FormErrors()),
                                                    csrf: request.csrfToken, l: MeetingPages.localiser(request)))
    }

    @Sendable func updateItem(_ request: Request) async throws -> Response {
        let (_, meeting, item) = try await targetItem(request)
        let form = try request.content.decode(ItemForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let presenter = (form.presenter ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let confidential = form.isConfidential?.contains("yes") == true
        let l = MeetingPages.localiser(request)
        let errors = MeetingPages.itemErrors(title: title, presenter: presenter, l: l)
        guard errors.isEmpty else {
            return request.render(MeetingPages.itemForm(.init(meetingID: meeting.id?.uuidString ?? "", itemID: item.id?.uuidString ?? "",
                                                              meetingTitle: meeting.title, title: title, presenter: presenter,
                                                              isConfidential: confidential, errors: errors), csrf: request.csrfToken, l: l))
        }
        item.title = title
        item.presenter = presenter
        item.isConfidential = confidential
        try await request.db.transaction { tx in
            try await item.save(on: tx)
            try await request.audit(AuditEvent(action: "agenda_item.changed", recordType: "meeting", recordID: meeting.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.meeting(meeting.id?.uuidString ?? "").query("done", MeetingPages.Done.itemChanged.rawValue).fragment("agenda"))
    }

    @Sendable func moveUp(_ request: Request) async throws -> Response { try await move(request, by: -1) }
    @Sendable func moveDown(_ request: Request) async throws -> Response { try await move(request, by: 1) }

    /// Swaps the item with its neighbour, in one transaction: positions are renumbered 1…n in
    /// the new order, so two people moving items at once still leave one clean order.
    private func move(_ request: Request, by step: Int) async throws -> Response {
        let (_, meeting, item) = try await targetItem(request)
        let meetingID = try meeting.requireID()
        try await request.db.transaction { tx in
            let items = try await AgendaItem.query(on: tx).filter(\.$meeting.$id == meetingID).sort(\.$position).sort(\.$createdAt).all()
            guard let index = items.firstIndex(where: { $0.id == item.id }), let reordered = MeetingRules.moved(items, from: index, by: step) else { return }
            for (offset, each) in reordered.enumerated() where each.position != offset + 1 {
                each.position = offset + 1
                try await each.save(on: tx)
            }
            try await request.audit(AuditEvent(action: "agenda_item.moved", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
        return request.redirect(to: Href.meeting(meetingID.uuidString).fragment("item-\(item.id?.uuidString ?? "")"))
    }

    @Sendable func removeItem(_ request: Request) async throws -> Response {
        let (_, meeting, item) = try await targetItem(request)
        let meetingID = try meeting.requireID()
        let itemID = try item.requireID()
        let papers = try await Paper.query(on: request.db).filter(\.$agendaItem.$id == itemID).field(\.$id).field(\.$storage).field(\.$storageKey).all()
        try await request.db.transaction { tx in
            try await Paper.query(on: tx).filter(\.$agendaItem.$id == itemID).delete()
            try await item.delete(on: tx)
            try await request.audit(AuditEvent(action: "agenda_item.removed", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
        let store = PaperStore(settings: request.application.lantern.settings)
        for paper in papers { await store.remove(paper, on: request.application.threadPool) }
        return request.redirect(to: Href.meeting(meetingID.uuidString).query("done", MeetingPages.Done.itemRemoved.rawValue).fragment("agenda"))
    }

    // MARK: access

    private func target(group request: Request) async throws -> Authorised<PartnershipGroup> {
        guard let groupID = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        return try await request.authoriseGroup(groupID, for: .manageGroup)
    }

    /// Whether the person, allowed to read the group's meetings, may also run them.
    static func canManage(_ group: Authorised<PartnershipGroup>, _ request: Request) -> Bool {
        group.action == .manageGroup || (try? group.also(.manageGroup, policy: request.accessPolicy)) != nil
    }
}

extension Request {
    /// The meeting in the path (`:meetingID`) and its group, if the person may do one of
    /// `actions` to the group; 404 otherwise (403 when their roles allow none of them anywhere).
    func authoriseMeeting(forAnyOf actions: [Action]) async throws -> (Authorised<PartnershipGroup>, Meeting) {
        guard let id = parameters.get("meetingID", as: UUID.self) else { throw LanternError.notFound }
        return try await authoriseMeeting(id, forAnyOf: actions)
    }

    func authoriseMeeting(_ id: UUID, forAnyOf actions: [Action]) async throws -> (Authorised<PartnershipGroup>, Meeting) {
        let context = try requireSignedIn()
        guard actions.contains(where: { accessPolicy.allowsSome(context.roles, $0) }) else { throw LanternError.forbidden }
        guard let meeting = try await Meeting.find(id, on: db) else { throw LanternError.notFound }
        return (try await authoriseGroup(meeting.$group.id, forAnyOf: actions), meeting)
    }
}

/// The group's actions still to do (open or in progress), which open every agenda. Read by
/// table name (`governance_actions`, the minutes and actions module's), so meetings do not
/// depend on that module's types; before that table exists, there are none.
enum OutstandingActions {
    struct Row: Sendable {
        let title: String
        let ownerOrganisation: String
        let dueOn: Day?
    }

    static func of(groupID: UUID, on db: any Database) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows: [any SQLRow]
        do {
            rows = try await sql.select().column("title").column("owner_organisation_id").column("due_on")
                .from("governance_actions")
                .where("group_id", .equal, SQLBind(groupID))
                .where("status", .in, ["open", "in_progress"])
                .orderBy("due_on").limit(200).all()
        } catch {
            return []
        }
        let organisationIDs = Set(rows.compactMap { try? $0.decode(column: "owner_organisation_id", as: UUID?.self) })
        let names = organisationIDs.isEmpty ? [:] : Dictionary(
            try await Organisation.query(on: db).filter(\.$id ~~ Array(organisationIDs)).all().map { ($0.id ?? UUID(), $0.name) },
            uniquingKeysWith: { first, _ in first })
        return rows.compactMap { row in
            guard let title = try? row.decode(column: "title", as: String.self) else { return nil }
            let owner = (try? row.decode(column: "owner_organisation_id", as: UUID?.self)).flatMap { $0 }
            let due = (try? row.decode(column: "due_on", as: Int?.self)).flatMap { $0 }
            return Row(title: title, ownerOrganisation: owner.flatMap { names[$0] } ?? "", dueOn: due.map(Day.init(daysSinceEpoch:)))
        }
    }
}
