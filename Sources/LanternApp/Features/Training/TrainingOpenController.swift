import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Sessions open to the public (`/training/open`, on the public site): people outside the
/// partnership's accounts — a GP surgery's receptionist, a housing officer, a volunteer — book
/// a place themselves with their name, organisation, borough, kind of agency and email. One
/// place per email on a session; a full session puts them on its waiting list, as for members.
///
/// The place is theirs to see or give up by a link only they hold (`/training/booking/:token`;
/// Lantern keeps the link's SHA-256). Where Lantern emails, the link goes to the email given
/// and the page only says to check it, whatever happened: so the form tells nobody whether an
/// address already has a place (a second booking with it mails a fresh link, and the old one
/// stops working). Where Lantern does not email, the link is shown once, on the page that
/// follows the booking.
///
/// Abuse is kept down as on survivor voice, without a third party: a field people never see, a
/// signed stamp of when the form was drawn (spent by the attempt it makes), and limits per
/// address and for everyone per clock hour, and per email per day, each claimed in one
/// statement, together and before the place is made (so an attempt counts whatever becomes of
/// it: asking whether an address has a place is not free).
struct TrainingOpenController {
    private let senders = SenderCountKey()
    static let ticketLifetime: TimeInterval = 3 * 60 * 60
    /// The most links one email address is sent in a day (a person cannot be flooded).
    static let mailsPerEmailPerDay = 5

    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.openSessions, access: .open, use: list)
        routes.get(TrainingPaths.openSession, access: .open, use: form)
        routes.post(TrainingPaths.openSession, access: .open, use: book)
        routes.get(TrainingPaths.booking, access: .open, use: booking)
        routes.post(TrainingPaths.giveUpBooking, access: .open, use: giveUp)
    }

    private static func ticket(_ request: Request) -> FormTicket {
        FormTicket(keyBytes: request.application.lantern.cipher.derivedKeyBytes(purpose: "training.open-ticket"), purpose: "training-open")
    }

    // MARK: The list

    @Sendable func list(_ request: Request) async throws -> Response {
        let l = request.publicText
        let today = request.application.lantern.today
        let sessions = try await TrainingSession.query(on: request.db).filter(\.$openToPublic == true)
            .filter(\.$state == TrainingSessionState.planned.rawValue).filter(\.$heldOn >= today.daysSinceEpoch)
            .sort(\.$heldOn).sort(\.$startsAt).limit(200).all()
        let courses = try await Self.courses(of: sessions, on: request.db)
        let rows = sessions.compactMap { session in
            courses[session.courseID].flatMap { course in session.id.map { TrainingOpenPages.Listed(id: $0.uuidString, course: course.title,
                audience: course.audience, day: session.day, startsAt: session.startsAt, format: session.sessionFormat,
                free: max(0, session.capacity - session.bookedCount)) } }
        }
        return request.renderPublic(TrainingOpenPages.list(rows, l), l)
    }

    static func courses(of sessions: [TrainingSession], on db: any Database) async throws -> [UUID: TrainingCourse] {
        let found = try await TrainingCourse.query(on: db).filter(\.$id ~~ Array(Set(sessions.map(\.courseID)))).all()
        return Dictionary(found.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: One session's form

    /// The session, if it is open to the public and may still be booked; anything else is as
    /// if it did not exist (a session's id says nothing to the public).
    private func openSession(_ request: Request) async throws -> (TrainingSession, TrainingCourse) {
        guard let id = request.parameters.get("sessionID").flatMap(UUID.init(uuidString:)),
              let session = try await TrainingSession.find(id, on: request.db),
              session.openToPublic, session.sessionState == .planned, session.day >= request.application.lantern.today,
              let course = try await TrainingCourse.find(session.courseID, on: request.db)
        else { throw LanternError.notFound }
        return (session, course)
    }

    private func render(_ request: Request, _ l: PublicText, session: TrainingSession, course: TrainingCourse,
                        _ model: TrainingOpenPages.Form) -> Response {
        var model = model
        model.csrf = request.csrfToken
        model.ticket = Self.ticket(request).issue(at: request.application.lantern.now)
        model.session = TrainingOpenPages.Listed(id: session.id?.uuidString ?? "", course: course.title, audience: course.audience,
                                                 day: session.day, startsAt: session.startsAt, format: session.sessionFormat,
                                                 free: max(0, session.capacity - session.bookedCount))
        model.place = session.place
        model.durationMinutes = course.durationMinutes
        model.outcomes = course.outcomeList
        model.boroughs = request.application.lantern.boroughs.all.map { ($0.onsCode, $0.name) }
        return request.renderPublic(TrainingOpenPages.form(model, l), l)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let l = request.publicText
        let (session, course) = try await openSession(request)
        if request.query[String.self, at: "sent"] == "1" {
            return request.renderPublic(TrainingOpenPages.checkEmail(l), l)
        }
        return render(request, l, session: session, course: course, TrainingOpenPages.Form())
    }

    @Sendable func book(_ request: Request) async throws -> Response {
        let l = request.publicText
        let (session, course) = try await openSession(request)
        let services = request.application.lantern
        let sessionID = try session.requireID()
        // Every field is text: a field sent as a list is refused whole (400).
        let fields = try request.content.decode([String: String].self)
        let checkEmail = request.redirect(to: l.link(TrainingPaths.openSession.href(sessionID.uuidString)).query("sent", "1"))
        // A machine's (the hidden field filled, or no stamp Lantern signed): nothing is kept,
        // and it is told what a person is told where Lantern emails.
        if !(fields[TrainingOpenPages.trapField] ?? "").isEmpty { return checkEmail }
        let verdict = Self.ticket(request).verify(fields["ticket"], now: services.now,
                                                  minimumAge: TimeInterval(services.settings.publicTrainingMinimumSeconds),
                                                  maximumAge: Self.ticketLifetime)
        if verdict == .forged { return checkEmail }

        var model = TrainingOpenPages.Form(name: fields["name"] ?? "", organisation: fields["organisation"] ?? "", borough: fields["borough"],
                                           agency: fields["agency"], email: fields["email"] ?? "")
        let checked: ExternalTraineeRules.Checked?
        switch ExternalTraineeRules.check(name: fields["name"], organisation: fields["organisation"], borough: fields["borough"],
                                          agency: fields["agency"], email: fields["email"], knownBoroughs: Set(services.boroughs.all.map(\.onsCode))) {
        case .success(let found): checked = found
        case .failure(let problems):
            checked = nil
            for problem in problems.list {
                let message = switch problem {
                case .name: l.plain("public.training.error-name")
                case .organisation: l.plain("public.training.error-organisation")
                case .borough: l.plain("public.training.error-borough")
                case .agency: l.plain("public.training.error-agency")
                case .email: l.plain("public.training.error-email")
                }
                model.errors.add(problem.rawValue, message)
            }
        }
        if model.errors.isEmpty, verdict == .tooFast { model.errors.add("name", l.plain("public.training.error-check")) }
        if model.errors.isEmpty, verdict == .expired { model.errors.add("name", l.plain("public.training.error-expired")) }
        guard let checked, model.errors.isEmpty else { return render(request, l, session: session, course: course, model) }

        let emails = Outbox.isConfigured(services)
        let token = SecretToken.generate()
        let tokenHash = SecretToken.storedHash(of: token)
        let claims = claims(for: request, email: checked.email, ticket: fields["ticket"] ?? "")
        let trainee = TrainingBooking.Trainee(externalName: checked.name, externalOrganisation: checked.organisation, externalEmail: checked.email,
                                              boroughCode: checked.boroughCode, agencyKind: checked.agency, placeTokenHash: tokenHash)
        let link = TrainingPaths.booking.href(token)
        // The stamp and the limits are claimed first, in a transaction of their own: an attempt
        // counts whatever becomes of it (an address that has a place already, refused by the
        // one-place index, must not be a free question).
        do {
            try await request.db.transaction { tx in try await claims(tx) }
        } catch is TicketSpent {
            return checkEmail
        } catch let refused as AttemptThrottle.Refused {
            model.busy = true
            let response = render(request, l, session: session, course: course, model)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(refused.retryAfter.rounded(.up))))
            return response
        }
        let outcome = try await TrainingBooking.register(trainee, on: session, by: TrainingRegistration.bookedOnThePublicSite,
                                                         services: services, db: request.db, after: { placeID, tx in
            try await Outbox.enqueue(.trainingPlace, to: checked.email, link: link, organisationID: session.organisationID, services: services, on: tx)
            try await request.audit(AuditEvent(action: "training_place.booked_publicly", recordType: "training_registration",
                                               recordID: placeID.uuidString), on: tx)
        })
        switch outcome {
        case .booked, .waiting:
            return emails ? checkEmail : request.redirect(to: l.link(link).query("new", "1"))
        case .closed:
            throw LanternError.notFound
        case .alreadyRegistered:
            guard emails else {
                model.errors.add("email", l.plain("public.training.error-already"))
                let response = render(request, l, session: session, course: course, model)
                response.status = .conflict
                return response
            }
            try await renewLink(for: checked.email, sessionID: sessionID, organisationID: session.organisationID, request: request)
            return checkEmail
        }
    }

    /// The stamp was used already: a double press, or a script replaying one drawn form.
    struct TicketSpent: Error {}

    /// The claims a booking makes, in one transaction: the stamp (once only), then the limits.
    /// Counts run in whole clock hours (the email's in whole days), so their rows say the hour,
    /// not the moment.
    private func claims(for request: Request, email: String, ticket: String) -> @Sendable (any Database) async throws -> Void {
        let services = request.application.lantern
        let settings = services.settings
        let cipher = services.cipher
        let now = services.now
        let seconds = now.timeIntervalSince1970
        let hour = Date(timeIntervalSince1970: (seconds / 3600).rounded(.down) * 3600)
        let day = Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
        let spent = "training:ticket:" + cipher.blindIndex(ticket, purpose: "training.open-ticket")
        let address = "training:address:" + senders.key(for: request)
        let mailbox = "training:email:" + cipher.blindIndex(email, purpose: "training.open-email")
        let emails = Outbox.isConfigured(services)
        return { tx in
            let throttle = AttemptThrottle(database: tx)
            do {
                try await throttle.claim(spent, limit: .init(attempts: 1, window: Self.ticketLifetime + 3600), now: now, windowStart: hour)
            } catch is AttemptThrottle.Refused {
                throw TicketSpent()
            }
            try await throttle.claim(address, limit: .init(attempts: settings.publicTrainingLimitPerAddress, window: 3600), now: now, windowStart: hour)
            try await throttle.claim("training:all", limit: .init(attempts: settings.publicTrainingLimitPerHour, window: 3600), now: now, windowStart: hour)
            if emails {
                try await throttle.claim(mailbox, limit: .init(attempts: Self.mailsPerEmailPerDay, window: 86_400), now: now, windowStart: day)
            }
        }
    }

    /// A second booking with an address that has a place: a fresh link to that place goes to
    /// the address (the old link stops working), so whoever typed it learns nothing. The
    /// attempt was counted already, with the address's mail for the day.
    private func renewLink(for email: String, sessionID: UUID, organisationID: UUID, request: Request) async throws {
        let services = request.application.lantern
        let token = SecretToken.generate()
        try await request.db.transaction { tx in
            guard let place = try await TrainingRegistration.query(on: tx).filter(\.$sessionID == sessionID).filter(\.$userID == nil)
                .filter(\.$externalEmail == email)
                .filter(\.$state ~~ [RegistrationState.booked.rawValue, RegistrationState.waiting.rawValue]).first(),
                let placeID = place.id
            else { return }
            place.placeTokenHash = SecretToken.storedHash(of: token)
            place.updatedAt = services.now
            try await place.update(on: tx)
            try await Outbox.enqueue(.trainingPlace, to: email, link: TrainingPaths.booking.href(token), organisationID: organisationID,
                                     services: services, on: tx)
            try await request.audit(AuditEvent(action: "training_place.link_renewed", recordType: "training_registration",
                                               recordID: placeID.uuidString), on: tx)
        }
    }

    // MARK: The booked place

    /// The place a link reaches; any other link is as if it did not exist.
    private func place(_ request: Request) async throws -> (TrainingRegistration, TrainingSession, TrainingCourse) {
        guard let token = request.parameters.get("token"), token.count <= 100,
              let place = try await TrainingRegistration.query(on: request.db)
                .filter(\.$placeTokenHash == SecretToken.storedHash(of: token)).first(),
              let session = try await TrainingSession.find(place.sessionID, on: request.db),
              let course = try await TrainingCourse.find(session.courseID, on: request.db)
        else { throw LanternError.notFound }
        return (place, session, course)
    }

    @Sendable func booking(_ request: Request) async throws -> Response {
        let l = request.publicText
        let (place, session, course) = try await place(request)
        let services = request.application.lantern
        try await request.audit(AuditEvent(action: "training_place.viewed_by_link", recordType: "training_registration",
                                           recordID: place.id?.uuidString))
        let model = TrainingOpenPages.Booking(
            link: TrainingPaths.booking.href(request.parameters.get("token") ?? "").absolute(from: services.settings.publicURL),
            giveUp: l.link(TrainingPaths.giveUpBooking.href(request.parameters.get("token") ?? "")),
            course: course.title, day: session.day, startsAt: session.startsAt, format: session.sessionFormat, place: session.place,
            name: place.externalName ?? "", state: place.registrationState,
            queuePosition: try await TrainingBooking.queuePosition(of: place, on: request.db),
            cancelled: session.sessionState == .cancelled, past: session.day < services.today,
            justBooked: request.query[String.self, at: "new"] == "1", givenUp: request.query[String.self, at: "given-up"] == "1",
            csrf: request.csrfToken)
        return request.renderPublic(TrainingOpenPages.booking(model, l), l)
    }

    @Sendable func giveUp(_ request: Request) async throws -> Response {
        let l = request.publicText
        let (place, session, _) = try await place(request)
        let placeID = try place.requireID()
        let outcome = try await TrainingBooking.giveUp(.place(placeID), session: session, services: request.application.lantern, db: request.db)
        if case .givenUp = outcome {
            try await request.audit(AuditEvent(action: "training_place.given_up_by_link", recordType: "training_registration",
                                               recordID: placeID.uuidString))
        }
        // Given up now, or already: the place's page says where it stands.
        let token = request.parameters.get("token") ?? ""
        return request.redirect(to: l.link(TrainingPaths.booking.href(token)).query("given-up", "1"))
    }
}
