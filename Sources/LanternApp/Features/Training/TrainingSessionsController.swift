import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// A course's sessions: adding one (the course's organisation's trainers), its page (book or
/// give up a place; for its trainers, the register with attendance and external people), and
/// a printable certificate for each attended place.
struct TrainingSessionsController {
    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.newSession, access: .action(.manageTraining), use: newForm)
        routes.post(TrainingPaths.newSession, access: .action(.manageTraining), use: create)
        routes.get(TrainingPaths.session, access: .action(.registerForTraining), use: show)
        routes.post(TrainingPaths.register, access: .action(.registerForTraining), use: book)
        routes.post(TrainingPaths.givePlaceUp, access: .action(.registerForTraining), use: giveUp)
        routes.post(TrainingPaths.external, access: .action(.manageTraining), use: addExternal)
        routes.post(TrainingPaths.attendance, access: .action(.manageTraining), use: attendance)
        routes.post(TrainingPaths.cancelSession, access: .action(.manageTraining), use: cancel)
        routes.get(TrainingPaths.certificate, access: .anyAction([.manageOwnAccount, .manageTraining]), use: certificate)
    }

    struct SessionForm: Content {
        var day: String?; var startsAt: String?; var format: String?; var place: String?; var capacity: String?
        var boroughs: [String]?; var agencies: [String]?; var leadTrainer: String?; var coTrainer: String?
        /// "yes": listed on the public site, where anyone may book a place.
        var openToPublic: String?
    }

    // MARK: Adding a session

    /// Active people holding the trainer role, anywhere in the partnership (a session may be
    /// led by another organisation's trainer), by name.
    static func trainers(on db: any Database) async throws -> [(id: String, label: String)] {
        let users = try await User.query(on: db).filter(\.$roles, .custom("LIKE"), "%trainer%").filter(\.$disabledAt == nil)
            .with(\.$organisation).sort(\.$displayName).limit(1_000).all()
        return users.filter { $0.roleSet.contains(.trainer) }.compactMap { u in
            u.id.map { ($0.uuidString, "\(u.displayName) (\(u.organisation.name))") }
        }
    }

    private func sessionForm(_ request: Request, course: TrainingCourse, _ input: SessionForm, errors: FormErrors) async throws -> Page {
        let services = request.application.lantern
        return TrainingPages.newSession(.init(courseID: course.id?.uuidString ?? "", courseTitle: course.title, input: input,
                                              boroughs: services.boroughs.all.map { ($0.onsCode, $0.name) },
                                              trainers: try await Self.trainers(on: request.db), errors: errors),
                                        csrf: request.csrfToken, l: TrainingAccess.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let course = try await TrainingAccess.course(request)
        let context = try request.authorise(.manageTraining, forOrganisation: course.organisationID)
        let input = SessionForm(startsAt: "09:30", format: course.format, capacity: "20", leadTrainer: context.userID.uuidString)
        return request.render(try await sessionForm(request, course: course, input, errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let course = try await TrainingAccess.course(request)
        let context = try request.authorise(.manageTraining, forOrganisation: course.organisationID)
        let input = try request.content.decode(SessionForm.self)
        let services = request.application.lantern
        let trainers = Set(try await Self.trainers(on: request.db).map(\.id))
        let draft = SessionDraft(day: input.day.flatMap(Day.init(iso:)), startsAt: (input.startsAt ?? "").trimmingCharacters(in: .whitespaces),
                                 format: input.format.flatMap(CourseFormat.init(rawValue:)), place: input.place ?? "",
                                 capacity: Int((input.capacity ?? "").trimmingCharacters(in: .whitespaces)),
                                 boroughCodes: input.boroughs ?? [], agencyKinds: input.agencies ?? [],
                                 leadTrainer: input.leadTrainer, coTrainer: input.coTrainer.flatMap { $0.isEmpty ? nil : $0 })
        let problems = TrainingSessionRules.problems(draft, today: services.today, boroughs: Set(services.boroughs.all.map(\.onsCode)),
                                                     trainers: trainers)
        let l = TrainingAccess.localiser(request)
        var errors = FormErrors()
        for problem in SessionProblem.allCases where problems.contains(problem) {
            switch problem {
            case .day: errors.add("day", l("training.session.error.day"))
            case .dayPassed: errors.add("day", l("training.session.error.day-passed"))
            case .startsAt: errors.add("startsAt", l("training.session.error.starts-at"))
            case .format: errors.add("format", l("training.session.error.format"))
            case .place: errors.add("place", l("training.session.error.place"))
            case .capacity: errors.add("capacity", l("training.session.error.capacity"))
            case .boroughs: errors.add("boroughs", l("training.session.error.boroughs"))
            case .agencies: errors.add("agencies", l("training.session.error.agencies"))
            case .leadTrainer: errors.add("leadTrainer", l("training.session.error.lead-trainer"))
            case .coTrainer: errors.add("coTrainer", l("training.session.error.co-trainer"))
            }
        }
        let openToPublic = input.openToPublic ?? "no"
        if openToPublic != "yes" && openToPublic != "no" { errors.add("openToPublic", l("training.session.error.open-to-public")) }
        guard errors.isEmpty, let day = draft.day, let format = draft.format, let capacity = draft.capacity,
              let lead = draft.leadTrainer.flatMap(UUID.init(exactly:))
        else { return request.render(try await sessionForm(request, course: course, input, errors: errors)) }
        let session = TrainingSession()
        session.id = UUID()
        session.courseID = try course.requireID()
        session.heldOn = day.daysSinceEpoch
        session.startsAt = draft.startsAt
        session.format = format.rawValue
        session.place = draft.place.trimmingCharacters(in: .whitespacesAndNewlines)
        session.capacity = capacity
        session.bookedCount = 0
        session.waitingSeq = 0
        session.targetBoroughs = draft.boroughCodes.joined(separator: ",")
        session.targetAgencies = draft.agencyKinds.joined(separator: ",")
        session.state = TrainingSessionState.planned.rawValue
        session.openToPublic = openToPublic == "yes"
        session.organisationID = course.organisationID
        session.createdBy = context.userID
        session.createdAt = services.now
        try await request.db.transaction { tx in
            try await session.create(on: tx)
            let sessionID = try session.requireID()
            try await TrainingSessionTrainer(sessionID: sessionID, userID: lead, lead: true).create(on: tx)
            if let co = draft.coTrainer.flatMap(UUID.init(exactly:)) {
                try await TrainingSessionTrainer(sessionID: sessionID, userID: co, lead: false).create(on: tx)
            }
            try await request.audit(AuditEvent(action: "training_session.created", recordType: "training_session", recordID: sessionID.uuidString), on: tx)
        }
        return request.redirect(to: Href.trainingSession(session.id?.uuidString ?? ""))
    }

    // MARK: A session's page

    @Sendable func show(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .registerForTraining)
        return request.render(try await page(request, authorised.record, errors: FormErrors(), done: request.query["done"]))
    }

    func page(_ request: Request, _ session: TrainingSession, errors: FormErrors, done: String?, external: TrainingPages.ExternalInput = .init()) async throws -> Page {
        let db = request.db, context = try request.requireSignedIn(), services = request.application.lantern
        let sessionID = try session.requireID()
        guard let course = try await TrainingCourse.find(session.courseID, on: db) else { throw LanternError.notFound }
        let trainers = try await TrainingSessionTrainer.query(on: db).filter(\.$sessionID == sessionID).all()
        let trainerUsers = try await User.query(on: db).filter(\.$id ~~ trainers.map(\.userID)).with(\.$organisation).all()
        let mine = try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID).filter(\.$userID == context.userID)
            .filter(\.$state != RegistrationState.cancelled.rawValue).first()
        let runs = try await TrainingAccess.mayRun(session, request: request)
        var register: [TrainingPages.SessionShow.Place] = []
        if runs {
            let places = try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID)
                .filter(\.$state != RegistrationState.cancelled.rawValue).sort(\.$createdAt).limit(2_000).all()
            let users = Dictionary(try await User.query(on: db).filter(\.$id ~~ places.compactMap(\.userID)).with(\.$organisation).all()
                .compactMap { u in u.id.map { ($0, u) } }, uniquingKeysWith: { a, _ in a })
            register = places.map { r in
                let user = r.userID.flatMap { users[$0] }
                return .init(id: r.id?.uuidString ?? "", name: user?.displayName ?? r.externalName ?? "",
                             organisation: user?.organisation.name ?? r.externalOrganisation ?? "", external: r.userID == nil,
                             bookedThemselves: r.registeredBy == TrainingRegistration.bookedOnThePublicSite,
                             state: r.registrationState, waitingPosition: r.waitingPosition)
            }
            try await request.audit(AuditEvent(action: "training_session.register_viewed", recordType: "training_session", recordID: sessionID.uuidString))
        }
        var mayEvaluate = false
        if let mine, mine.registrationState == .attended, let placeID = mine.id,
           EvaluationRules.answeringOpen(sessionDay: session.day, today: services.today) {
            mayEvaluate = try await TrainingEvaluationReceipt.query(on: db).filter(\.$registrationID == placeID).first() == nil
        }
        let boroughNames = session.boroughCodes.compactMap { services.boroughs.borough(code: $0)?.name }
        return TrainingPages.session(.init(
            id: sessionID.uuidString, courseID: course.id?.uuidString ?? "", course: course.title, day: session.day, startsAt: session.startsAt,
            format: session.sessionFormat, place: session.place, capacity: session.capacity, booked: session.bookedCount,
            boroughs: boroughNames, agencies: session.agencyKinds, cancelled: session.sessionState == .cancelled,
            openToPublic: session.openToPublic,
            trainers: trainerUsers.map { "\($0.displayName) (\($0.organisation.name))" },
            myPlace: try await mine.asyncMap { ($0.id?.uuidString ?? "", $0.registrationState, try await TrainingBooking.queuePosition(of: $0, on: db)) },
            mayEvaluate: mayEvaluate,
            bookable: session.sessionState == .planned && session.day >= services.today,
            attendanceOpen: TrainingCourseRules.attendanceOpen(sessionDay: session.day, today: services.today),
            runs: runs, register: register, boroughOptions: services.boroughs.all.map { ($0.onsCode, $0.name) },
            external: external, errors: errors, done: done,
            // Named trainers from elsewhere record who came; only the session's organisation cancels it.
            mayCancel: runs && (try? request.authorise(.manageTraining, forOrganisation: session.organisationID)) != nil),
            csrf: request.csrfToken, l: TrainingAccess.localiser(request))
    }

    // MARK: Places

    @Sendable func book(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .registerForTraining)
        let context = try authorised.context(for: .registerForTraining)
        let session = authorised.record
        let db = request.db
        let organisation = try await Organisation.find(context.organisationID, on: db)
        // The borough the person works in, when their organisation covers one; a police BCU or
        // an NHS trust covering several counts by agency and in London's total, not in a borough.
        let boroughs = try await OrganisationBorough.query(on: db).filter(\.$organisation.$id == context.organisationID).limit(2).all()
        let borough = boroughs.count == 1 ? boroughs.first : nil
        let trainee = TrainingBooking.Trainee(userID: context.userID, organisationID: context.organisationID, boroughCode: borough?.boroughCode,
                                              agencyKind: organisation.map { AgencyKind(organisation: OrganisationKind(rawValue: $0.kind) ?? .government) } ?? .other)
        let outcome = try await TrainingBooking.register(trainee, on: session, by: context.userID, services: request.application.lantern, db: db)
        let sessionID = try session.requireID().uuidString
        switch outcome {
        case .booked, .waiting:
            try await request.audit(AuditEvent(action: outcome == .booked ? "training_place.booked" : "training_place.waiting",
                                               recordType: "training_session", recordID: sessionID))
            return request.redirect(to: "\(Href.trainingSession(sessionID))?done=\(outcome == .booked ? "booked" : "waiting")")
        case .alreadyRegistered:
            return request.redirect(to: "\(Href.trainingSession(sessionID))?done=already")
        case .closed:
            var errors = FormErrors()
            errors.add("session", TrainingAccess.localiser(request)("training.place.error.closed"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .conflict
            return request.render(page)
        }
    }

    @Sendable func giveUp(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .registerForTraining)
        let context = try authorised.context(for: .registerForTraining)
        let session = authorised.record
        let outcome = try await TrainingBooking.giveUp(.member(context.userID), session: session, services: request.application.lantern, db: request.db)
        let sessionID = try session.requireID().uuidString
        guard case .givenUp = outcome else {
            var errors = FormErrors()
            errors.add("session", TrainingAccess.localiser(request)("training.place.error.nothing-to-give-up"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .conflict
            return request.render(page)
        }
        try await request.audit(AuditEvent(action: "training_place.given_up", recordType: "training_session", recordID: sessionID))
        return request.redirect(to: "\(Href.trainingSession(sessionID))?done=given-up")
    }

    struct ExternalForm: Content { var name: String?; var organisation: String?; var borough: String?; var agency: String?; var email: String? }

    @Sendable func addExternal(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .manageTraining)
        let context = try authorised.context(for: .manageTraining)
        let session = authorised.record
        let input = try request.content.decode(ExternalForm.self)
        let services = request.application.lantern
        let l = TrainingAccess.localiser(request)
        var errors = FormErrors()
        let echo = TrainingPages.ExternalInput(name: input.name ?? "", organisation: input.organisation ?? "", borough: input.borough,
                                               agency: input.agency, email: input.email ?? "")
        let checked: ExternalTraineeRules.Checked
        switch ExternalTraineeRules.check(name: input.name, organisation: input.organisation, borough: input.borough, agency: input.agency,
                                          email: input.email, knownBoroughs: Set(services.boroughs.all.map(\.onsCode))) {
        case .success(let found): checked = found
        case .failure(let problems):
            for problem in problems.list {
                let message = switch problem {
                case .name: l("training.external.error.name")
                case .organisation: l("training.external.error.organisation")
                case .borough: l("training.external.error.borough")
                case .agency: l("training.external.error.agency")
                case .email: l("training.external.error.email")
                }
                errors.add(problem.rawValue, message)
            }
            return request.render(try await page(request, session, errors: errors, done: nil, external: echo))
        }
        let trainee = TrainingBooking.Trainee(externalName: checked.name, externalOrganisation: checked.organisation, externalEmail: checked.email,
                                              boroughCode: checked.boroughCode, agencyKind: checked.agency)
        let outcome = try await TrainingBooking.register(trainee, on: session, by: context.userID, services: services, db: request.db)
        let sessionID = try session.requireID().uuidString
        switch outcome {
        case .booked, .waiting:
            try await request.audit(AuditEvent(action: "training_place.external_added", recordType: "training_session", recordID: sessionID))
            return request.redirect(to: "\(Href.trainingSession(sessionID))?done=\(outcome == .booked ? "external-booked" : "external-waiting")")
        case .alreadyRegistered, .closed:
            errors.add(outcome == .closed ? "name" : "email", outcome == .closed ? l("training.place.error.closed") : l("training.external.error.already"))
            var page = try await page(request, session, errors: errors, done: nil, external: echo)
            page.status = .conflict
            return request.render(page)
        }
    }

    struct AttendanceForm: Content { var registration: String?; var mark: String? }

    @Sendable func attendance(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .manageTraining)
        let context = try authorised.context(for: .manageTraining)
        let session = authorised.record
        let input = try request.content.decode(AttendanceForm.self)
        let l = TrainingAccess.localiser(request)
        var errors = FormErrors()
        guard let registrationID = input.registration.flatMap(UUID.init(exactly:)),
              let mark = input.mark.flatMap(TrainingAttendance.Mark.init(rawValue:))
        else {
            errors.add("registration", l("training.attendance.error.choose"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .unprocessableEntity
            return request.render(page)
        }
        let outcome = try await TrainingAttendance.record(mark, registrationID: registrationID, session: session, recorder: context.userID,
                                                          services: request.application.lantern, db: request.db)
        let sessionID = try session.requireID().uuidString
        switch outcome {
        case .recorded(let cascade):
            try await request.audit(AuditEvent(action: "training_attendance.recorded", recordType: "training_registration",
                                               recordID: registrationID.uuidString))
            let done = mark == .absent ? "absent" : cascade == .wouldLoop ? "attended-loop" : "attended"
            return request.redirect(to: "\(Href.trainingSession(sessionID))?done=\(done)")
        case .ownQualification:
            errors.add("registration", l("training.attendance.error.own-qualification"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .unprocessableEntity
            return request.render(page)
        case .notYetHeld, .noSuchPlace, .sessionCancelled:
            errors.add("registration", outcome == .notYetHeld ? l("training.attendance.error.not-yet-held")
                       : outcome == .sessionCancelled ? l("training.attendance.error.cancelled") : l("training.attendance.error.no-such-place"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = outcome == .noSuchPlace ? .conflict : .unprocessableEntity
            return request.render(page)
        }
    }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        let authorised = try await TrainingAccess.session(request, for: .manageTraining)
        let session = authorised.record
        // Named trainers from elsewhere record who came; cancelling is the organisation's.
        try request.authorise(.manageTraining, forOrganisation: session.organisationID)
        let sessionID = try session.requireID()
        let services = request.application.lantern
        let anyoneCame = try await TrainingRegistration.query(on: request.db).filter(\.$sessionID == sessionID)
            .filter(\.$state == RegistrationState.attended.rawValue).first() != nil
        guard session.day >= services.today, !anyoneCame else {
            var errors = FormErrors()
            errors.add("session", TrainingAccess.localiser(request)("training.session.error.held"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .conflict
            return request.render(page)
        }
        guard let course = try await TrainingCourse.find(session.courseID, on: request.db) else { throw LanternError.notFound }
        let cancelled = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // Guarded: of two presses at once, one cancels and the other finds it cancelled.
            guard try await sql.update(TrainingSession.schema).set("state", to: TrainingSessionState.cancelled.rawValue)
                .where("id", .equal, sessionID).where("state", .equal, TrainingSessionState.planned.rawValue)
                .returning("id").first() != nil
            else { return false }
            let live = try await TrainingRegistration.query(on: tx).filter(\.$sessionID == sessionID)
                .filter(\.$state ~~ [RegistrationState.booked.rawValue, RegistrationState.waiting.rawValue]).all()
            // People without an account hear by email, with a fresh link to their place (Lantern
            // keeps only the links' hashes, so it cannot send an old one).
            if Outbox.isConfigured(services) {
                for place in live where place.userID == nil {
                    guard let email = place.externalEmail else { continue }
                    let token = SecretToken.generate()
                    place.placeTokenHash = SecretToken.storedHash(of: token)
                    place.updatedAt = services.now
                    try await place.update(on: tx)
                    try await Outbox.enqueue(.trainingSessionCancelled, to: email, link: TrainingPaths.booking.href(token),
                                             organisationID: session.organisationID, services: services, on: tx)
                }
            }
            let people = live.compactMap(\.userID)
            for person in Set(people) {
                try await TaskService.create(ownerID: person, title: "Training session cancelled: \(course.title), \(session.day.iso)",
                                             link: .trainingSession(sessionID.uuidString), due: nil,
                                             sourceKey: "training_cancelled:\(sessionID.uuidString)", services: services, on: tx)
            }
            try await request.audit(AuditEvent(action: "training_session.cancelled", recordType: "training_session",
                                               recordID: sessionID.uuidString), on: tx)
            return true
        }
        guard cancelled else {
            var errors = FormErrors()
            errors.add("session", TrainingAccess.localiser(request)("training.session.error.already-cancelled"))
            var page = try await page(request, session, errors: errors, done: nil)
            page.status = .conflict
            return request.render(page)
        }
        return request.redirect(to: "\(Href.trainingSession(sessionID.uuidString))?done=cancelled")
    }

    // MARK: Certificates

    @Sendable func certificate(_ request: Request) async throws -> Response {
        let context = try request.authorise(anyOf: [.manageOwnAccount, .manageTraining])
        let db = request.db
        guard let registration = try await TrainingRegistration.find(try TrainingAccess.uuid(request, "registrationID"), on: db),
              let session = try await TrainingSession.find(registration.sessionID, on: db),
              let course = try await TrainingCourse.find(session.courseID, on: db)
        else { throw LanternError.notFound }
        // The attendee's own (their account), or the session's to run; anyone else: as if it did not exist.
        var placement = try await TrainingAccess.placement(of: session, for: request)
        placement.accountID = registration.userID?.uuidString
        let relations = try await request.viewpoint().relations(to: placement)
        let policy = request.accessPolicy
        guard policy.permits(context.roles, .manageOwnAccount, onAny: relations) || policy.permits(context.roles, .manageTraining, onAny: relations)
        else { throw LanternError.notFound }
        guard registration.registrationState == .attended,
              let completion = try await TrainingCompletion.query(on: db).filter(\.$registrationID == registration.requireID()).first()
        else { throw LanternError.notFound }
        let person = try await registration.userID.asyncMap { try await User.find($0, on: db) } ?? nil
        let lead = try await TrainingSessionTrainer.query(on: db).filter(\.$sessionID == session.requireID()).filter(\.$lead == true).first()
        let trainer = try await lead.asyncMap { try await User.find($0.userID, on: db) } ?? nil
        try await request.audit(AuditEvent(action: "training_certificate.viewed", recordType: "training_registration",
                                           recordID: registration.id?.uuidString))
        return request.render(TrainingPages.certificate(.init(
            number: String(registration.id?.uuidString.prefix(8) ?? "").uppercased(), name: person?.displayName ?? registration.externalName ?? "",
            course: course.title, outcomes: course.outcomeList, day: session.day, durationMinutes: course.durationMinutes,
            trainer: trainer?.displayName ?? "", validUntil: completion.validUntil.map(Day.init(daysSinceEpoch:))),
            l: TrainingAccess.localiser(request)))
    }
}
