import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/surveys`: the network's member surveys. Everyone sees the surveys sent to them; an
/// organisation's leads and secretariat (`runSurveys`) write one for a group their
/// organisation hosts, send it to the group's members (each gets a task), remind those who
/// have not answered (at most once a day), close it and read its results once closed. Every
/// change of state is one guarded statement, so forty presses at once make one change.
struct SurveysController {
    func register(_ routes: LanternRoutes) {
        routes.get(SurveyPaths.list, access: .action(.manageOwnAccount), use: list)
        routes.get(SurveyPaths.new, access: .action(.runSurveys), use: newForm)
        routes.post(SurveyPaths.new, access: .action(.runSurveys), use: create)
        routes.get(SurveyPaths.show, access: .action(.runSurveys), use: show)
        routes.post(SurveyPaths.send, access: .action(.runSurveys), use: send)
        routes.post(SurveyPaths.remind, access: .action(.runSurveys), use: remind)
        routes.post(SurveyPaths.close, access: .action(.runSurveys), use: close)
        routes.get(SurveyPaths.csv, access: .action(.runSurveys), use: csv)
    }

    /// The form's rows of questions (blank rows are skipped).
    static let formRows = SurveyRules.maxQuestions

    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "surveys", "components") }

    static func survey(_ request: Request) async throws -> Survey {
        guard let id = request.parameters.get("surveyID").flatMap(UUID.init(exactly:)),
              let survey = try await Survey.find(id, on: request.db) else { throw LanternError.notFound }
        return survey
    }

    /// The survey, for its organisation's runners: 404 otherwise.
    static func runnable(_ request: Request) async throws -> Authorised<Survey> {
        let survey = try await survey(request)
        return try await request.authorise(.runSurveys, survey, placedAt: RecordPlacement(organisationID: survey.organisationID.uuidString))
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.manageOwnAccount)
        let today = request.application.lantern.today
        let invitations = try await SurveyInvitation.query(on: request.db).filter(\.$userID == context.userID).all()
        let answered = Dictionary(invitations.map { ($0.surveyID, $0.answered) }, uniquingKeysWith: { a, _ in a })
        let sent = try await Survey.query(on: request.db).filter(\.$id ~~ Array(answered.keys)).sort(\.$closesOn, .descending).limit(200).all()
        let runs = request.accessPolicy.permits(context.roles, .runSurveys, on: .sameOrganisation)
        let ours = runs ? try await Survey.query(on: request.db).filter(\.$organisationID == context.organisationID)
            .sort(\.$createdAt, .descending).limit(200).all() : []
        func row(_ s: Survey) -> SurveyPages.Row {
            .init(id: s.id?.uuidString ?? "", title: s.title, state: s.state(on: today), closesOn: s.closingDay,
                  answered: s.id.flatMap { answered[$0] } ?? false, responses: s.responses)
        }
        return request.render(SurveyPages.list(.init(sentToMe: sent.filter { $0.state(on: today) != .draft }.map(row), ours: ours.map(row),
                                                     canRun: runs), done: request.query[String.self, at: "done"], l: Self.localiser(request)))
    }

    private func form(_ request: Request, _ input: [String: String], errors: FormErrors) async throws -> Page {
        let groups = try await EventsController.hostedGroups(by: try request.requireSignedIn().organisationID, on: request.db)
            .sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) }
        return SurveyPages.new(.init(input: input, errors: errors, groups: groups, rows: Self.formRows), csrf: request.csrfToken, l: Self.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.runSurveys)
        return request.render(try await form(request, [:], errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.runSurveys)
        // Every field is text: a field sent as a list (`a0[]`) or a JSON body is refused whole (400).
        let input = try request.content.decode([String: String].self)
        let l = Self.localiser(request)
        let today = request.application.lantern.today
        let value = { (name: String) in (input[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors = FormErrors()
        let title = value("title")
        if !TrainingCourseRules.isPlainText(title, limit: SurveyRules.titleLimit) {
            errors.add("title", l("surveys.error.title", ["limit": l.number(SurveyRules.titleLimit)]))
        }
        let intro = value("intro")
        if !TrainingCourseRules.isFreeText(intro, limit: SurveyRules.introLimit) {
            errors.add("intro", l("surveys.error.intro", ["limit": l.number(SurveyRules.introLimit)]))
        }
        let groupID = UUID(exactly: value("group"))
        let hosted = try await EventsController.hostedGroups(by: context.organisationID, on: request.db)
        if groupID.map({ hosted[$0] == nil }) ?? true { errors.add("group", l("surveys.error.group")) }
        let closesOn = Day(iso: value("closesOn"))
        if closesOn.map({ !SurveyRules.closingDayAllowed($0, sentOn: today) }) ?? true {
            errors.add("closesOn", l("surveys.error.closes-on", ["days": l.number(SurveyRules.longestOpenDays)]))
        }
        let drafts = (0..<Self.formRows).map { SurveyRules.Draft(text: input["q\($0)"] ?? "", kind: input["q\($0)kind"] ?? "", options: input["q\($0)options"] ?? "") }
        var questions: [SurveyQuestion] = []
        switch SurveyRules.questions(from: drafts) {
        case .success(let found): questions = found
        case .failure(let problems):
            for (index, problem) in problems.byRow.sorted(by: { $0.key < $1.key }) {
                let number = l.number(index + 1)
                switch problem {
                case .count: errors.add("q0", l("surveys.error.no-questions", ["limit": l.number(SurveyRules.maxQuestions)]))
                case .text: errors.add("q\(index)", l("surveys.error.question", ["number": number, "limit": l.number(SurveyRules.questionLimit)]))
                case .kind: errors.add("q\(index)kind", l("surveys.error.kind", ["number": number]))
                case .options: errors.add("q\(index)options", l("surveys.error.options", ["number": number, "limit": l.number(SurveyRules.optionLimit)]))
                }
            }
        }
        guard errors.isEmpty, let groupID, let closesOn else { return request.render(try await form(request, input, errors: errors)) }
        let survey = Survey()
        survey.id = UUID()
        survey.organisationID = context.organisationID
        survey.groupID = groupID
        survey.title = title
        survey.intro = intro
        survey.questionsJSON = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
        survey.state = SurveyState.draft.rawValue
        survey.closesOn = closesOn.daysSinceEpoch
        survey.responses = 0
        survey.createdBy = context.userID
        survey.createdAt = request.application.lantern.now
        try await request.db.transaction { tx in
            try await survey.create(on: tx)
            try await request.audit(AuditEvent(action: "survey.created", recordType: "survey", recordID: survey.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.survey(survey.id?.uuidString ?? "").query("done", "created"))
    }

    /// Members of the group on `today` whose accounts are in use, less the survey's own
    /// runners (those of its organisation who may run surveys): they read the results, so
    /// their answers would be known to them among the five (as an event's organisers do not
    /// give its feedback).
    static func audience(groupID: UUID, runBy organisationID: UUID, policy: AccessPolicy, today: Day, on db: any Database) async throws -> [UUID] {
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).filter(\.$fromDay <= today.daysSinceEpoch)
            .group(.or) { $0.filter(\.$untilDay == nil).filter(\.$untilDay >= today.daysSinceEpoch) }.all()
        let ids = Array(Set(members.map(\.$user.id)))
        guard !ids.isEmpty else { return [] }
        return try await User.query(on: db).filter(\.$id ~~ ids).filter(\.$disabledAt == nil).all()
            .filter { !isRunner($0.roleSet, organisationID: $0.$organisation.id, of: organisationID, policy: policy) }.compactMap(\.id)
    }

    /// Whether a person with `roles` in `organisationID` runs the surveys of `owner`.
    static func isRunner(_ roles: Set<Role>, organisationID: UUID, of owner: UUID, policy: AccessPolicy) -> Bool {
        organisationID == owner && policy.permits(roles, .runSurveys, on: .sameOrganisation)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let survey = try await Self.runnable(request).record
        let surveyID = try survey.requireID()
        let today = request.application.lantern.today
        let state = survey.state(on: today)
        let invited = try await SurveyInvitation.query(on: request.db).filter(\.$surveyID == surveyID).count()
        let answers = state == .closed ? try await SurveyAnswerRow.query(on: request.db).filter(\.$surveyID == surveyID).all().map(\.answer) : []
        let results = SurveyRules.results(survey.questions, answers: answers, responses: survey.responses, state: state)
        let group = try await PartnershipGroup.find(survey.groupID, on: request.db)?.name ?? ""
        try await request.audit(AuditEvent(action: "survey.viewed", recordType: "survey", recordID: surveyID.uuidString))
        return request.render(SurveyPages.show(.init(
            id: surveyID.uuidString, title: survey.title, intro: survey.intro, group: group, state: state, closesOn: survey.closingDay,
            questions: survey.questions, invited: invited, responses: survey.responses, results: results,
            remindedToday: survey.remindedOn == today.daysSinceEpoch, done: request.query[String.self, at: "done"]),
            csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func send(_ request: Request) async throws -> Response {
        let survey = try await Self.runnable(request).record
        let surveyID = try survey.requireID()
        let services = request.application.lantern
        let today = services.today
        let l = Self.localiser(request)
        guard survey.state(on: today) == .draft else { throw LanternError.conflict(l("surveys.error.not-draft")) }
        guard SurveyRules.closingDayAllowed(survey.closingDay, sentOn: today) else { throw LanternError.conflict(l("surveys.error.closed-before-sent")) }
        let audience = try await Self.audience(groupID: survey.groupID, runBy: survey.organisationID, policy: services.policy, today: today, on: request.db)
        guard !audience.isEmpty else { throw LanternError.conflict(l("surveys.error.no-members")) }
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // Sent once: of forty presses at once, one moves the survey out of its draft.
            let moved = try await sql.update(Survey.schema).set("state", to: SurveyState.open.rawValue).set("sent_on", to: today.daysSinceEpoch)
                .where("id", .equal, surveyID).where("state", .equal, SurveyState.draft.rawValue).returning("id").first()
            guard moved != nil else { throw LanternError.conflict(l("surveys.error.not-draft")) }
            try await Self.invite(audience, to: survey, services: services, on: tx)
            try await request.audit(AuditEvent(action: "survey.sent", recordType: "survey", recordID: surveyID.uuidString), on: tx)
        }
        return request.redirect(to: Href.survey(surveyID.uuidString).query("done", "sent"))
    }

    static func taskKey(_ surveyID: UUID) -> String { "survey:\(surveyID.uuidString)" }

    /// Each person gets an invitation (not yet answered) and a task to answer by the closing
    /// day; `notify` emails that a task is waiting.
    static func invite(_ people: [UUID], to survey: Survey, notify: Bool = true, services: LanternServices, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let surveyID = try survey.requireID()
        for userID in people {
            try await sql.insert(into: SurveyInvitation.schema).columns("id", "survey_id", "user_id", "answered")
                .values(SQLBind(UUID()), SQLBind(surveyID), SQLBind(userID), SQLBind(false)).run()
            try await TaskService.create(ownerID: userID, title: "Answer the survey: \(survey.title)", link: .answerSurvey(surveyID.uuidString),
                                         due: survey.closingDay, sourceKey: taskKey(surveyID), notify: notify, services: services, on: db)
        }
    }

    @Sendable func remind(_ request: Request) async throws -> Response {
        let survey = try await Self.runnable(request).record
        let surveyID = try survey.requireID()
        let services = request.application.lantern
        let today = services.today
        let l = Self.localiser(request)
        guard survey.state(on: today) == .open else { throw LanternError.conflict(l("surveys.error.not-open")) }
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // One round a day: the day is set in the statement that checks it.
            let moved = try await sql.update(Survey.schema).set("reminded_on", to: today.daysSinceEpoch)
                .where("id", .equal, surveyID).where("state", .equal, SurveyState.open.rawValue)
                .where("closes_on", .greaterThanOrEqual, today.daysSinceEpoch)
                .where { $0.where("reminded_on", .is, SQLLiteral.null).orWhere("reminded_on", .lessThan, today.daysSinceEpoch) }
                .returning("id").first()
            guard moved != nil else { throw LanternError.conflict(l("surveys.error.reminded-today")) }
            let waiting = try await SurveyInvitation.query(on: tx).filter(\.$surveyID == surveyID).filter(\.$answered == false).all().map(\.userID)
            let people = waiting.isEmpty ? [] : try await User.query(on: tx).filter(\.$id ~~ waiting).filter(\.$disabledAt == nil).all()
            for person in people {
                try await Outbox.enqueue(.surveyReminder, to: person.email, link: .answerSurvey(surveyID.uuidString),
                                         organisationID: person.$organisation.id, services: services, on: tx)
            }
            try await request.audit(AuditEvent(action: "survey.reminded", recordType: "survey", recordID: surveyID.uuidString), on: tx)
        }
        return request.redirect(to: Href.survey(surveyID.uuidString).query("done", "reminded"))
    }

    @Sendable func close(_ request: Request) async throws -> Response {
        let survey = try await Self.runnable(request).record
        let surveyID = try survey.requireID()
        let l = Self.localiser(request)
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let moved = try await sql.update(Survey.schema).set("state", to: SurveyState.closed.rawValue)
                .where("id", .equal, surveyID).where("state", .equal, SurveyState.open.rawValue).returning("id").first()
            guard moved != nil else { throw LanternError.conflict(l("surveys.error.not-open")) }
            // Those who did not answer no longer have anything to do.
            try await TaskService.finishAll(sourceKey: Self.taskKey(surveyID), at: request.application.lantern.now, on: tx)
            try await request.audit(AuditEvent(action: "survey.closed", recordType: "survey", recordID: surveyID.uuidString), on: tx)
        }
        return request.redirect(to: Href.survey(surveyID.uuidString).query("done", "closed"))
    }

    @Sendable func csv(_ request: Request) async throws -> Response {
        let survey = try await Self.runnable(request).record
        let surveyID = try survey.requireID()
        let state = survey.state(on: request.application.lantern.today)
        let answers = state == .closed ? try await SurveyAnswerRow.query(on: request.db).filter(\.$surveyID == surveyID).all().map(\.answer) : []
        guard let results = SurveyRules.results(survey.questions, answers: answers, responses: survey.responses, state: state) else {
            throw LanternError.conflict(Self.localiser(request)("surveys.results.not-yet", ["minimum": "\(SurveyRules.minimumResponses)"]))
        }
        var rows: [[String]] = []
        for (index, result) in results.enumerated() {
            let labels = result.question.kind == .scale ? (1...SurveyRules.scalePoints).map(String.init) : result.question.options
            for (label, count) in zip(labels, result.counts) {
                rows.append(["\(index + 1)", result.question.text, result.question.kind.rawValue, label, count.csv, "\(result.answered)"])
            }
            if let mean = result.mean { rows.append(["\(index + 1)", result.question.text, "scale", "mean", String(format: "%.1f", mean), "\(result.answered)"]) }
            for words in result.texts { rows.append(["\(index + 1)", result.question.text, "text", words, "", "\(result.answered)"]) }
        }
        try await request.audit(AuditEvent(action: "survey.results_exported", recordType: "survey", recordID: surveyID.uuidString))
        let text = CSVText.document(header: ["question_number", "question", "kind", "answer", "count", "answered"], rows: rows)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"survey-results.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
