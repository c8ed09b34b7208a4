import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/events`: the partnership's calendar. Members see every event and book a place; an
/// organisation's leads, secretariat and trainers add events (`manageEvents`), record who came
/// and cancel. A full event refuses a booking in words; every count moves in one guarded
/// statement, so forty people pressing "Book" for the last places get exactly the places there are.
struct EventsController {
    func register(_ routes: LanternRoutes) {
        routes.get(EventPaths.list, access: .action(.joinEvents), use: list)
        routes.get(EventPaths.new, access: .action(.manageEvents), use: newForm)
        routes.post(EventPaths.new, access: .action(.manageEvents), use: create)
        routes.get(EventPaths.show, access: .action(.joinEvents), use: show)
        routes.post(EventPaths.book, access: .action(.joinEvents), use: book)
        routes.post(EventPaths.giveUp, access: .action(.joinEvents), use: giveUp)
        routes.post(EventPaths.attendance, access: .action(.manageEvents), use: attendance)
        routes.post(EventPaths.cancel, access: .action(.manageEvents), use: cancel)
        routes.get(EventPaths.ics, access: .action(.joinEvents), use: ics)
    }

    struct EventForm: Content {
        var kind: String?; var title: String?; var description: String?; var date: String?; var startTime: String?; var endTime: String?
        var place: String?; var link: String?; var isPublic: String?; var capacity: String?; var group: String?
    }

    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "events", "meetings", "components") }

    static func event(_ request: Request) async throws -> PartnershipEvent {
        guard let id = request.parameters.get("eventID").flatMap(UUID.init(exactly:)),
              let event = try await PartnershipEvent.find(id, on: request.db) else { throw LanternError.notFound }
        return event
    }

    /// The event, checked for running it (its organisation's organisers): 404 otherwise.
    static func runnable(_ request: Request) async throws -> Authorised<PartnershipEvent> {
        let event = try await event(request)
        return try await request.authorise(.manageEvents, event, placedAt: RecordPlacement(organisationID: event.organisationID.uuidString))
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.joinEvents)
        let today = request.application.lantern.today
        let upcoming = try await PartnershipEvent.query(on: request.db).filter(\.$heldOn >= today.daysSinceEpoch)
            .sort(\.$startsAt).limit(300).all()
        let past = try await PartnershipEvent.query(on: request.db).filter(\.$heldOn < today.daysSinceEpoch)
            .sort(\.$startsAt, .descending).limit(50).all()
        let mine = try await EventPlace.query(on: request.db).filter(\.$userID == context.userID)
            .filter(\.$state != EventPlaceState.cancelled.rawValue).all()
        let placeByEvent = Dictionary(mine.map { ($0.eventID, $0.placeState) }, uniquingKeysWith: { a, _ in a })
        let groups = try await Self.groupNames(for: context.organisationID, on: request.db)
        func row(_ e: PartnershipEvent) -> EventPages.Row {
            .init(id: e.id?.uuidString ?? "", title: e.title, kind: e.eventKind, startsAt: e.startsAt, isPublic: e.isPublic,
                  group: e.groupID.flatMap { groups[$0] }, cancelled: e.isCancelled, mine: e.id.flatMap { placeByEvent[$0] })
        }
        let page = EventPages.List(upcoming: upcoming.map(row), past: past.map(row),
                                   antiSlaveryDay: EventRules.nextAntiSlaveryDay(from: today),
                                   canAdd: request.accessPolicy.permits(context.roles, .manageEvents, on: .sameOrganisation))
        return request.render(EventPages.list(page, l: Self.localiser(request)))
    }

    /// Group names a person may see beside an event: public groups, and those their organisation hosts.
    static func groupNames(for organisationID: UUID, on db: any Database) async throws -> [UUID: String] {
        Dictionary(try await PartnershipGroup.query(on: db).group(.or) { $0.filter(\.$isPublic == true).filter(\.$hostOrganisation.$id == organisationID) }
            .all().compactMap { g in g.id.map { ($0, g.name) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Groups an organiser may hold an event for: those their organisation hosts.
    static func hostedGroups(by organisationID: UUID, on db: any Database) async throws -> [UUID: String] {
        Dictionary(try await PartnershipGroup.query(on: db).filter(\.$hostOrganisation.$id == organisationID)
            .all().compactMap { g in g.id.map { ($0, g.name) } }, uniquingKeysWith: { a, _ in a })
    }

    private func form(_ request: Request, _ input: EventForm, errors: FormErrors) async throws -> Page {
        let groups = try await Self.hostedGroups(by: try request.requireSignedIn().organisationID, on: request.db)
            .sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) }
        return EventPages.new(.init(input: input, errors: errors, groups: groups), csrf: request.csrfToken, l: Self.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.manageEvents)
        return request.render(try await form(request, EventForm(), errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.manageEvents)
        let input = try request.content.decode(EventForm.self)
        let l = Self.localiser(request)
        let trimmed = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let draft = MeetingDraft(title: trimmed(input.title), date: trimmed(input.date), startTime: trimmed(input.startTime),
                                 endTime: trimmed(input.endTime), place: trimmed(input.place), link: trimmed(input.link),
                                 isPublic: input.isPublic == "yes", status: MeetingStatus.scheduled.rawValue)
        var errors = FormErrors()
        let checked: CheckedMeeting?
        switch MeetingRules.check(draft) {
        case .success(let meeting): checked = meeting
        case .failure(let problems): checked = nil; errors = MeetingPages.errors(problems, l: l)
        }
        let kind = input.kind.flatMap(EventKind.init(rawValue:))
        if kind == nil { errors.add("kind", l("events.error.kind")) }
        if let answer = input.isPublic, answer != "yes", answer != "no" { errors.add("isPublic", l("events.error.public")) }
        let description = trimmed(input.description)
        if !TrainingCourseRules.isFreeText(description, limit: EventRules.descriptionLimit) {
            errors.add("description", l("events.error.description", ["limit": l.number(EventRules.descriptionLimit)]))
        }
        let capacityText = trimmed(input.capacity)
        let capacity = Int(capacityText)
        if !capacityText.isEmpty, capacity.map({ !EventRules.capacityRange.contains($0) }) ?? true {
            errors.add("capacity", l("events.error.capacity"))
        }
        var groupID: UUID?
        if !trimmed(input.group).isEmpty {
            groupID = UUID(exactly: trimmed(input.group))
            let hosted = try await Self.hostedGroups(by: context.organisationID, on: request.db)
            if groupID.map({ hosted[$0] == nil }) ?? true { errors.add("group", l("events.error.group")) }
        }
        guard errors.isEmpty, let checked, let kind else { return request.render(try await form(request, input, errors: errors)) }
        let event = PartnershipEvent()
        event.id = UUID()
        event.kind = kind.rawValue
        event.title = checked.title
        event.description = description
        event.startsAt = checked.startsAt
        event.endsAt = checked.endsAt
        event.heldOn = LondonTime.wallClock(checked.startsAt).day.daysSinceEpoch
        event.place = checked.place
        event.link = checked.link
        event.isPublic = checked.isPublic
        event.capacity = capacityText.isEmpty ? nil : capacity
        event.bookedCount = 0
        event.groupID = groupID
        event.organisationID = context.organisationID
        event.sequence = 0
        event.createdBy = context.userID
        event.createdAt = request.application.lantern.now
        try await request.db.transaction { tx in
            try await event.create(on: tx)
            try await request.audit(AuditEvent(action: "event.created", recordType: "event", recordID: event.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.event(event.id!.uuidString))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let context = try request.authorise(.joinEvents)
        let event = try await Self.event(request)
        let eventID = try event.requireID()
        let services = request.application.lantern, today = services.today
        let runs = request.accessPolicy.permits(context.roles, .manageEvents,
                                                on: event.organisationID == context.organisationID ? .sameOrganisation : .otherOrganisation)
        let myPlace = try await EventPlace.query(on: request.db).filter(\.$eventID == eventID).filter(\.$userID == context.userID)
            .filter(\.$state != EventPlaceState.cancelled.rawValue).first()
        var answered = false
        if let placeID = myPlace?.id {
            answered = try await EventFeedbackReceipt.query(on: request.db).filter(\.$placeID == placeID).first() != nil
        }
        var people: [EventPages.Attendee] = []
        var summary: EventRules.FeedbackSummary?
        var comments: [String] = []
        if runs {
            let places = try await EventPlace.query(on: request.db).filter(\.$eventID == eventID)
                .filter(\.$state != EventPlaceState.cancelled.rawValue).sort(\.$createdAt).all()
            let users = Dictionary(try await User.query(on: request.db).filter(\.$id ~~ places.map(\.userID)).all()
                .compactMap { u in u.id.map { ($0, u.displayName) } }, uniquingKeysWith: { a, _ in a })
            people = places.map { .init(placeID: $0.id?.uuidString ?? "", name: users[$0.userID] ?? "", state: $0.placeState) }
            // Feedback counts once its window closed, from five answers; comments only then too.
            if today > event.day.adding(days: EventRules.feedbackDays) {
                let answers = try await EventFeedback.query(on: request.db).filter(\.$eventID == eventID).sort(\.$id).all()
                summary = EventRules.summary(ratings: answers.map(\.rating))
                if summary != nil { comments = answers.compactMap(\.comment) }
            }
            try await request.audit(AuditEvent(action: "event.register_viewed", recordType: "event", recordID: eventID.uuidString))
        }
        var groupName: String?
        if let groupID = event.groupID { groupName = try await Self.groupNames(for: context.organisationID, on: request.db)[groupID] }
        let page = EventPages.Show(
            id: eventID.uuidString, title: event.title, kind: event.eventKind, description: event.description, startsAt: event.startsAt,
            endsAt: event.endsAt, place: event.place, link: event.link, isPublic: event.isPublic, group: groupName,
            capacity: event.capacity, booked: event.bookedCount, cancelled: event.isCancelled,
            myPlace: myPlace?.placeState, bookable: !event.isCancelled && event.day >= today,
            feedbackOpen: myPlace?.placeState == .attended && !answered && EventRules.feedbackOpen(eventDay: event.day, today: today),
            answered: answered, runs: runs, attendanceOpen: runs && !event.isCancelled && event.day <= today,
            people: people, summary: summary, comments: comments, done: request.query[String.self, at: "done"])
        return request.render(EventPages.show(page, csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func book(_ request: Request) async throws -> Response {
        let context = try request.authorise(.joinEvents)
        let event = try await Self.event(request)
        let eventID = try event.requireID()
        let services = request.application.lantern
        guard !event.isCancelled, event.day >= services.today else {
            throw LanternError.conflict("This event has been cancelled or has already been held, so it cannot be booked.")
        }
        do {
            try await request.db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                // One guarded statement: the count moves only while a place is free.
                guard try await sql.update(PartnershipEvent.schema)
                    .set(SQLIdentifier("booked_count"), to: SQLRaw("booked_count + 1"))
                    .where("id", .equal, eventID).where("cancelled_at", .is, SQLLiteral.null)
                    .where(SQLRaw("(capacity IS NULL OR booked_count < capacity)"))
                    .returning("booked_count").first() != nil
                else { throw LanternError.conflict("This event is full: every place has been taken.") }
                let now = services.now
                try await sql.insert(into: EventPlace.schema)
                    .columns("id", "event_id", "user_id", "organisation_id", "state", "created_at", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(eventID), SQLBind(context.userID), SQLBind(context.organisationID),
                            SQLBind(EventPlaceState.booked.rawValue), SQLBind(now), SQLBind(now)).run()
                try await request.audit(AuditEvent(action: "event.booked", recordType: "event", recordID: eventID.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The one-live-place index; the count moved in the same transaction and rolled back.
            throw LanternError.conflict("You already have a place at this event.")
        }
        return request.redirect(to: Href.event(eventID.uuidString).query("done", "booked"))
    }

    @Sendable func giveUp(_ request: Request) async throws -> Response {
        let context = try request.authorise(.joinEvents)
        let event = try await Self.event(request)
        let eventID = try event.requireID()
        let now = request.application.lantern.now
        guard !event.isCancelled, event.day >= request.application.lantern.today else {
            throw LanternError.conflict("This event has been cancelled or has already been held, so its places stay as they are.")
        }
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // Only a booked place (not one already attended); of two presses, one finds it gone.
            guard try await sql.update(EventPlace.schema).set("state", to: EventPlaceState.cancelled.rawValue).set("updated_at", to: now)
                .where("event_id", .equal, eventID).where("user_id", .equal, context.userID)
                .where("state", .equal, EventPlaceState.booked.rawValue).returning("id").first() != nil
            else { throw LanternError.conflict("You have no place at this event to give up.") }
            try await sql.update(PartnershipEvent.schema).set(SQLIdentifier("booked_count"), to: SQLRaw("booked_count - 1"))
                .where("id", .equal, eventID).where(SQLIdentifier("booked_count"), .greaterThan, SQLLiteral.numeric("0")).run()
            try await request.audit(AuditEvent(action: "event.given_up", recordType: "event", recordID: eventID.uuidString), on: tx)
        }
        return request.redirect(to: Href.event(eventID.uuidString))
    }

    struct AttendanceForm: Content { var place: String? }

    @Sendable func attendance(_ request: Request) async throws -> Response {
        let authorised = try await Self.runnable(request)
        let event = authorised.record, eventID = try event.requireID()
        guard !event.isCancelled, event.day <= request.application.lantern.today else {
            throw LanternError.invalid([("place", "Attendance is recorded from the event's day, and not for a cancelled event.")])
        }
        let input = try request.content.decode(AttendanceForm.self)
        guard let placeID = input.place.flatMap({ UUID(exactly: $0.trimmingCharacters(in: .whitespaces)) }) else {
            throw LanternError.invalid([("place", "Choose a person with a place at this event.")])
        }
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            guard try await sql.update(EventPlace.schema).set("state", to: EventPlaceState.attended.rawValue).set("updated_at", to: now)
                .where("id", .equal, placeID).where("event_id", .equal, eventID)
                .where("state", .equal, EventPlaceState.booked.rawValue).returning("id").first() != nil
            else { throw LanternError.conflict("This person's attendance is already recorded, or they have no place.") }
            try await request.audit(AuditEvent(action: "event.attendance_recorded", recordType: "event", recordID: eventID.uuidString), on: tx)
        }
        return request.redirect(to: Href.event(eventID.uuidString))
    }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        let authorised = try await Self.runnable(request)
        let eventID = try authorised.record.requireID()
        let now = request.application.lantern.now
        guard authorised.record.day >= request.application.lantern.today else {
            throw LanternError.conflict("This event has already been held, so it cannot be cancelled.")
        }
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            guard try await sql.update(PartnershipEvent.schema).set("cancelled_at", to: now)
                .set(SQLIdentifier("sequence"), to: SQLRaw("sequence + 1"))
                .where("id", .equal, eventID).where("cancelled_at", .is, SQLLiteral.null).returning("id").first() != nil
            else { throw LanternError.conflict("This event is already cancelled.") }
            let holders = try await EventPlace.query(on: tx).filter(\.$eventID == eventID)
                .filter(\.$state == EventPlaceState.booked.rawValue).all()
            for place in holders {
                _ = try await TaskService.create(ownerID: place.userID, title: "Event cancelled: \(authorised.record.title)",
                                                 link: Href.event(eventID.uuidString), due: nil,
                                                 sourceKey: "event-cancelled:\(eventID.uuidString):\(place.userID.uuidString)",
                                                 services: request.application.lantern, on: tx)
            }
            try await request.audit(AuditEvent(action: "event.cancelled", recordType: "event", recordID: eventID.uuidString), on: tx)
        }
        return request.redirect(to: Href.event(eventID.uuidString))
    }

    /// One event as an iCalendar file, for a member's own calendar.
    @Sendable func ics(_ request: Request) async throws -> Response {
        try request.authorise(.joinEvents)
        let event = try await Self.event(request)
        let services = request.application.lantern
        return EventCalendar.response(name: event.title, events: [EventCalendar.entry(event, publicURL: services.settings.publicURL)],
                                      filename: "event.ics", stamp: services.now)
    }
}
