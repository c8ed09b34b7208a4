import Fluent
import Vapor
import LanternCore
import Foundation

/// An organisation admin's view of their organisation's audit trail, newest first, with
/// filters. Viewing it is itself audited.
struct AuditTrailController {
    func register(_ routes: LanternRoutes) {
        routes.get(AuditPaths.trail, access: .action(.viewAuditTrail), use: page)
    }

    struct Filters: Content {
        var action: String?
        var user: String?
        var from: String?
        var to: String?
        var before: Int64?
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.viewAuditTrail)
        let filters = (try? request.query.decode(Filters.self)) ?? Filters()
        var errors = FormErrors()
        let from = Self.day(filters.from, field: "from", errors: &errors)
        let to = Self.day(filters.to, field: "to", errors: &errors).flatMap { Calendar.london.date(byAdding: .day, value: 1, to: $0) }
        let actor = filters.user.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let query = AuditTrailQuery(organisationID: context.organisationID, action: filters.action, actorUserID: actor,
                                    from: from, to: to, beforeSequence: filters.before)
        let entries = errors.isEmpty ? try await query.run(on: request.db) : []
        let people = try await User.query(on: request.db).filter(\.$organisation.$id == context.organisationID).all()
        let names = Dictionary(uniqueKeysWithValues: people.compactMap { user in user.id.map { ($0.uuidString, user.displayName) } })
        try await request.audit(AuditEvent(action: "audit_trail.viewed", recordType: "organisation",
                                           recordID: context.organisationID.uuidString))

        let records = try await AuditRecordNames.load(for: entries, people: names, on: request.db)
        let rows: [[HTML]] = entries.map { entry in
            [HTML("\(DisplayDate.dateTime(entry.occurredAt))"),
             HTML("\(records.actor(of: entry))"),
             HTML("\(AuditWords.action(entry.action))"),
             HTML("\(records.record(of: entry))"),
             Components.tag(AuditWords.outcome(entry.outcome), colour: entry.outcome == "succeeded" ? "green" : "red"),
             HTML("<code>\(entry.requestID.map { String($0.prefix(12)) } ?? "")</code>")]
        }
        let actionOptions = [("", "All actions")] + AuditWords.actions.map { ($0.code, $0.words) }
        let userOptions = [("", "Everyone")] + people.map { ($0.id?.uuidString ?? "", $0.displayName) }
        var nextLink = HTML.empty
        if entries.count == query.limit, let last = entries.last?.id {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "before", value: String(last))]
                + [("action", filters.action), ("user", filters.user), ("from", filters.from), ("to", filters.to)]
                .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            nextLink = HTML("<p class=\"body\"><a href=\"\(Href.auditTrail.encodedQuery(components.percentEncodedQuery ?? ""))\">Older entries</a></p>")
        }
        return request.render(Page(title: "Audit trail", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Audit trail</h1>
            <p class="body">Every sign-in and every view or change of a protected record in \(context.organisationName), newest first.
            Entries are chained together so that any change to them can be detected.</p>
            <form method="get" action="\(Href.auditTrail)" class="filters">
            \(Components.select(name: "action", label: "Action", options: actionOptions, selected: filters.action, errors: errors))
            \(Components.select(name: "user", label: "Person", options: userOptions, selected: filters.user, errors: errors))
            \(Components.textInput(name: "from", label: "From (date)", value: filters.from, hint: "For example 2026-11-01", type: "date", errors: errors))
            \(Components.textInput(name: "to", label: "To (date)", value: filters.to, type: "date", errors: errors))
            \(Components.button("Filter", secondary: true))
            </form>
            \(Components.table(caption: "Audit entries", headers: ["When", "Who", "Action", "Record", "Outcome", "Request"], rows: rows))
            \(entries.isEmpty ? HTML("<p class=\"body\">No entries match these filters.</p>") : .empty)
            \(nextLink)
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty))
    }

    static func day(_ text: String?, field: String, errors: inout FormErrors) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        // The day as people in London mean it: midnight UK time, not UTC.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        guard let day = Day(iso: text), let date = calendar.date(from: DateComponents(
            year: day.components.year, month: day.components.month, day: day.components.day)) else {
            errors.add(field, "Enter a real date, like 2026-11-01")
            return nil
        }
        return date
    }
}
