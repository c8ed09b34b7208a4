import Foundation
import LanternCore
import Vapor

/// Pages for the partnership's groups: the list, the group form (new and change), and one
/// group (members current and past, sub-groups, terms of reference and their review, adding
/// and ending memberships), in the viewer's language (`l`, from `GroupPages.localiser`).
enum GroupPages {
    /// The request's language if the catalogue has all of groups, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "groups", "components") }

    static func kindName(_ kind: GroupKind, _ l: Localiser) -> String {
        switch kind {
        case .board: l("groups.kind.board")
        case .network: l("groups.kind.network")
        case .subgroup: l("groups.kind.subgroup")
        }
    }

    static func roleName(_ role: GroupRole, _ l: Localiser) -> String {
        switch role {
        case .chair: l("groups.role.chair")
        case .viceChair: l("groups.role.vice-chair")
        case .secretariat: l("groups.role.secretariat")
        case .member: l("groups.role.member")
        case .observer: l("groups.role.observer")
        case .adviser: l("groups.role.adviser")
        }
    }

    /// The review of terms in words (and a tag's colour, never the only sign).
    static func reviewTag(_ state: TermsRules.ReviewState, _ l: Localiser) -> HTML {
        switch state {
        case .overdue: Components.tag(l("groups.review.overdue"), colour: "red")
        case .due: Components.tag(l("groups.review.due"), colour: "yellow")
        case .notDue: Components.tag(l("groups.review.not-due"), colour: "green")
        }
    }

    // MARK: List

    struct List {
        struct Row {
            var id: String
            var name: String
            var kind: GroupKind
            var isPublic: Bool
            var parentName: String?
        }
        var groups: [Row]
        var canCreate: Bool
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let rows: [[HTML]] = m.groups.map { g in
            [HTML("<a href=\"\(Href.group(g.id))\">\(g.name)</a>"), HTML("\(kindName(g.kind, l))"),
             HTML("\(g.parentName ?? "")"), HTML("\(g.isPublic ? l("groups.public-yes") : l("groups.public-no"))")]
        }
        return Page(title: l("groups.title"), content: """
            <h1 class="heading-l">\(l("groups.title"))</h1>
            <p class="body">\(l("groups.intro"))</p>
            \(m.canCreate ? HTML("<p class=\"body\"><a href=\"\(Href.newGroup)\" class=\"button\">\(l("groups.create-link"))</a></p>") : .empty)
            \(m.groups.isEmpty ? HTML("<p class=\"body\">\(l("groups.none"))</p>")
                : Components.table(caption: l("groups.caption"),
                                   headers: [l("groups.column-name"), l("groups.column-kind"), l("groups.column-parent"), l("groups.column-public")],
                                   rows: rows))
            """, language: l.language)
    }

    // MARK: Form

    struct Form {
        /// Nil for a new group.
        var groupID: String?
        var values: GroupsController.GroupForm
        var parents: [(id: String, name: String)]
        var hosts: [(id: String, name: String)]
        var errors: FormErrors
    }

    static func form(_ m: Form, csrf: String, l: Localiser) -> Page {
        let v = m.values
        let title = m.groupID == nil ? l("groups.new-title") : l("groups.edit-title")
        let action = m.groupID.map(Href.editGroup) ?? Href.newGroup
        let kindField: HTML = m.groupID == nil
            ? Components.radios(name: "kind", legend: l("groups.field-kind"),
                                options: GroupKind.allCases.map { ($0.rawValue, kindName($0, l)) }, selected: v.kind,
                                hint: l("groups.field-kind-hint"), errors: m.errors, l: l)
            : Components.summaryList([(l("groups.field-kind"), HTML("\(kindName(GroupKind(rawValue: v.kind ?? "") ?? .board, l))"))])
        return Page(title: title, content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(title)</h1>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(kindField)
            \(Components.textInput(name: "name", label: l("groups.field-name"), value: v.name ?? "", errors: m.errors, l: l))
            \(Components.textInput(name: "slug", label: l("groups.field-slug"), value: v.slug ?? "", hint: l("groups.field-slug-hint"),
                                   errors: m.errors, l: l))
            \(Components.textArea(name: "purpose", label: l("groups.field-purpose"), value: v.purpose ?? "", errors: m.errors, l: l))
            \(Components.select(name: "parentID", label: l("groups.field-parent"),
                                options: [("", l("groups.field-parent-none"))] + m.parents.map { ($0.id, $0.name) }, selected: v.parentID ?? "",
                                hint: l("groups.field-parent-hint"), errors: m.errors, l: l))
            \(Components.select(name: "hostOrganisationID", label: l("groups.field-host"), options: m.hosts.map { ($0.id, $0.name) },
                                selected: v.hostOrganisationID, errors: m.errors, l: l))
            \(Components.checkboxes(name: "isPublic", legend: l("groups.field-public"), options: [("yes", l("groups.field-public-yes"))],
                                    checked: Set(v.isPublic ?? []), hint: l("groups.field-public-hint"), errors: m.errors, l: l))
            \(Components.button(m.groupID == nil ? l("groups.create") : l("groups.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: m.groupID.map { (Href.group($0), l("groups.back-to-group")) } ?? (Href.groups, l("groups.back")), language: l.language)
    }

    // MARK: One group

    struct Show {
        struct Member {
            var id: String
            var name: String
            var organisation: String
            var role: GroupRole
            var from: Day
            var until: Day?
            func isCurrent(_ today: Day) -> Bool { !MembershipPeriod(from: from, until: until).hasEnded(by: today) }
        }
        struct Terms {
            var version: Int
            var approvedOn: Day
            var quorum: Int
            var nextReview: Day
            var meeting: (id: String, title: String)?
            var review: TermsRules.ReviewState
        }
        /// What the redirect after a change says was done (`?done=`).
        enum Done: String { case created, changed, added, ended, terms }

        var id: String
        var name: String
        var slug: String
        var kind: GroupKind
        var purpose: String
        var isPublic: Bool
        var hostName: String
        /// The parent group: id, name, and whether the person may open it.
        var parent: (id: String, name: String, visible: Bool)?
        var children: [(id: String, name: String, kind: GroupKind)]
        /// Memberships not ended (in force, or starting later), and those that have ended.
        var current: [Member]
        var past: [Member]
        var terms: Terms?
        var versions: [(version: Int, approvedOn: Day)]
        var canManage: Bool
        var today: Day
        var candidates: [(id: String, name: String)]
        var organisations: [(id: String, name: String)]
        var memberForm: GroupsController.MemberForm
        /// What was typed into an end-membership form, by membership.
        var endValues: [String: String]
        var errors: FormErrors
        var done: Done?
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .created: Components.notification(title: l("groups.created-title"), body: "\(l("groups.created-text"))")
        case .changed: Components.notification(title: l("groups.changed-title"), body: "\(l("groups.changed-text"))")
        case .added: Components.notification(title: l("groups.added-title"), body: "\(l("groups.added-text"))")
        case .ended: Components.notification(title: l("groups.ended-title"), body: "\(l("groups.ended-text"))")
        case .terms: Components.notification(title: l("groups.terms-added-title"), body: "\(l("groups.terms-added-text"))")
        case nil: .empty
        }
        var details: [(key: String, value: HTML)] = [
            (l("groups.field-kind"), HTML("\(kindName(m.kind, l))")),
            (l("groups.field-host"), HTML("\(m.hostName)")),
            (l("groups.field-public"), HTML("\(m.isPublic ? l("groups.public-yes") : l("groups.public-no"))")),
        ]
        if let parent = m.parent {
            details.append((l("groups.field-parent"), parent.visible ? HTML("<a href=\"\(Href.group(parent.id))\">\(parent.name)</a>") : HTML("\(parent.name)")))
        }
        if !m.purpose.isEmpty { details.append((l("groups.field-purpose"), HTML("\(m.purpose)"))) }
        return Page(title: m.name, content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(kindName(m.kind, l))</span>
            <h1 class="heading-l">\(m.name)</h1>
            \(Components.summaryList(details))
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.editGroup(m.id))\">\(l("groups.edit-link"))<span class=\"visually-hidden\"> \(m.name)</span></a></p>") : .empty)
            <ul class="list">
            <li><a href="\(Href.groupMeetings(m.id))">\(l("groups.meetings-link"))</a></li>
            <li><a href="\(Href.groupMinutes(m.id))">\(l("groups.minutes-link"))</a></li>
            <li><a href="\(Href.groupActions(m.id))">\(l("groups.actions-link"))</a></li>
            </ul>
            \(termsSection(m, l: l))
            \(membersSection(m, csrf: csrf, l: l))
            \(childrenSection(m, l: l))
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.groups, l("groups.back")), language: l.language)
    }

    private static func termsSection(_ m: Show, l: Localiser) -> HTML {
        let current: HTML
        if let t = m.terms {
            let flag: HTML = t.review == .notDue ? .empty : HTML("""
                <div class="warning-text" role="note"><strong class="warning-text__text">\(t.review == .overdue
                    ? l("groups.review-overdue-text", ["date": l.day(t.nextReview)]) : l("groups.review-due-text", ["date": l.day(t.nextReview)]))</strong></div>
                """)
            current = """
                \(flag)
                \(Components.summaryList([
                    (l("groups.terms-version"), HTML("<a href=\"\(Href.terms(m.id, version: t.version))\">\(l("groups.terms-version-n", ["version": l.number(t.version)]))</a>")),
                    (l("groups.terms-approved"), HTML("\(l.day(t.approvedOn))")),
                    (l("groups.terms-meeting"), TermsPages.meetingLink(t.meeting, l)),
                    (l("groups.terms-quorum"), HTML("\(l.number(t.quorum))")),
                    (l("groups.terms-next-review"), HTML("\(l.day(t.nextReview)) \(reviewTag(t.review, l))")),
                ]))
                """
        } else {
            current = HTML("<p class=\"body\">\(l("groups.terms-none"))</p>")
        }
        let rows: [[HTML]] = m.versions.map { v in
            [HTML("<a href=\"\(Href.terms(m.id, version: v.version))\">\(l("groups.terms-version-n", ["version": l.number(v.version)]))</a>"),
             HTML("\(l.day(v.approvedOn))")]
        }
        let compare: HTML = m.versions.count < 2 ? .empty : """
            <form method="get" action="\(Href.compareTerms(m.id))" novalidate>
            \(Components.select(name: "from", label: l("groups.compare-from"), options: m.versions.map { (String($0.version), l("groups.terms-version-n", ["version": l.number($0.version)])) },
                                selected: String(m.versions[1].version), errors: FormErrors(), id: "compare-from", l: l))
            \(Components.select(name: "to", label: l("groups.compare-to"), options: m.versions.map { (String($0.version), l("groups.terms-version-n", ["version": l.number($0.version)])) },
                                selected: String(m.versions[0].version), errors: FormErrors(), id: "compare-to", l: l))
            \(Components.button(l("groups.compare"), secondary: true))
            </form>
            """
        return """
            <h2 class="heading-m">\(l("groups.terms-heading"))</h2>
            \(current)
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.newTerms(m.id))\" class=\"button button--secondary\">\(l("groups.terms-new-link"))</a></p>") : .empty)
            \(m.versions.count > 1 ? Components.table(caption: l("groups.terms-versions-caption"), headers: [l("groups.terms-version"), l("groups.terms-approved")], rows: rows) : .empty)
            \(compare)
            """
    }

    private static func memberRows(_ members: [Show.Member], m: Show, withEnd: Bool, csrf: String, l: Localiser) -> [[HTML]] {
        members.map { member in
            var row: [HTML] = [HTML("\(member.name)"), HTML("\(member.organisation)"), HTML("\(roleName(member.role, l))"),
                               HTML("\(l.day(member.from))"), HTML("\(member.until.map { l.day($0) } ?? l("groups.until-open"))")]
            if withEnd {
                let field = "until-\(member.id)"
                row.append("""
                    <form method="post" action="\(Href.endGroupMember(m.id, member.id))" novalidate>
                    \(Components.csrfField(csrf))
                    \(Components.textInput(name: "until", label: l("groups.end-label", ["name": member.name]), value: m.endValues[member.id] ?? m.today.iso,
                                           type: "date", errors: m.errors, id: field, l: l))
                    \(Components.button(l("groups.end"), secondary: true))
                    </form>
                    """)
            }
            return row
        }
    }

    private static func membersSection(_ m: Show, csrf: String, l: Localiser) -> HTML {
        let headers = [l("groups.column-person"), l("groups.column-organisation"), l("groups.column-role"), l("groups.column-from"), l("groups.column-until")]
        let current: HTML = m.current.isEmpty ? HTML("<p class=\"body\">\(l("groups.members-none"))</p>")
            : Components.table(caption: l("groups.members-caption", ["group": m.name]),
                               headers: headers + (m.canManage ? [l("groups.column-end")] : []),
                               rows: memberRows(m.current, m: m, withEnd: m.canManage, csrf: csrf, l: l))
        let past: HTML = m.past.isEmpty ? .empty : """
            <h3 class="heading-s">\(l("groups.past-heading"))</h3>
            \(Components.table(caption: l("groups.past-caption", ["group": m.name]), headers: headers,
                               rows: memberRows(m.past, m: m, withEnd: false, csrf: csrf, l: l)))
            """
        let f = m.memberForm
        let add: HTML = !m.canManage ? .empty : """
            <h3 class="heading-s">\(l("groups.add-heading"))</h3>
            <form method="post" action="\(Href.addGroupMember(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "userID", label: l("groups.field-person"), options: [("", l("groups.choose-person"))] + m.candidates.map { ($0.id, $0.name) },
                                selected: f.userID, errors: m.errors, l: l))
            \(Components.select(name: "organisationID", label: l("groups.field-organisation"),
                                options: [("", l("groups.field-organisation-own"))] + m.organisations.map { ($0.id, $0.name) },
                                selected: f.organisationID ?? "", hint: l("groups.field-organisation-hint"), errors: m.errors, l: l))
            \(Components.select(name: "role", label: l("groups.field-role"), options: GroupRole.allCases.map { ($0.rawValue, roleName($0, l)) },
                                selected: f.role ?? GroupRole.member.rawValue, errors: m.errors, l: l))
            \(Components.textInput(name: "from", label: l("groups.field-from"), value: f.from ?? m.today.iso, type: "date", errors: m.errors, l: l))
            \(Components.textInput(name: "until", label: l("groups.field-until"), value: f.until ?? "", hint: l("groups.field-until-hint"),
                                   type: "date", errors: m.errors, l: l))
            \(Components.button(l("groups.add"), secondary: true))
            </form>
            """
        return """
            <h2 class="heading-m">\(l("groups.members-heading"))</h2>
            \(current)
            \(past)
            \(add)
            """
    }

    private static func childrenSection(_ m: Show, l: Localiser) -> HTML {
        guard !m.children.isEmpty else { return .empty }
        let items = m.children.map { HTML("<li><a href=\"\(Href.group($0.id))\">\($0.name)</a> (\(kindName($0.kind, l)))</li>") }
        return """
            <h2 class="heading-m">\(l("groups.children-heading"))</h2>
            <ul class="list">\(items)</ul>
            """
    }
}
