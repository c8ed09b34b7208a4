import Fluent
import Foundation
import LanternCore
import Vapor

/// Groups: the list of those one may see, creating one, its page (members current and past,
/// sub-groups, current terms of reference with their review), changing it, adding a member
/// and ending a membership. Members read; the secretariat, the host organisation's board
/// secretariat and platform administrators run it. Another group answers 404.
struct GroupsController {
    func register(_ routes: LanternRoutes) {
        routes.get(GroupPaths.list, access: .anyAction(Self.readers), use: list)
        routes.get(GroupPaths.new, access: .action(.createGroup), use: newForm)
        routes.post(GroupPaths.new, access: .action(.createGroup), use: create)
        routes.get(GroupPaths.group, access: .anyAction(Self.readers), use: show)
        routes.get(GroupPaths.edit, access: .action(.manageGroup), use: editForm)
        routes.post(GroupPaths.edit, access: .action(.manageGroup), use: update)
        routes.post(GroupPaths.addMember, access: .action(.manageGroup), use: addMember)
        routes.post(GroupPaths.endMember, access: .action(.manageGroup), use: endMember)
    }

    /// Reading a group's page: its members read it, those who run it too.
    static let readers: [Action] = [.viewBoardPapers, .manageGroup]

    struct GroupForm: Content {
        var kind: String?
        var name: String?
        var slug: String?
        var purpose: String?
        var parentID: String?
        var hostOrganisationID: String?
        /// The checkbox (`isPublic[]=yes`).
        var isPublic: [String]?
    }

    struct MemberForm: Content {
        var userID: String?
        var organisationID: String?
        var role: String?
        var from: String?
        var until: String?
    }

    struct EndForm: Content { var until: String? }

    // MARK: List

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let groups = try await request.visibleGroups()
        let l = GroupPages.localiser(request)
        try await request.audit(AuditEvent(action: "groups.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let names = Dictionary(groups.compactMap { g in g.id.map { ($0, g.name) } }, uniquingKeysWith: { a, _ in a })
        let model = GroupPages.List(
            groups: groups.map { g in
                GroupPages.List.Row(id: g.id?.uuidString ?? "", name: g.name, kind: g.groupKind, isPublic: g.isPublic,
                                    parentName: g.$parent.id.flatMap { names[$0] })
            },
            canCreate: Self.mayCreate(request))
        return request.render(GroupPages.list(model, l: l))
    }

    /// Whether the person may create a group at all (for their own organisation, or any).
    static func mayCreate(_ request: Request) -> Bool {
        (try? request.authoriseCreating(.createGroup)) != nil
    }

    // MARK: Creating and changing

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.createGroup)
        let form = GroupForm(kind: GroupKind.board.rawValue, hostOrganisationID: context.organisationID.uuidString)
        return request.render(try await formPage(request, form: form, groupID: nil, errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.createGroup)
        let form = try request.content.decode(GroupForm.self)
        let (checked, found) = try await check(form, existing: nil, request: request)
        var errors = found
        guard errors.isEmpty, let checked else { return request.render(try await formPage(request, form: form, groupID: nil, errors: errors)) }
        let group = PartnershipGroup(kind: checked.kind, name: checked.name, slug: checked.slug, purpose: checked.purpose,
                                     parentID: checked.parentID, hostOrganisationID: checked.hostID, isPublic: checked.isPublic,
                                     createdAt: request.application.lantern.now)
        do {
            try await request.db.transaction { tx in
                try await group.create(on: tx)
                try await request.audit(AuditEvent(action: "group.created", recordType: "group", recordID: group.id?.uuidString,
                                                   organisationID: checked.hostID), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same address chosen at the same moment: the unique index kept one.
            errors.add("slug", GroupPages.localiser(request)("groups.error.slug-taken"))
            return request.render(try await formPage(request, form: form, groupID: nil, errors: errors))
        }
        return request.redirect(to: Href.group(group.id?.uuidString ?? "").query("done", GroupPages.Show.Done.created.rawValue))
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let group = try await target(request, for: .manageGroup)
        let g = group.record
        let form = GroupForm(kind: g.kind, name: g.name, slug: g.slug, purpose: g.purpose, parentID: g.$parent.id?.uuidString,
                             hostOrganisationID: g.$hostOrganisation.id.uuidString, isPublic: g.isPublic ? ["yes"] : nil)
        return request.render(try await formPage(request, form: form, groupID: try g.requireID(), errors: FormErrors()))
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let group = try await target(request, for: .manageGroup)
        let groupID = try group.record.requireID()
        var form = try request.content.decode(GroupForm.self)
        form.kind = group.record.kind  // a group's kind is fixed when it is created
        let (checked, found) = try await check(form, existing: group.record, request: request)
        var errors = found
        guard errors.isEmpty, let checked else { return request.render(try await formPage(request, form: form, groupID: groupID, errors: errors)) }
        let g = group.record
        g.name = checked.name
        g.slug = checked.slug
        g.purpose = checked.purpose
        g.$parent.id = checked.parentID
        g.$hostOrganisation.id = checked.hostID
        g.isPublic = checked.isPublic
        do {
            try await request.db.transaction { tx in
                try await g.save(on: tx)
                try await request.audit(AuditEvent(action: "group.changed", recordType: "group", recordID: groupID.uuidString,
                                                   organisationID: checked.hostID), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.add("slug", GroupPages.localiser(request)("groups.error.slug-taken"))
            return request.render(try await formPage(request, form: form, groupID: groupID, errors: errors))
        }
        return request.redirect(to: Href.group(groupID.uuidString).query("done", GroupPages.Show.Done.changed.rawValue))
    }

    struct Checked {
        var kind: GroupKind
        var name: String
        var slug: String
        var purpose: String
        var parentID: UUID?
        var hostID: UUID
        var isPublic: Bool
    }

    /// A group's fields: kind, a name, a free address (slug), a purpose of reasonable length,
    /// a parent the person may see that is a board or network (sub-groups only), and a host
    /// organisation they may run groups for.
    private func check(_ form: GroupForm, existing: PartnershipGroup?, request: Request) async throws -> (Checked?, FormErrors) {
        let l = GroupPages.localiser(request)
        var errors = FormErrors()
        let kind = GroupKind(rawValue: form.kind ?? "")
        if kind == nil { errors.add("kind", l("groups.error.kind")) }
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.add("name", l("groups.error.name-missing")) }
        else if name.count > 200 { errors.add("name", l("groups.error.name-too-long", ["limit": l.number(200)])) }
        else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { errors.add("name", l("groups.error.control")) }
        var slug = (form.slug ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if slug.isEmpty { slug = GroupRules.slug(from: name) }
        if !name.isEmpty, !GroupRules.isValidSlug(slug) { errors.add("slug", l("groups.error.slug-invalid")) }
        else if !slug.isEmpty {
            var same = PartnershipGroup.query(on: request.db).filter(\.$slug == slug)
            if let id = existing?.id { same = same.filter(\.$id != id) }
            if try await same.first() != nil { errors.add("slug", l("groups.error.slug-taken")) }
        }
        let purpose = (form.purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if purpose.count > 5_000 { errors.add("purpose", l("groups.error.purpose-too-long", ["limit": l.number(5_000)])) }
        else if purpose.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }) {
            errors.add("purpose", l("groups.error.control"))
        }
        // A checkbox sends "yes" or nothing; anything else is not what the form offered.
        if let boxes = form.isPublic, boxes.contains(where: { $0 != "yes" }) { errors.add("isPublic", l("contacts.error.checkbox")) }
        // The parent: one the person may see, a board or network, never the group or below it.
        var parentID: UUID?
        if let kind {
            let typed = (form.parentID ?? "").trimmingCharacters(in: .whitespaces)
            let chosen = UUID(exactly: typed)
            var parent: PartnershipGroup?
            if let chosen, try await request.visibleGroups().contains(where: { $0.id == chosen }) {
                parent = try await PartnershipGroup.find(chosen, on: request.db)
            }
            // Something chosen that is not a group the person may see (or not an id at all).
            if !typed.isEmpty, parent == nil {
                errors.add("parentID", l("groups.error.parent-missing"))
            } else {
                var ancestors: [String] = []
                var next = parent?.$parent.id
                while let id = next, ancestors.count < 20 {
                    ancestors.append(id.uuidString)
                    next = try await PartnershipGroup.find(id, on: request.db)?.$parent.id
                }
                switch GroupRules.parentProblem(kind: kind, groupID: existing?.id?.uuidString, parentID: parent?.id?.uuidString,
                                                parentKind: parent?.groupKind, ancestorsOfParent: ancestors) {
                case .missing?: errors.add("parentID", l("groups.error.parent-missing"))
                case .notAllowed?: errors.add("parentID", l("groups.error.parent-not-allowed"))
                case .parentIsSubgroup?: errors.add("parentID", l("groups.error.parent-subgroup"))
                case .cycle?: errors.add("parentID", l("groups.error.parent-cycle"))
                case nil: parentID = parent?.id
                }
            }
        }
        // The host: an organisation the person may create groups for.
        var hostID: UUID?
        // (Keeping a group's present host needs no more than running the group.)
        if let chosen = UUID(exactly: form.hostOrganisationID ?? ""), try await Organisation.find(chosen, on: request.db) != nil,
           chosen == existing?.$hostOrganisation.id || (try? request.authorise(.createGroup, forOrganisation: chosen)) != nil {
            hostID = chosen
        } else {
            errors.add("hostOrganisationID", l("groups.error.host"))
        }
        guard errors.isEmpty, let kind, let hostID else { return (nil, errors) }
        return (Checked(kind: kind, name: name, slug: slug, purpose: purpose, parentID: parentID, hostID: hostID,
                        isPublic: form.isPublic?.contains("yes") == true), errors)
    }

    private func formPage(_ request: Request, form: GroupForm, groupID: UUID?, errors: FormErrors) async throws -> Page {
        let context = try request.requireSignedIn()
        let parents = try await request.visibleGroups().filter { $0.groupKind.canBeParent && $0.id != groupID }
        // Platform administrators choose the host; everyone else hosts in their own organisation.
        let anyHost = request.accessPolicy.reach(of: context.roles, .createGroup) == .everything
        var own = [context.organisationID]
        if let groupID, let present = try await PartnershipGroup.find(groupID, on: request.db)?.$hostOrganisation.id { own.append(present) }
        let hosts: [Organisation] = anyHost ? try await Organisation.query(on: request.db).sort(\.$name).all()
            : try await Organisation.query(on: request.db).filter(\.$id ~~ own).sort(\.$name).all()
        let model = GroupPages.Form(
            groupID: groupID?.uuidString, values: form,
            parents: parents.map { ($0.id?.uuidString ?? "", $0.name) },
            hosts: hosts.map { ($0.id?.uuidString ?? "", $0.name) }, errors: errors)
        return GroupPages.form(model, csrf: request.csrfToken, l: GroupPages.localiser(request))
    }

    // MARK: One group

    /// The group named in the path, for `action`; 404 when it is not there or not the person's to see.
    private func target(_ request: Request, for action: Action) async throws -> Authorised<PartnershipGroup> {
        guard let id = request.parameters.get("groupID", as: UUID.self) else {
            try request.authorise(action)
            throw LanternError.notFound
        }
        return try await request.authoriseGroup(id, for: action)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        let group = try await request.authoriseGroup(id, forAnyOf: Self.readers)
        try await request.audit(AuditEvent(action: "group.viewed", recordType: "group", recordID: id.uuidString))
        return request.render(try await page(group, request: request, memberForm: MemberForm(), errors: FormErrors()))
    }

    /// The group's page; `memberForm` and `errors` refill the add-member or end-membership form.
    private func page(_ group: Authorised<PartnershipGroup>, request: Request, memberForm: MemberForm, errors: FormErrors,
                      endValues: [String: String] = [:]) async throws -> Page {
        let g = group.record
        let groupID = try g.requireID()
        let today = request.application.lantern.today
        let policy = request.accessPolicy
        let canManage = policy.permits(group.context.roles, .manageGroup, onAny: group.relations)
        let members = try await GroupMember.query(on: request.db).filter(\.$group.$id == groupID).sort(\.$fromDay).all()
        let userIDs = Set(members.map { $0.$user.id })
        let users = userIDs.isEmpty ? [] : try await User.query(on: request.db).filter(\.$id ~~ Array(userIDs)).all()
        let userNames = Dictionary(users.compactMap { u in u.id.map { ($0, u.displayName) } }, uniquingKeysWith: { a, _ in a })
        let organisations = try await Organisation.query(on: request.db).sort(\.$name).all()
        let orgNames = Dictionary(organisations.compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
        let rows = members.map { m in
            GroupPages.Show.Member(id: m.id?.uuidString ?? "", name: userNames[m.$user.id] ?? "", organisation: orgNames[m.organisationID] ?? "",
                                   role: m.groupRole, from: m.period.from, until: m.period.until)
        }
        let visibleIDs = Set(try await request.visibleGroups().compactMap(\.id))
        let children = try await PartnershipGroup.query(on: request.db).filter(\.$parent.$id == groupID).sort(\.$name).all()
            .filter { visibleIDs.contains($0.id ?? UUID()) }
        var parent: PartnershipGroup?
        if let parentID = g.$parent.id { parent = try await PartnershipGroup.find(parentID, on: request.db) }
        let versions = try await TermsVersion.query(on: request.db).filter(\.$group.$id == groupID).sort(\.$version, .descending).all()
        let currentNumber = TermsRules.currentVersion(versions.map { ($0.version, $0.approvedDay) }, today: today)
        let current = versions.first { $0.version == currentNumber }
        let approvingMeeting = try await TermsController.meeting(current?.approvedMeetingID, on: request.db)
        var candidates: [(String, String)] = []
        if canManage {
            let people = try await User.query(on: request.db).filter(\.$disabledAt == nil).sort(\.$displayName).limit(5_000).all()
            candidates = people.map { ($0.id?.uuidString ?? "", "\($0.displayName) (\(orgNames[$0.$organisation.id] ?? ""))") }
        }
        let model = GroupPages.Show(
            id: groupID.uuidString, name: g.name, slug: g.slug, kind: g.groupKind, purpose: g.purpose, isPublic: g.isPublic,
            hostName: orgNames[g.$hostOrganisation.id] ?? "",
            parent: parent.map { ($0.id?.uuidString ?? "", $0.name, visibleIDs.contains($0.id ?? UUID())) },
            children: children.map { ($0.id?.uuidString ?? "", $0.name, $0.groupKind) },
            current: rows.filter { $0.isCurrent(today) }, past: rows.filter { !$0.isCurrent(today) },
            terms: current.map { GroupPages.Show.Terms(version: $0.version, approvedOn: $0.approvedDay, quorum: $0.quorum,
                                                       nextReview: $0.nextReviewDay, meeting: approvingMeeting,
                                                       review: TermsRules.reviewState(nextReview: $0.nextReviewDay, today: today)) },
            versions: versions.map { ($0.version, $0.approvedDay) },
            canManage: canManage, today: today,
            candidates: candidates, organisations: organisations.map { ($0.id?.uuidString ?? "", $0.name) },
            memberForm: memberForm, endValues: endValues, errors: errors,
            done: request.query[String.self, at: "done"].flatMap(GroupPages.Show.Done.init(rawValue:)))
        return GroupPages.show(model, csrf: request.csrfToken, l: GroupPages.localiser(request))
    }

    // MARK: Members

    @Sendable func addMember(_ request: Request) async throws -> Response {
        let group = try await target(request, for: .manageGroup)
        let groupID = try group.record.requireID()
        let form = try request.content.decode(MemberForm.self)
        let l = GroupPages.localiser(request)
        var errors = FormErrors()
        var user: User?
        if let id = UUID(exactly: form.userID ?? ""), let found = try await User.find(id, on: request.db), !found.isDisabled { user = found }
        else { errors.add("userID", l("groups.error.person")) }
        // The organisation represented: the person's own unless another is chosen.
        var organisationID = user?.$organisation.id
        if let chosen = form.organisationID, !chosen.isEmpty {
            if let id = UUID(exactly: chosen), try await Organisation.find(id, on: request.db) != nil { organisationID = id }
            else { errors.add("organisationID", l("groups.error.organisation")) }
        }
        let role = GroupRole(rawValue: form.role ?? "")
        if role == nil { errors.add("role", l("groups.error.role")) }
        let from = Day(iso: (form.from ?? "").trimmingCharacters(in: .whitespaces))
        if from == nil { errors.add("from", l("groups.error.from")) }
        let untilText = (form.until ?? "").trimmingCharacters(in: .whitespaces)
        let until = untilText.isEmpty ? nil : Day(iso: untilText)
        if !untilText.isEmpty, until == nil { errors.add("until", l("groups.error.until")) }
        if let from, let until, !MembershipPeriod(from: from, until: until).isOrdered { errors.add("until", l("groups.error.until-before-from")) }
        if errors.isEmpty, let user, let from {
            let period = MembershipPeriod(from: from, until: until)
            let theirs = try await GroupMember.query(on: request.db).filter(\.$group.$id == groupID).filter(\.$user.$id == user.requireID()).all()
            if theirs.contains(where: { $0.period.overlaps(period) }) { errors.add("userID", l("groups.error.already-member")) }
        }
        guard errors.isEmpty, let user, let organisationID, let role, let from else {
            return request.render(try await page(group, request: request, memberForm: form, errors: errors))
        }
        let member = GroupMember(groupID: groupID, userID: try user.requireID(), organisationID: organisationID, role: role, from: from,
                                 until: until, createdAt: request.application.lantern.now, createdBy: group.context.userID)
        try await request.db.transaction { tx in
            try await member.create(on: tx)
            try await request.audit(AuditEvent(action: "group.member_added", recordType: "group", recordID: groupID.uuidString), on: tx)
        }
        return request.redirect(to: Href.group(groupID.uuidString).query("done", GroupPages.Show.Done.added.rawValue))
    }

    @Sendable func endMember(_ request: Request) async throws -> Response {
        let group = try await target(request, for: .manageGroup)
        let groupID = try group.record.requireID()
        guard let memberID = request.parameters.get("memberID", as: UUID.self),
              let member = try await GroupMember.query(on: request.db).filter(\.$id == memberID).filter(\.$group.$id == groupID).first()
        else { throw LanternError.notFound }
        let text = (try request.content.decode(EndForm.self).until ?? "").trimmingCharacters(in: .whitespaces)
        let l = GroupPages.localiser(request)
        var errors = FormErrors()
        let field = "until-\(memberID.uuidString)"
        let until = Day(iso: text)
        if until == nil { errors.add(field, l("groups.error.until")) }
        else if let until, until < member.period.from { errors.add(field, l("groups.error.until-before-from")) }
        else if let until, let ends = member.period.until, ends < until { errors.add(field, l("groups.error.until-later")) }
        guard errors.isEmpty, let until else {
            return request.render(try await page(group, request: request, memberForm: MemberForm(), errors: errors, endValues: [memberID.uuidString: text]))
        }
        member.untilDay = until.daysSinceEpoch
        try await request.db.transaction { tx in
            try await member.save(on: tx)
            try await request.audit(AuditEvent(action: "group.member_ended", recordType: "group", recordID: groupID.uuidString), on: tx)
        }
        return request.redirect(to: Href.group(groupID.uuidString).query("done", GroupPages.Show.Done.ended.rawValue))
    }
}
