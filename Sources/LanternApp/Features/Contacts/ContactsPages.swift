import Foundation
import LanternCore
import Vapor

/// The pages for keeping the directory, in the viewer's language (`l`, from `localiser`): the
/// list of entries a person keeps, the entry form, and one entry with its history.
enum ContactsPages {
    /// The request's language if the catalogue has all of contacts, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "contacts", "components") }

    /// What the redirect after a change says was done (`?done=`).
    enum Done: String { case created, changed, unchanged, confirmed, retired, overtaken }

    struct Row {
        var id: String
        var borough: String
        var draft: DirectoryEntryDraft
        var maintainer: String
        var isStale: Bool
        var isRetired: Bool
        var verifiedOn: Day
    }

    struct List {
        var rows: [Row]
        var staleDays: Int
    }

    struct Form {
        /// nil for a new entry.
        var entryID: String?
        var values: ContactsController.EntryForm
        var errors: FormErrors
        var boroughs: BoroughCatalogue
        /// The organisations that may keep the entry, when the person may choose (nil: their own).
        var maintainers: [(value: String, label: String)]?
        var defaultMaintainer: String
        var emailIsPersonal: Bool
        /// The maintaining organisation's teams: safeguarding concerns routed by the entry go to the one chosen.
        var teams: [(value: String, label: String)] = []
    }

    struct HistoryRow {
        var at: Date
        var by: String?
        var change: DirectoryEntryVersion.Change
        var fields: [String]
    }

    struct Show {
        var id: String
        var draft: DirectoryEntryDraft
        var borough: String
        var maintainer: String
        var version: Int
        var verifiedAt: Date
        var verifiedBy: String?
        var isStale: Bool
        var retiredAt: Date?
        var history: [HistoryRow]
        var done: Done?
    }

    /// The entry's state in words (and colour): retired, needs checking, not published, published.
    static func status(isRetired: Bool, isStale: Bool, isPublished: Bool, l: Localiser) -> HTML {
        var tags: [HTML] = []
        if isRetired { tags.append(Components.tag(l("contacts.status.retired"), colour: "grey")) }
        else if isStale { tags.append(Components.tag(l("contacts.status.stale"), colour: "red")) }
        tags.append(isPublished ? Components.tag(l("contacts.status.published"), colour: "green")
                    : Components.tag(l("contacts.status.unpublished"), colour: "grey"))
        return HTML.join(tags, separator: " ")
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let rows: [[HTML]] = m.rows.map { row in
            [HTML("<a href=\"\(Href.contactEntry(row.id))\">\(row.draft.roleTitle)</a><br><span class=\"hint\">\(row.draft.kind.label(l))</span>"),
             HTML("\(row.borough)"),
             HTML("\(row.draft.organisationName)<br><span class=\"hint\">\(l("contacts.kept-by", ["organisation": row.maintainer]))</span>"),
             HTML("\(l.day(row.verifiedOn))"),
             status(isRetired: row.isRetired, isStale: row.isStale, isPublished: row.draft.isPublished, l: l)]
        }
        let stale = m.rows.filter { $0.isStale && !$0.isRetired }.count
        return Page(title: l("contacts.manage.title"), content: """
            <h1 class="heading-l">\(l("contacts.manage.title"))</h1>
            <p class="body">\(l("contacts.manage.intro", ["days": l.number(m.staleDays)]))</p>
            \(stale > 0 ? HTML("<p class=\"body\"><strong>\(l.plural("contacts.manage.stale-count", count: stale))</strong></p>") : .empty)
            <p class="body"><a href="\(Href.newContact)" class="button">\(l("contacts.manage.add"))</a></p>
            \(m.rows.isEmpty ? HTML("<p class=\"body\">\(l("contacts.manage.none"))</p>")
                : Components.table(caption: l("contacts.manage.caption"),
                                   headers: [l("contacts.column.role"), l("contacts.column.borough"), l("contacts.column.organisation"),
                                             l("contacts.column.verified"), l("contacts.column.status")], rows: rows))
            <p class="body">\(l("contacts.manage.downloads"))
            <a href="\(Href.managedContactsCSV)">\(l("contacts.public.download-csv"))</a>,
            <a href="\(Href.managedContactsJSON)">\(l("contacts.public.download-json"))</a>.
            <a href="\(Href.contacts)">\(l("contacts.manage.public-link"))</a></p>
            """, language: l.language)
    }

    static func form(_ m: Form, csrf: String, l: Localiser) -> Page {
        let v = m.values
        let title = m.entryID == nil ? l("contacts.form.new-title") : l("contacts.form.edit-title")
        let action = m.entryID.map(Href.editContact) ?? Href.newContact
        let maintainer: HTML = m.maintainers.map { choices in
            Components.select(name: "maintainer", label: l("contacts.field.maintainer"), options: [("", l("contacts.form.choose"))] + choices,
                              selected: v.maintainer ?? m.defaultMaintainer, hint: l("contacts.form.maintainer-hint"), errors: m.errors, l: l)
        } ?? .empty
        return Page(title: title, content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(title)</h1>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(v.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") })
            \(Components.select(name: "borough", label: l("contacts.field.borough"),
                                options: [("", l("contacts.form.choose"))] + m.boroughs.all.map { ($0.onsCode, $0.name) },
                                selected: v.borough, errors: m.errors, l: l))
            \(Components.select(name: "kind", label: l("contacts.field.kind"),
                                options: [("", l("contacts.form.choose"))] + DirectoryEntryKind.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: v.kind, errors: m.errors, l: l))
            \(Components.textInput(name: "roleTitle", label: l("contacts.field.role"), value: v.roleTitle, hint: l("contacts.form.role-hint"),
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "organisationName", label: l("contacts.field.organisation"), value: v.organisationName,
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "team", label: l("contacts.field.team-optional"), value: v.team, errors: m.errors, l: l))
            \(m.teams.isEmpty ? HTML.empty : Components.select(name: "teamID", label: l("contacts.field.routing-team"),
                                                              options: [("", l("contacts.form.no-team"))] + m.teams, selected: v.teamID,
                                                              hint: l("contacts.form.routing-team-hint"), errors: m.errors, l: l))
            <h2 class="heading-m">\(l("contacts.form.route-heading"))</h2>
            <p class="body">\(l("contacts.form.route-intro"))</p>
            \(Components.textInput(name: "email", label: l("contacts.field.email"), value: v.email, hint: l("contacts.shared-mailbox-preferred"),
                                   type: "email", autocomplete: "off", errors: m.errors, l: l))
            \(m.emailIsPersonal ? HTML("<p class=\"body\">\(Components.tag(l("contacts.personal-address"), colour: "yellow")) \(l("contacts.personal-address-hint"))</p>") : .empty)
            \(Components.textInput(name: "phone", label: l("contacts.field.phone"), value: v.phone, type: "tel", autocomplete: "off",
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "webForm", label: l("contacts.field.web-form"), value: v.webForm, hint: l("contacts.form.web-form-hint"),
                                   type: "url", errors: m.errors, l: l))
            \(Components.checkboxes(name: "published", legend: l("contacts.form.publish-legend"),
                                    options: [("yes", l("contacts.form.publish"))], checked: Set(v.published ?? []),
                                    hint: l("contacts.form.publish-hint"), errors: m.errors, l: l))
            \(Components.checkboxes(name: "personalEmailPublished", legend: l("contacts.form.personal-legend"),
                                    options: [("yes", l("contacts.form.personal-publish"))],
                                    checked: Set(v.personalEmailPublished ?? []),
                                    hint: l("contacts.form.personal-hint"), errors: m.errors, l: l))
            \(maintainer)
            \(Components.button(m.entryID == nil ? l("contacts.form.add") : l("contacts.form.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (m.entryID.map(Href.contactEntry) ?? Href.manageContacts, l("contacts.back")), language: l.language)
    }

    static func fieldLabel(_ raw: String, l: Localiser) -> String {
        if raw == DirectoryEntryVersion.maintainerField { return l("contacts.field.maintainer") }
        return DirectoryEntryDraft.Field(rawValue: raw)?.label(l) ?? raw
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .created: Components.notification(title: l("contacts.done.created"), body: "")
        case .changed: Components.notification(title: l("contacts.done.changed"), body: "")
        case .unchanged: Components.notification(title: l("contacts.done.unchanged"), body: "")
        case .confirmed: Components.notification(title: l("contacts.done.confirmed"), body: "")
        case .retired: Components.notification(title: l("contacts.done.retired"), body: "")
        case .overtaken: Components.notification(title: l("contacts.done.overtaken"), body: "\(l("contacts.done.overtaken-text"))", success: false)
        case nil: .empty
        }
        let d = m.draft
        let email: HTML = d.email.map { address in
            d.hasPersonalEmail
                ? HTML("\(address) \(Components.tag(l("contacts.personal-address"), colour: "yellow"))<br><span class=\"hint\">\(l("contacts.personal-address-hint"))</span>")
                : HTML("\(address)")
        } ?? HTML("\(l("contacts.not-given"))")
        let summary = Components.summaryList([
            (l("contacts.field.borough"), HTML("\(m.borough)")),
            (l("contacts.field.kind"), HTML("\(d.kind.label(l))")),
            (l("contacts.field.organisation"), HTML("\(d.organisationName)")),
            (l("contacts.field.team"), HTML("\(d.team ?? l("contacts.not-given"))")),
            (l("contacts.field.email"), email),
            (l("contacts.field.phone"), HTML("\(d.phone ?? l("contacts.not-given"))")),
            (l("contacts.field.web-form"), HTML("\(d.webForm ?? l("contacts.not-given"))")),
            (l("contacts.field.published"), HTML("\(d.isPublished ? l("contacts.yes") : l("contacts.no"))")),
            (l("contacts.field.maintainer"), HTML("\(m.maintainer)")),
            (l("contacts.field.verified"), HTML("\(l("contacts.verified-by", ["date": l.dateTime(m.verifiedAt), "name": m.verifiedBy ?? l("contacts.lantern")]))")),
            (l("contacts.column.status"), status(isRetired: m.retiredAt != nil, isStale: m.isStale, isPublished: d.isPublished, l: l)),
        ])
        let actions: HTML = m.retiredAt != nil ? HTML("<p class=\"body\">\(l("contacts.retired-text"))</p>") : """
            <h2 class="heading-m">\(l("contacts.check-heading"))</h2>
            <p class="body">\(m.isStale ? l("contacts.check-stale") : l("contacts.check-intro"))</p>
            <form method="post" action="\(Href.confirmContact(m.id))" class="inline-form">
            \(Components.csrfField(csrf))<input type="hidden" name="version" value="\(m.version)">
            \(Components.button(l("contacts.still-correct")))
            </form>
            <p class="body"><a href="\(Href.editContact(m.id))">\(l("contacts.change"))<span class="visually-hidden"> \(d.roleTitle)</span></a></p>
            <h2 class="heading-m">\(l("contacts.retire-heading"))</h2>
            <p class="body">\(l("contacts.retire-intro"))</p>
            <form method="post" action="\(Href.retireContact(m.id))">
            \(Components.csrfField(csrf))<input type="hidden" name="version" value="\(m.version)">
            \(Components.button(l("contacts.retire"), warning: true))
            </form>
            """
        let history: [[HTML]] = m.history.map { row in
            let what: String = switch row.change {
            case .created: l("contacts.history.created")
            case .confirmed: l("contacts.history.confirmed")
            case .retired: l("contacts.history.retired")
            case .changed: l("contacts.history.changed", ["fields": row.fields.map { fieldLabel($0, l: l) }.joined(separator: ", ")])
            }
            return [HTML("\(l.dateTime(row.at))"), HTML("\(row.by ?? l("contacts.lantern"))"), HTML("\(what)")]
        }
        return Page(title: d.roleTitle, content: """
            \(notice)
            <span class="caption">\(m.borough)</span>
            <h1 class="heading-l">\(d.roleTitle)</h1>
            \(summary)
            \(actions)
            <h2 class="heading-m">\(l("contacts.history.heading"))</h2>
            \(Components.table(caption: l("contacts.history.caption"), headers: [l("contacts.history.when"), l("contacts.history.who"),
                                                                                l("contacts.history.what")], rows: history))
            """, backLink: (Href.manageContacts, l("contacts.back")), language: l.language)
    }
}
