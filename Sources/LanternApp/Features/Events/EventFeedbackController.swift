import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/events/:eventID/feedback`: those who came answer once, anonymously (a rating from 1 to 5
/// and a comment), for 30 days. The answer is kept with its event only; a separate receipt
/// says the place answered. An event's answers are rewritten in random order at each answer,
/// so no row's order tells which came when.
struct EventFeedbackController {
    func register(_ routes: LanternRoutes) {
        // The record is the person's own attended place (as for a training evaluation).
        routes.get(EventPaths.feedback, access: .action(.manageOwnAccount), use: form)
        routes.post(EventPaths.feedback, access: .action(.manageOwnAccount), use: answer)
    }

    struct FeedbackForm: Content { var rating: String?; var comment: String? }

    /// The event and the person's attended place on it: 404 without one.
    private func target(_ request: Request) async throws -> (PartnershipEvent, EventPlace) {
        let context = try request.authorise(.manageOwnAccount)
        let event = try await EventsController.event(request)
        // The event's own organisers do not answer: their answers could pad it past five.
        if event.organisationID == context.organisationID, request.accessPolicy.permits(context.roles, .manageEvents, on: .sameOrganisation) {
            throw LanternError.notFound
        }
        guard let place = try await EventPlace.query(on: request.db).filter(\.$eventID == event.requireID())
            .filter(\.$userID == context.userID).filter(\.$state == EventPlaceState.attended.rawValue).first() else { throw LanternError.notFound }
        return (event, place)
    }

    private func page(_ request: Request, _ event: PartnershipEvent, _ input: FeedbackForm, errors: FormErrors, closed: Bool) -> Page {
        EventPages.feedback(.init(id: event.id?.uuidString ?? "", title: event.title, input: input, errors: errors, closed: closed),
                            csrf: request.csrfToken, l: EventsController.localiser(request))
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let (event, place) = try await target(request)
        let answered = try await EventFeedbackReceipt.query(on: request.db).filter(\.$placeID == place.requireID()).first() != nil
        let open = EventRules.feedbackOpen(eventDay: event.day, today: request.application.lantern.today)
        return request.render(page(request, event, FeedbackForm(), errors: FormErrors(), closed: answered || !open))
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        let (event, place) = try await target(request)
        let eventID = try event.requireID()
        guard EventRules.feedbackOpen(eventDay: event.day, today: request.application.lantern.today) else {
            var shown = page(request, event, FeedbackForm(), errors: FormErrors(), closed: true)
            shown.status = .conflict
            return request.render(shown)
        }
        let input = try request.content.decode(FeedbackForm.self)
        let l = EventsController.localiser(request)
        var errors = FormErrors()
        let rating = Int((input.rating ?? "").trimmingCharacters(in: .whitespaces))
        if rating.map({ !(1...5).contains($0) }) ?? true { errors.add("rating", l("events.feedback.error.rating")) }
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !TrainingCourseRules.isFreeText(comment, limit: EventRules.feedbackCommentLimit) {
            errors.add("comment", l("events.feedback.error.comment", ["limit": l.number(EventRules.feedbackCommentLimit)]))
        }
        guard errors.isEmpty, let rating else { return request.render(page(request, event, input, errors: errors, closed: false)) }
        do {
            try await request.db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                // The event's row first: two people answering at once take turns, so neither
                // rewrite misses the other's answer (PostgreSQL runs writers side by side).
                try await sql.update(PartnershipEvent.schema).set(SQLIdentifier("sequence"), to: SQLIdentifier("sequence"))
                    .where("id", .equal, eventID).run()
                // The receipt first: of forty presses at once, one gets past its unique place.
                try await sql.insert(into: EventFeedbackReceipt.schema).columns("id", "place_id")
                    .values(SQLBind(UUID()), SQLBind(try place.requireID())).run()
                // The event's answers, written afresh in random order (`AnonymousAnswers`).
                var rows = try await EventFeedback.query(on: tx).filter(\.$eventID == eventID).all().map { ($0.rating, $0.comment) }
                rows.append((rating, comment.isEmpty ? nil : comment))
                try await AnonymousAnswers.rewrite(EventFeedback.schema, scope: "event_id", eventID, columns: ["event_id", "rating", "comment"],
                                                   rows: rows.map { [SQLBind(eventID), SQLBind($0.0), SQLBind($0.1)] }, on: sql)
                // The audit says the event had feedback, not from whom nor what.
                try await AnonymousAnswers.audit(AuditEvent(action: "event.feedback_given", recordType: "event", recordID: eventID.uuidString),
                                                 services: request.application.lantern, on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            var shown = page(request, event, FeedbackForm(), errors: FormErrors(), closed: true)
            shown.status = .conflict
            return request.render(shown)
        }
        return request.redirect(to: Href.event(eventID.uuidString).query("done", "feedback"))
    }
}
