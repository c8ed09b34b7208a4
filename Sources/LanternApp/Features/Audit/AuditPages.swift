import Foundation
import LanternCore
import Vapor

/// The audit trail page, in the viewer's language (`l`, from `AuditPages.localiser`): the
/// filters, the entries in words (`AuditWords`, `AuditRecordNames`) and a link to older ones.
enum AuditPages {
    /// The request's language if the catalogue has all of the audit trail, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "audit", "components") }

    /// The trail as loaded and authorised by the controller: the organisation's entries that
    /// match the filters, the names of what they are about, and the people to filter by.
    struct Trail {
        var organisationName: String
        var filters: AuditTrailController.Filters
        var entries: [AuditEntry]
        var names: AuditRecordNames
        var people: [(id: String, name: String)]
        /// Where the next (older) page of entries is, when there may be one.
        var older: Href?
        var errors: FormErrors
    }

    static func trail(_ t: Trail, l: Localiser) -> Page {
        let rows: [[HTML]] = t.entries.map { entry in
            [HTML("\(l.dateTime(entry.occurredAt))"),
             HTML("\(t.names.actor(of: entry, l: l))"),
             HTML("\(AuditWords.action(entry.action, in: l))"),
             HTML("\(t.names.record(of: entry, l: l))"),
             Components.tag(AuditWords.outcome(entry.outcome, in: l), colour: entry.outcome == "succeeded" ? "green" : "red"),
             HTML("<code>\(entry.requestID.map { String($0.prefix(12)) } ?? "")</code>")]
        }
        let actionOptions = [("", l("audit.all-actions"))] + AuditWords.actions(in: l).map { ($0.code, $0.words) }
        let personOptions = [("", l("audit.everyone"))] + t.people.map { ($0.id, $0.name) }
        let errors = t.errors
        return Page(title: l("audit.title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("audit.title"))</h1>
            <p class="body">\(l("audit.intro", ["organisation": t.organisationName]))</p>
            <form method="get" action="\(Href.auditTrail)" class="filters">
            \(Components.select(name: "action", label: l("audit.action"), options: actionOptions, selected: t.filters.action, errors: errors, l: l))
            \(Components.select(name: "user", label: l("audit.person"), options: personOptions, selected: t.filters.user, errors: errors, l: l))
            \(Components.textInput(name: "from", label: l("audit.from"), value: t.filters.from, hint: l("audit.from-hint"), type: "date",
                                   errors: errors, l: l))
            \(Components.textInput(name: "to", label: l("audit.to"), value: t.filters.to, type: "date", errors: errors, l: l))
            \(Components.button(l("audit.filter"), secondary: true))
            </form>
            \(Components.table(caption: l("audit.caption"),
                               headers: [l("audit.column-when"), l("audit.column-who"), l("audit.column-action"),
                                         l("audit.column-record"), l("audit.column-outcome"), l("audit.column-request")], rows: rows))
            \(t.entries.isEmpty ? HTML("<p class=\"body\">\(l("audit.none"))</p>") : .empty)
            \(t.older.map { HTML("<p class=\"body\"><a href=\"\($0)\">\(l("audit.older"))</a></p>") })
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }
}
