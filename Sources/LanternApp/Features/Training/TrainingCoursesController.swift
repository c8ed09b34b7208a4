import Fluent
import Foundation
import LanternCore
import Vapor

/// `/training`: upcoming sessions, the person's own places and completions, and the courses;
/// an organisation's trainers add courses (`manageTraining`).
struct TrainingCoursesController {
    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.overview, access: .action(.registerForTraining), use: overview)
        routes.get(TrainingPaths.newCourse, access: .action(.manageTraining), use: newForm)
        routes.post(TrainingPaths.newCourse, access: .action(.manageTraining), use: create)
        routes.get(TrainingPaths.course, access: .action(.registerForTraining), use: show)
    }

    struct CourseForm: Content {
        var title: String?; var audience: String?; var format: String?; var duration: String?; var outcomes: String?
        var validMonths: String?; var trainTheTrainer: String?; var commitSessions: String?; var commitMonths: String?
        var qualification: String?
    }

    @Sendable func overview(_ request: Request) async throws -> Response {
        let context = try request.authorise(.registerForTraining)
        let db = request.db, services = request.application.lantern
        let today = services.today
        // `?qualification=first-responder`: only the courses that give it (the link a refusal offers).
        let qualification = (request.query[String.self, at: "qualification"]).flatMap { TrainingRequirements.isQualification($0) ? $0 : nil }
        var courseQuery = TrainingCourse.query(on: db).sort(\.$title).limit(500)
        if let qualification { courseQuery = courseQuery.filter(\.$qualification == qualification) }
        let courses = try await courseQuery.all()
        var sessionQuery = TrainingSession.query(on: db).filter(\.$heldOn >= today.daysSinceEpoch)
            .filter(\.$state == TrainingSessionState.planned.rawValue).sort(\.$heldOn).sort(\.$startsAt).limit(200)
        if qualification != nil { sessionQuery = sessionQuery.filter(\.$courseID ~~ courses.compactMap(\.id)) }
        let upcoming = try await sessionQuery.all()
        let courseByID = Dictionary(courses.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        let mine = try await TrainingRegistration.query(on: db).filter(\.$userID == context.userID)
            .filter(\.$state != RegistrationState.cancelled.rawValue).sort(\.$createdAt, .descending).limit(200).all()
        let mySessions = Dictionary(try await TrainingSession.query(on: db).filter(\.$id ~~ mine.map(\.sessionID)).all()
            .compactMap { s in s.id.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
        let completions = try await TrainingCompletion.query(on: db).filter(\.$userID == context.userID).sort(\.$completedOn, .descending).all()
        var queue: [UUID: Int] = [:]
        for place in mine where place.registrationState == .waiting {
            if let id = place.id { queue[id] = try await TrainingBooking.queuePosition(of: place, on: db) }
        }
        let canManage = request.accessPolicy.permits(context.roles, .manageTraining, on: .sameOrganisation)
        let page = TrainingPages.Overview(
            canManage: canManage,
            canViewCascade: request.accessPolicy.allowsSome(context.roles, .viewTrainingCoverage),
            upcoming: upcoming.map { s in
                .init(id: s.id?.uuidString ?? "", course: courseByID[s.courseID]?.title ?? "", day: s.day, startsAt: s.startsAt,
                      format: s.sessionFormat, free: max(0, s.capacity - s.bookedCount))
            },
            places: mine.compactMap { r in
                guard let s = mySessions[r.sessionID] else { return nil }
                return .init(sessionID: s.id?.uuidString ?? "", registrationID: r.id?.uuidString ?? "", course: courseByID[s.courseID]?.title ?? "",
                             day: s.day, state: r.registrationState, waitingPosition: r.id.flatMap { queue[$0] }, sessionCancelled: s.sessionState == .cancelled)
            },
            completions: completions.map { c in
                .init(registrationID: c.registrationID.uuidString, course: courseByID[c.courseID]?.title ?? "", on: Day(daysSinceEpoch: c.completedOn),
                      validUntil: c.validUntil.map(Day.init(daysSinceEpoch:)),
                      valid: TrainingCourseRules.isValid(until: c.validUntil.map(Day.init(daysSinceEpoch:)), on: today))
            },
            courses: courses.map { c in .init(id: c.id?.uuidString ?? "", title: c.title, format: c.courseFormat, trainTheTrainer: c.trainTheTrainer) },
            requirements: try await Self.requirements(for: context, request: request),
            qualification: qualification)
        return request.render(TrainingPages.overview(page, l: TrainingAccess.localiser(request)))
    }

    /// The training the person's roles need, each with the actions it allows and where they stand.
    static func requirements(for context: SignInContext, request: Request) async throws -> [TrainingPages.Requirement] {
        let requirements = request.application.lantern.policy.requirements
        var actions: [String: Set<Action>] = [:]
        for role in context.roles {
            for (action, qualification) in requirements.conditions[role] ?? [:] { actions[qualification, default: []].insert(action) }
        }
        guard !actions.isEmpty else { return [] }
        let exemptions = try await TrainingExemption.query(on: request.db).filter(\.$userID == context.userID)
            .filter(\.$revokedAt == nil).filter(\.$untilDay >= request.application.lantern.today.daysSinceEpoch).all()
        let exemptUntil = Dictionary(exemptions.map { ($0.action, $0.until) }, uniquingKeysWith: max)
        let standing = context.training.standing
        return actions.keys.sorted().map { qualification in
            let allowed = actions[qualification, default: []].sorted { $0.rawValue < $1.rawValue }
            let state: TrainingPages.Requirement.Standing
            if standing.qualifications.contains(qualification) {
                state = .held
            } else if let until = allowed.compactMap({ exemptUntil[$0.rawValue] }).min() {
                state = .exempt(until: until)
            } else if let lapsed = context.training.lapsed[qualification] ?? nil {
                state = .lapsed(lapsed)
            } else {
                state = .never
            }
            return .init(qualification: qualification, actions: allowed.map(\.label), standing: state)
        }
    }

    private func form(_ request: Request, _ input: CourseForm, errors: FormErrors) -> Page {
        TrainingPages.newCourse(.init(input: input, errors: errors), csrf: request.csrfToken, l: TrainingAccess.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.manageTraining)
        return request.render(form(request, CourseForm(validMonths: "36"), errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.manageTraining)
        let input = try request.content.decode(CourseForm.self)
        let l = TrainingAccess.localiser(request)
        switch Self.check(input, l: l) {
        case .failure(let errors):
            return request.render(form(request, input, errors: errors))
        case .success(let draft):
            let course = TrainingCourse(draft: draft, organisationID: context.organisationID, createdBy: context.userID,
                                        createdAt: request.application.lantern.now)
            try await request.db.transaction { tx in
                try await course.create(on: tx)
                try await request.audit(AuditEvent(action: "training_course.created", recordType: "training_course",
                                                   recordID: course.id?.uuidString), on: tx)
            }
            return request.redirect(to: Href.trainingCourse(course.id?.uuidString ?? ""))
        }
    }

    /// The course from its form, or every problem worded for the page.
    static func check(_ input: CourseForm, l: Localiser) -> Result<CourseDraft, FormErrors> {
        func number(_ text: String?) -> Int? { Int((text ?? "").trimmingCharacters(in: .whitespaces)) }
        let trainTheTrainer = input.trainTheTrainer == "yes"
        let validText = (input.validMonths ?? "").trimmingCharacters(in: .whitespaces)
        var draft = CourseDraft(title: input.title ?? "", audience: input.audience ?? "", format: input.format.flatMap(CourseFormat.init(rawValue:)),
                                durationMinutes: number(input.duration), outcomes: TrainingCourseRules.outcomes(fromLines: input.outcomes ?? ""),
                                validMonths: validText.isEmpty ? nil : (number(validText) ?? 0), trainTheTrainer: trainTheTrainer,
                                commitSessions: number(input.commitSessions), commitMonths: number(input.commitMonths))
        let qualification = (input.qualification ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        draft.qualification = qualification.isEmpty ? nil : qualification
        var errors = FormErrors()
        if let answer = input.trainTheTrainer, answer != "yes", answer != "no" { errors.add("trainTheTrainer", l("training.course.error.ttt")) }
        // The commitment's numbers are read only for a Train-the-Trainer course, but anything
        // typed in them must still be a number in range: nothing odd is stored or silently dropped.
        func odd(_ text: String?, _ range: ClosedRange<Int>) -> Bool {
            let typed = (text ?? "").trimmingCharacters(in: .whitespaces)
            return !typed.isEmpty && (Int(typed).map { !range.contains($0) } ?? true)
        }
        if odd(input.commitSessions, TrainingCourseRules.commitSessionsRange) { errors.add("commitSessions", l("training.course.error.commit-sessions")) }
        if odd(input.commitMonths, TrainingCourseRules.commitMonthsRange) { errors.add("commitMonths", l("training.course.error.commit-months")) }
        let problems = TrainingCourseRules.problems(draft)
        for problem in CourseProblem.allCases where problems.contains(problem) {
            switch problem {
            case .title: errors.add("title", l("training.course.error.title"))
            case .audience: errors.add("audience", l("training.course.error.audience"))
            case .format: errors.add("format", l("training.course.error.format"))
            case .duration: errors.add("duration", l("training.course.error.duration"))
            case .outcomes: errors.add("outcomes", l("training.course.error.outcomes"))
            case .validMonths: errors.add("validMonths", l("training.course.error.valid-months"))
            case .commitSessions: errors.add("commitSessions", l("training.course.error.commit-sessions"))
            case .commitMonths: errors.add("commitMonths", l("training.course.error.commit-months"))
            case .qualification: errors.add("qualification", l("training.course.error.qualification"))
            }
        }
        return errors.isEmpty ? .success(draft) : .failure(errors)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let context = try request.authorise(.registerForTraining)
        let course = try await TrainingAccess.course(request)
        let courseID = try course.requireID()
        let services = request.application.lantern
        let sessions = try await TrainingSession.query(on: request.db).filter(\.$courseID == courseID).sort(\.$heldOn, .descending).limit(200).all()
        let manages = request.accessPolicy.permits(context.roles, .manageTraining,
                                              on: course.organisationID == context.organisationID ? .sameOrganisation : .otherOrganisation)
        let page = TrainingPages.CourseShow(
            id: courseID.uuidString, title: course.title, audience: course.audience, format: course.courseFormat,
            durationMinutes: course.durationMinutes, outcomes: course.outcomeList, validMonths: course.validMonths,
            qualification: course.qualification, trainTheTrainer: course.trainTheTrainer, commitSessions: course.commitSessions, commitMonths: course.commitMonths,
            canAddSession: manages,
            sessions: sessions.map { s in
                .init(id: s.id?.uuidString ?? "", course: course.title, day: s.day, startsAt: s.startsAt, format: s.sessionFormat,
                      free: max(0, s.capacity - s.bookedCount), cancelled: s.sessionState == .cancelled)
            })
        return request.render(TrainingPages.course(page, l: TrainingAccess.localiser(request)))
    }
}
