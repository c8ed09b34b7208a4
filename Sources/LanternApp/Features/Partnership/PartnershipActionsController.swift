import Fluent
import Foundation
import LanternCore
import Vapor

/// A group's actions. The secretariat (`manageGroup`) keeps the log, adds and changes
/// actions; an action's owner (`progressAction` through the `actionOwner` relation) and the
/// secretariat post dated updates; members (`viewBoardPapers`) read an action. An action of a
/// group the person has nothing to do with answers 404. Every write is audited (ids only).
struct PartnershipActionsController {
    func register(_ routes: LanternRoutes) {
        // The group's members read the log (they are its owners and its audience); only the
        // secretariat adds and changes actions.
        routes.get(PartnershipActionPaths.groupActions, access: .anyAction(Self.logReaders), use: log)
        routes.get(PartnershipActionPaths.newAction, access: .action(.manageGroup), use: newForm)
        routes.post(PartnershipActionPaths.newAction, access: .action(.manageGroup), use: create)
        routes.get(PartnershipActionPaths.action, access: .anyAction(Self.readers), use: show)
        routes.post(PartnershipActionPaths.edit, access: .action(.manageGroup), use: change)
        routes.post(PartnershipActionPaths.addUpdate, access: .anyAction(Self.writers), use: addUpdate)
    }

    struct ActionForm: Content {
        var title: String?
        var owner: String?
        var due: String?
        var status: String?
        var dropReason: String?
        var agendaItem: String?

        var values: PartnershipActionPages.Values {
            .init(title: title ?? "", owner: owner ?? "", due: due ?? "", status: status ?? "open", dropReason: dropReason ?? "", agendaItem: agendaItem ?? "")
        }
    }

    struct UpdateForm: Content {
        var text: String?
        var status: String?
        var dropReason: String?
    }

    // MARK: loading

    private func group(_ request: Request) async throws -> Authorised<PartnershipGroup> {
        guard let id = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        return try await request.authoriseGroup(id, for: .manageGroup)
    }

    /// The action in the path for the first of `actions` the person may do to it: placed like
    /// its group, with its owner as `actionOwner`.
    private func target(_ request: Request, for actions: [Action]) async throws -> (PartnershipAction, Authorised<PartnershipGroup>) {
        let context = try request.requireSignedIn()
        guard let id = request.parameters.get("actionID", as: UUID.self), let action = try await PartnershipAction.find(id, on: request.db),
              let group = try await PartnershipGroup.find(action.groupID, on: request.db) else { throw LanternError.notFound }
        let policy = request.accessPolicy
        let possible = actions.filter { policy.allowsSome(context.roles, $0) }
        guard !possible.isEmpty else { throw LanternError.forbidden }
        var placement = try await groupPlacement(group, on: request.db, today: request.application.lantern.today)
        placement.actionOwnerID = action.ownerUserID.uuidString
        // An action belongs to its owner's organisation (their lead may follow it up), not to
        // the organisation that hosts the group.
        placement.organisationID = action.ownerOrganisationID.uuidString
        for candidate in possible {
            if let authorised = try? await request.authorise(candidate, group, placedAt: placement) { return (action, authorised) }
        }
        throw LanternError.notFound
    }

    /// Who may own an action: the group's members today, each for the organisation they represent.
    private func owners(of groupID: UUID, on db: any Database, today: Day) async throws -> [(member: GroupMember, user: User, organisation: String)] {
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).inForce(on: today).all()
        let users = try await User.query(on: db).filter(\.$id ~~ members.map { $0.$user.id }).all()
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ members.map(\.organisationID)).all()
        return members.compactMap { member in
            guard let user = users.first(where: { $0.id == member.$user.id }), !user.isDisabled else { return nil }
            return (member, user, organisations.first { $0.id == member.organisationID }?.name ?? "")
        }.sorted { $0.user.displayName < $1.user.displayName }
    }

    private func form(_ group: PartnershipGroup, values: PartnershipActionPages.Values, errors: FormErrors, request: Request) async throws -> PartnershipActionPages.Form {
        let groupID = try group.requireID()
        let owners = try await owners(of: groupID, on: request.db, today: request.application.lantern.today)
        let meetings = try await Meeting.query(on: request.db).filter(\.$group.$id == groupID).sort(\.$startsAt, .descending).limit(12).all()
        let items = try await AgendaItem.query(on: request.db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).sort(\.$position).all()
        let l = PartnershipActionPages.localiser(request)
        let agenda = meetings.flatMap { meeting in
            items.filter { $0.$meeting.id == meeting.id }.map { (id: $0.id?.uuidString ?? "", label: l("partnership-actions.agenda-option", ["meeting": meeting.title, "date": l.date(meeting.startsAt), "item": $0.title])) }
        }
        return PartnershipActionPages.Form(
            groupID: groupID.uuidString, groupName: group.name,
            owners: owners.map { (id: $0.member.id?.uuidString ?? "", label: l("partnership-actions.owner-option", ["person": $0.user.displayName, "organisation": $0.organisation])) },
            agendaItems: agenda, values: values, errors: errors)
    }

    private func rows(_ actions: [PartnershipAction], today: Day, on db: any Database) async throws -> [PartnershipActionPages.Row] {
        let users = try await User.query(on: db).filter(\.$id ~~ Array(Set(actions.map(\.ownerUserID)))).all()
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Array(Set(actions.map(\.ownerOrganisationID)))).all()
        return actions.map { action in
            PartnershipActionPages.Row(
                id: action.id?.uuidString ?? "", title: action.title,
                ownerName: users.first { $0.id == action.ownerUserID }?.displayName ?? "",
                organisationName: organisations.first { $0.id == action.ownerOrganisationID }?.name ?? "",
                due: action.due, status: action.actionStatus,
                standing: PartnershipActionRules.standing(due: action.due, status: action.actionStatus, today: today))
        }
    }

    private func errors(_ problems: PartnershipActionRules.Problems, l: Localiser, prefix: String = "") -> FormErrors {
        var errors = FormErrors()
        for item in problems.items { errors.add(prefix + item.field, PartnershipActionPages.errorMessage(item.problem, l: l)) }
        return errors
    }

    // MARK: the log

    static let logReaders: [Action] = [.manageGroup, .viewBoardPapers]

    @Sendable func log(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        let group = try await request.authoriseGroup(id, forAnyOf: Self.logReaders)
        let groupID = try group.record.requireID()
        let filter = request.query[String.self, at: "status"].flatMap(PartnershipActionStatus.init(rawValue:))
        var query = PartnershipAction.query(on: request.db).filter(\.$groupID == groupID)
        if let filter { query = query.filter(\.$status == filter.rawValue) }
        let actions = try await query.sort(\.$dueOn).sort(\.$createdAt).all()
        let today = request.application.lantern.today
        let model = PartnershipActionPages.Log(groupID: groupID.uuidString, groupName: group.record.name,
                                               rows: try await rows(actions, today: today, on: request.db), filter: filter,
                                               canManage: (try? group.also(.manageGroup, policy: request.accessPolicy)) != nil)
        return request.render(PartnershipActionPages.log(model, l: PartnershipActionPages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let group = try await group(request)
        var values = PartnershipActionPages.Values()
        values.agendaItem = request.query[String.self, at: "agendaItem"] ?? ""
        return request.render(PartnershipActionPages.new(try await form(group.record, values: values, errors: FormErrors(), request: request),
                                                         csrf: request.csrfToken, l: PartnershipActionPages.localiser(request)))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let group = try await group(request)
        let context = try group.context(for: .manageGroup)
        let groupID = try group.record.requireID()
        let values = try request.content.decode(ActionForm.self).values
        let l = PartnershipActionPages.localiser(request)
        let services = request.application.lantern
        let owner = try await owners(of: groupID, on: request.db, today: services.today).first { $0.member.id?.uuidString == values.owner }
        // An agenda item of one of this group's meetings, or none.
        var item: AgendaItem?
        if !values.agendaItem.isEmpty, let itemID = UUID(exactly: values.agendaItem), let found = try await AgendaItem.find(itemID, on: request.db),
           let meeting = try await Meeting.find(found.$meeting.id, on: request.db), meeting.$group.id == groupID {
            item = found
        }
        let checked = PartnershipActionRules.check(title: values.title, ownerChosen: owner != nil, due: values.due, status: values.status,
                                                   dropReason: values.dropReason)
        var problems = FormErrors()
        if case .failure(let found) = checked { problems = errors(found, l: l) }
        if !values.agendaItem.isEmpty && item == nil { problems.add("agendaItem", l("partnership-actions.error-agenda-item")) }
        guard problems.isEmpty, case .success(let ok) = checked, let owner else {
            return request.render(PartnershipActionPages.new(try await form(group.record, values: values, errors: problems, request: request),
                                                             csrf: request.csrfToken, l: l))
        }
        let action = PartnershipAction()
        action.id = UUID()
        action.groupID = groupID
        action.meetingID = item?.$meeting.id
        action.agendaItemID = item?.id
        action.title = ok.title
        action.ownerUserID = owner.member.$user.id
        action.ownerOrganisationID = owner.member.organisationID
        action.dueOn = ok.due.daysSinceEpoch
        action.status = ok.status.rawValue
        action.dropReason = ok.dropReason
        action.doneOn = PartnershipActionRules.doneOn(newStatus: ok.status, previous: nil, previousDoneOn: nil, today: services.today)?.daysSinceEpoch
        action.createdAt = services.now
        action.createdBy = context.userID
        try await request.db.transaction { tx in
            try await action.create(on: tx)
            try await request.audit(AuditEvent(action: "partnership_action.created", recordType: "governance_action", recordID: action.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.partnershipAction(action.id?.uuidString ?? "").query("done", PartnershipActionPages.Show.Done.created.rawValue))
    }

    // MARK: one action

    static let readers: [Action] = [.manageGroup, .progressAction, .viewBoardPapers]
    static let writers: [Action] = [.manageGroup, .progressAction]

    @Sendable func show(_ request: Request) async throws -> Response {
        let (action, group) = try await target(request, for: Self.readers)
        let done = request.query[String.self, at: "done"].flatMap(PartnershipActionPages.Show.Done.init(rawValue:))
        try await request.audit(AuditEvent(action: "partnership_action.viewed", recordType: "governance_action", recordID: action.id?.uuidString))
        return request.render(try await page(action, group, request: request, done: done))
    }

    private func page(_ action: PartnershipAction, _ group: Authorised<PartnershipGroup>, request: Request, done: PartnershipActionPages.Show.Done? = nil,
                      errors: FormErrors = FormErrors(), update: UpdateForm? = nil, edit: PartnershipActionPages.Values? = nil) async throws -> Page {
        let policy = request.accessPolicy
        let canManage = group.action == .manageGroup || (try? group.also(.manageGroup, policy: policy)) != nil
        let canUpdate = canManage || group.action == .progressAction || (try? group.also(.progressAction, policy: policy)) != nil
        let today = request.application.lantern.today
        let actionID = try action.requireID()
        let updates = try await PartnershipActionUpdate.query(on: request.db).filter(\.$actionID == actionID).sort(\.$createdAt).all()
        let writers = try await User.query(on: request.db).filter(\.$id ~~ Array(Set(updates.map(\.writtenBy)))).all()
        var from: String?
        if let itemID = action.agendaItemID, let item = try await AgendaItem.find(itemID, on: request.db),
           let meeting = try await Meeting.find(item.$meeting.id, on: request.db) {
            from = "\(meeting.title): \(item.title)"
        }
        var editForm: PartnershipActionPages.Form?
        if canManage {
            let owners = try await owners(of: action.groupID, on: request.db, today: today)
            let ownerMember = owners.first { $0.member.$user.id == action.ownerUserID && $0.member.organisationID == action.ownerOrganisationID }
            let values = edit ?? .init(title: action.title, owner: ownerMember?.member.id?.uuidString ?? "", due: action.due.iso,
                                       status: action.status, dropReason: action.dropReason ?? "")
            editForm = try await form(group.record, values: values, errors: errors, request: request)
        }
        let model = PartnershipActionPages.Show(
            id: actionID.uuidString, groupID: action.groupID.uuidString, groupName: group.record.name,
            row: try await rows([action], today: today, on: request.db)[0], dropReason: action.dropReason,
            doneOn: action.doneOn.map(Day.init(daysSinceEpoch:)), from: from,
            updates: updates.map { update in .init(writtenOn: Day(daysSinceEpoch: update.writtenOn),
                                                   by: writers.first { $0.id == update.writtenBy }?.displayName ?? "", text: update.text) },
            canUpdate: canUpdate, canManage: canManage,
            updateText: update?.text ?? "", updateStatus: update?.status ?? action.status, updateReason: update?.dropReason ?? action.dropReason ?? "",
            edit: editForm, errors: errors, done: done)
        return PartnershipActionPages.show(model, csrf: request.csrfToken, l: PartnershipActionPages.localiser(request))
    }

    /// A dated update by the owner or the secretariat, optionally moving the status on.
    @Sendable func addUpdate(_ request: Request) async throws -> Response {
        let (action, group) = try await target(request, for: Self.writers)
        let form = try request.content.decode(UpdateForm.self)
        let l = PartnershipActionPages.localiser(request)
        let services = request.application.lantern
        var problems = FormErrors()
        if let problem = PartnershipActionRules.updateProblem(form.text) { problems.add("text", PartnershipActionPages.errorMessage(problem, l: l)) }
        let checked = PartnershipActionRules.check(title: action.title, ownerChosen: true, due: action.due.iso,
                                                   status: form.status ?? action.status, dropReason: form.dropReason)
        if case .failure(let found) = checked {
            for item in found.items { problems.add(item.field == "status" ? "update-status" : "update-dropReason", PartnershipActionPages.errorMessage(item.problem, l: l)) }
        }
        guard problems.isEmpty, case .success(let ok) = checked else {
            return request.render(try await page(action, group, request: request, errors: problems, update: form))
        }
        let context = group.context
        let update = PartnershipActionUpdate()
        update.id = UUID()
        update.actionID = try action.requireID()
        update.writtenOn = services.today.daysSinceEpoch
        update.text = (form.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        update.writtenBy = context.userID
        update.createdAt = services.now
        let previous = action.actionStatus
        action.doneOn = PartnershipActionRules.doneOn(newStatus: ok.status, previous: previous, previousDoneOn: action.doneOn.map(Day.init(daysSinceEpoch:)),
                                                      today: services.today)?.daysSinceEpoch
        action.status = ok.status.rawValue
        action.dropReason = ok.dropReason
        try await request.db.transaction { tx in
            try await update.create(on: tx)
            try await action.save(on: tx)
            try await request.audit(AuditEvent(action: "partnership_action.updated", recordType: "governance_action", recordID: action.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.partnershipAction(action.id?.uuidString ?? "").query("done", PartnershipActionPages.Show.Done.updated.rawValue))
    }

    /// The secretariat changes what, who, when or the status.
    @Sendable func change(_ request: Request) async throws -> Response {
        let (action, group) = try await target(request, for: [.manageGroup])
        let values = try request.content.decode(ActionForm.self).values
        let l = PartnershipActionPages.localiser(request)
        let services = request.application.lantern
        let owner = try await owners(of: action.groupID, on: request.db, today: services.today).first { $0.member.id?.uuidString == values.owner }
        let checked = PartnershipActionRules.check(title: values.title, ownerChosen: owner != nil, due: values.due, status: values.status,
                                                   dropReason: values.dropReason)
        guard case .success(let ok) = checked, let owner else {
            var problems = FormErrors()
            if case .failure(let found) = checked { problems = errors(found, l: l) }
            return request.render(try await page(action, group, request: request, errors: problems, edit: values))
        }
        action.doneOn = PartnershipActionRules.doneOn(newStatus: ok.status, previous: action.actionStatus,
                                                      previousDoneOn: action.doneOn.map(Day.init(daysSinceEpoch:)), today: services.today)?.daysSinceEpoch
        action.title = ok.title
        action.ownerUserID = owner.member.$user.id
        action.ownerOrganisationID = owner.member.organisationID
        action.dueOn = ok.due.daysSinceEpoch
        action.status = ok.status.rawValue
        action.dropReason = ok.dropReason
        try await request.db.transaction { tx in
            try await action.save(on: tx)
            try await request.audit(AuditEvent(action: "partnership_action.changed", recordType: "governance_action", recordID: action.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.partnershipAction(action.id?.uuidString ?? "").query("done", PartnershipActionPages.Show.Done.changed.rawValue))
    }
}
