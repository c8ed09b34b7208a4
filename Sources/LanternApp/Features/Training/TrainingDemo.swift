import Fluent
import Foundation
import LanternCore

/// The demo's training: a first-responder course and a Train-the-Trainer course offered by the
/// council, a session next month with places to book, and a cascade four levels deep from
/// the demo trainer: the trainer trained the lead and the case worker; the lead trained the
/// analyst and the board secretariat; the analyst trained the read-only member and a charity
/// worker; the read-only member trained three people from other agencies. Fictional throughout.
enum TrainingDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let trainer = demo.person(.trainer) else { return }
        let responder = TrainingCourse(draft: CourseDraft(
            title: "Identifying and responding to modern slavery", audience: "Front-line staff of councils, the police, the NHS and charities",
            format: .faceToFace, durationMinutes: 180,
            outcomes: ["Recognise the indicators of modern slavery", "Know what a first responder does and when to make an NRM referral",
                       "Know the Duty to Notify and the civil orders (STPOs and STROs)"],
            validMonths: 24, trainTheTrainer: false, commitSessions: nil, commitMonths: nil),
            organisationID: council, createdBy: trainer, createdAt: demo.now)
        // What a training requirement such as case_worker:create_case=first-responder names.
        responder.qualification = "first-responder"
        try await responder.create(on: db)
        let ttt = TrainingCourse(draft: CourseDraft(
            title: "Modern slavery: Train-the-Trainer", audience: "Staff who will deliver the first-responder course in their own agency",
            format: .faceToFace, durationMinutes: 360,
            outcomes: ["Deliver the first-responder course", "Adapt it to your agency's procedures", "Run its evaluation"],
            validMonths: 36, trainTheTrainer: true, commitSessions: 2, commitMonths: 6),
            organisationID: council, createdBy: trainer, createdAt: demo.now)
        try await ttt.create(on: db)

        // Next month's session, open for booking.
        _ = try await session(ttt, lead: trainer, on: demo.today.adding(days: 30), capacity: 16, demo: demo, db: db)
        _ = try await session(responder, lead: trainer, on: demo.today.adding(days: 21), capacity: 24, openToPublic: true, demo: demo, db: db)

        // The cascade, oldest first.
        let people = demo.people
        var externals = 0
        @discardableResult
        func generation(lead: UUID?, daysAgo: Int, course: TrainingCourse, trainees: [Role], externalCount: Int,
                        inCascade: Bool = true) async throws -> TrainingSession? {
            guard let lead else { return nil }
            let held = try await session(course, lead: lead, on: demo.today.adding(days: -daysAgo), capacity: 20, demo: demo, db: db)
            for role in trainees {
                guard let person = people[role], let user = try await User.find(person, on: db) else { continue }
                let kind = try await Organisation.find(user.$organisation.id, on: db).map { AgencyKind(organisation: OrganisationKind(rawValue: $0.kind) ?? .government) } ?? .other
                try await attended(held, course: course, lead: lead, userID: person, organisationID: user.$organisation.id, external: nil,
                                   agency: kind, inCascade: inCascade, demo: demo, db: db)
            }
            for _ in 0..<externalCount {
                externals += 1
                let names = ["Sam Okafor", "Priya Nair", "Tomasz Nowak", "Grace Mensah", "Leila Haddad"]
                try await attended(held, course: course, lead: lead, userID: nil, organisationID: nil,
                                   external: (names[(externals - 1) % names.count], "Hope Partnership (demo)"), agency: .charity,
                                   inCascade: inCascade, demo: demo, db: db)
            }
            return held
        }
        let first = try await generation(lead: trainer, daysAgo: 200, course: ttt, trainees: [.modernSlaveryLead, .caseWorker], externalCount: 5)
        try await generation(lead: people[.modernSlaveryLead], daysAgo: 120, course: ttt, trainees: [.analyst, .boardSecretariat], externalCount: 0)
        try await generation(lead: people[.analyst], daysAgo: 60, course: ttt, trainees: [.readOnly], externalCount: 1)
        try await generation(lead: people[.readOnly], daysAgo: 14, course: responder, trainees: [], externalCount: 3)
        // A refresher of the first-responder course a week ago that the case worker came to (they
        // already have their place in the cascade): its evaluation is open for them.
        try await generation(lead: trainer, daysAgo: 7, course: responder, trainees: [.caseWorker], externalCount: 0, inCascade: false)
        // The first Train-the-Trainer session's evaluation, long closed: six anonymous answers.
        if let first, let sessionID = first.id, let courseID = ttt.id {
            let answers: [(Int, Int, OutcomesMet, String?)] = [
                (2, 4, .yes, "The case studies made the indicators real."), (1, 4, .yes, nil), (3, 5, .yes, "More on the Duty to Notify, please."),
                (2, 3, .partly, nil), (2, 4, .yes, nil), (3, 4, .partly, "Too little time for the NRM form itself.")]
            for (before, after, outcomes, comment) in answers {
                let answer = TrainingEvaluation()
                answer.id = UUID()
                answer.sessionID = sessionID
                answer.courseID = courseID
                answer.trainerUserID = trainer
                answer.confidenceBefore = before
                answer.confidenceAfter = after
                answer.outcomesMet = outcomes.rawValue
                answer.comment = comment
                try await answer.create(on: db)
            }
        }
    }

    static func session(_ course: TrainingCourse, lead: UUID, on day: Day, capacity: Int, openToPublic: Bool = false, demo: DemoContext,
                        db: any Database) async throws -> TrainingSession {
        let session = TrainingSession()
        session.id = UUID()
        session.courseID = try course.requireID()
        session.heldOn = day.daysSinceEpoch
        session.startsAt = "09:30"
        session.format = course.format
        session.place = "Lambeth Town Hall, Brixton Hill, London SW2 1RW"
        session.capacity = capacity
        session.bookedCount = 0
        session.waitingSeq = 0
        session.targetBoroughs = "E09000022"
        session.targetAgencies = ""
        session.state = TrainingSessionState.planned.rawValue
        session.openToPublic = openToPublic
        session.organisationID = course.organisationID
        session.createdBy = lead
        session.createdAt = demo.now
        try await session.create(on: db)
        try await TrainingSessionTrainer(sessionID: try session.requireID(), userID: lead, lead: true).create(on: db)
        return session
    }

    static func attended(_ session: TrainingSession, course: TrainingCourse, lead: UUID, userID: UUID?, organisationID: UUID?,
                         external: (name: String, organisation: String)?, agency: AgencyKind, inCascade: Bool = true, demo: DemoContext,
                         db: any Database) async throws {
        let place = TrainingRegistration()
        place.id = UUID()
        place.sessionID = try session.requireID()
        place.userID = userID
        place.externalName = external?.name
        place.externalOrganisation = external?.organisation
        place.organisationID = organisationID
        place.boroughCode = "E09000022"
        place.agencyKind = agency.rawValue
        place.state = RegistrationState.attended.rawValue
        place.registeredBy = lead
        place.createdAt = demo.now
        place.updatedAt = demo.now
        try await place.create(on: db)
        session.bookedCount += 1
        try await session.save(on: db)
        let completion = TrainingCompletion()
        completion.id = UUID()
        completion.registrationID = try place.requireID()
        completion.sessionID = try session.requireID()
        completion.courseID = try course.requireID()
        completion.userID = userID
        completion.trainerUserID = lead
        completion.inCascade = inCascade
        completion.completedOn = session.heldOn
        completion.validUntil = TrainingCourseRules.validUntil(completedOn: session.day, months: course.validMonths)?.daysSinceEpoch
        completion.boroughCode = "E09000022"
        completion.agencyKind = agency.rawValue
        completion.recordedBy = lead
        completion.recordedAt = demo.now
        try await completion.create(on: db)
        if inCascade, course.trainTheTrainer, let userID, let sessions = course.commitSessions, let months = course.commitMonths {
            let commitment = TrainingCommitment()
            commitment.id = UUID()
            commitment.userID = userID
            commitment.courseID = try course.requireID()
            commitment.completionID = try completion.requireID()
            commitment.sessionsDue = sessions
            commitment.madeOn = session.heldOn
            commitment.dueOn = TrainingCourseRules.commitmentDue(madeOn: session.day, months: months).daysSinceEpoch
            try await commitment.create(on: db)
        }
    }
}
