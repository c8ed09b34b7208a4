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
        let l = AuditPages.localiser(request)
        var errors = FormErrors()
        let from = Self.day(filters.from, field: "from", errors: &errors, l: l)
        let to = Self.day(filters.to, field: "to", errors: &errors, l: l).flatMap { Calendar.london.date(byAdding: .day, value: 1, to: $0) }
        let actor = filters.user.flatMap { $0.isEmpty ? nil : UUID(exactly: $0) }
        let query = AuditTrailQuery(organisationID: context.organisationID, action: filters.action, actorUserID: actor,
                                    from: from, to: to, beforeSequence: filters.before)
        let entries = errors.isEmpty ? try await query.run(on: request.db) : []
        let people = try await User.query(on: request.db).filter(\.$organisation.$id == context.organisationID).all()
        let names = Dictionary(uniqueKeysWithValues: people.compactMap { user in user.id.map { ($0.uuidString, user.displayName) } })
        try await request.audit(AuditEvent(action: "audit_trail.viewed", recordType: "organisation",
                                           recordID: context.organisationID.uuidString))

        let records = try await AuditRecordNames.load(for: entries, people: names, on: request.db)
        var older: Href?
        if entries.count == query.limit, let last = entries.last?.id {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "before", value: String(last))]
                + [("action", filters.action), ("user", filters.user), ("from", filters.from), ("to", filters.to)]
                .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            older = Href.auditTrail.encodedQuery(components.percentEncodedQuery ?? "")
        }
        let trail = AuditPages.Trail(organisationName: context.organisationName, filters: filters, entries: entries, names: records,
                                     people: people.map { ($0.id?.uuidString ?? "", $0.displayName) }, older: older, errors: errors)
        return request.render(AuditPages.trail(trail, l: l))
    }

    static func day(_ text: String?, field: String, errors: inout FormErrors, l: Localiser) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        // The day as people in London mean it: midnight UK time, not UTC.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        guard let day = Day(iso: text), let date = calendar.date(from: DateComponents(
            year: day.components.year, month: day.components.month, day: day.components.day)) else {
            errors.add(field, l("audit.date-invalid"))
            return nil
        }
        return date
    }
}
