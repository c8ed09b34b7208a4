import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Member surveys over HTTP, on SQLite and PostgreSQL: the network's secretariat writes a
/// survey (bad rows answered in words, nothing stored) and sends it to the network's members
/// but not to itself (forty presses, one sending; each member gets a task); a member answers
/// once (of forty presses, one), anonymously (no person, no time with the answers, the task
/// gone rather than done at a time; the audit names nobody); reminders go once a day to those
/// who have not answered; results wait for the survey to close and for five responses,
/// withhold a question's counts when any is small, and go out as CSV; the daily job closes a
/// survey past its day and finishes its tasks.
@Suite struct SurveysHTTPTests {
    struct World {
        let lantern: TestLantern
        let runner: TestPerson
        let members: [TestPerson]
        let outsider: TestPerson
        let otherRunner: TestPerson
        let groupID: UUID
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let db = lantern.app.db
        let council = try await lantern.makeOrganisation("Camden Council")
        let charity = try await lantern.makeOrganisation("Hope Charity")
        let croydon = try await lantern.makeOrganisation("Croydon Council")
        let runner = try await lantern.makePerson(in: council, roles: [.boardSecretariat])
        let group = PartnershipGroup(kind: .network, name: "Leads network", slug: "leads-network", purpose: "The leads' network.",
                                     parentID: nil, hostOrganisationID: council.id!, isPublic: false, createdAt: Date())
        try await group.create(on: db)
        var members: [TestPerson] = []
        for index in 0..<7 {
            let person = try await lantern.makePerson(in: index % 2 == 0 ? council : charity, roles: [.caseWorker])
            try await GroupMember(groupID: group.id!, userID: person.id, organisationID: person.organisationID, role: .member,
                                  from: lantern.today.adding(days: -30), until: nil, createdAt: Date(), createdBy: runner.id).create(on: db)
            members.append(person)
        }
        // The secretariat is a member too, but runs the survey: it is not sent it.
        try await GroupMember(groupID: group.id!, userID: runner.id, organisationID: runner.organisationID, role: .secretariat,
                              from: lantern.today.adding(days: -30), until: nil, createdAt: Date(), createdBy: runner.id).create(on: db)
        // A former member is not sent it.
        let former = try await lantern.makePerson(in: charity, roles: [.caseWorker])
        try await GroupMember(groupID: group.id!, userID: former.id, organisationID: former.organisationID, role: .member,
                              from: lantern.today.adding(days: -60), until: lantern.today.adding(days: -1), createdAt: Date(), createdBy: runner.id).create(on: db)
        return World(lantern: lantern, runner: runner, members: members, outsider: former,
                     otherRunner: try await lantern.makePerson(in: croydon, roles: [.modernSlaveryLead]), groupID: group.id!)
    }

    static func fields(_ w: World) -> [(String, String)] {
        [("title", "Network member survey 2027"), ("intro", "Tell us how the network works for you."), ("group", w.groupID.uuidString),
         ("closesOn", w.lantern.today.adding(days: 10).iso),
         ("q0", "The network's meetings are useful"), ("q0kind", "scale"), ("q0options", ""),
         ("q1", "Which kind of organisation are you from?"), ("q1kind", "choice"), ("q1options", "Council\nCharity\nPolice"),
         ("q2", "What should the network do next?"), ("q2kind", "text"), ("q2options", "")]
    }

    static func parallel(_ count: Int, _ post: @escaping @Sendable () async throws -> HTTPStatus) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<count { group.addTask { try await post() } }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSurveyIsSentAnsweredOnceAnonymouslyAndReadOnlyWhenSafe(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"] }) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let runner = try await lantern.signedIn(w.runner)
            _ = try await runner.get("/surveys/new")

            // bad input: said in words, kept as typed, nothing stored
            #expect(try await runner.post("/surveys/new", []).status == .unprocessableEntity)
            let good = Self.fields(w)
            for (changes, message) in [
                ([("title", "")], "Enter a title"),
                ([("group", UUID().uuidString)], "Choose a group your organisation hosts"),
                ([("closesOn", lantern.today.adding(days: -1).iso)], "Enter a closing day"),
                ([("q1options", "Only one")], "Question 2: give from 2 to 10 different options"),
                ([("q0kind", "grid")], "Question 1: choose how it is answered"),
                ([("q0", ""), ("q1", ""), ("q1options", ""), ("q2", "")], "Write from 1 to"),
            ] {
                let names = Set(changes.map(\.0))
                let answer = try await runner.post("/surveys/new", good.filter { !names.contains($0.0) } + changes)
                #expect(answer.status == .unprocessableEntity && answer.body.string.contains(message), "\(changes)")
                #expect(answer.body.string.contains("Network member survey 2027") || names.contains("title"))
            }
            #expect(try await Survey.query(on: db).count() == 0)

            // a lead of another organisation cannot use a group it does not host
            let other = try await lantern.signedIn(w.otherRunner)
            _ = try await other.get("/surveys/new")
            #expect(try await other.post("/surveys/new", good).status == .unprocessableEntity)

            let created = try await runner.post("/surveys/new", good)
            #expect(created.status == .seeOther)
            let survey = try #require(try await Survey.query(on: db).first())
            let id = survey.id!.uuidString
            #expect(survey.questions.map(\.kind) == [.scale, .choice, .text])
            #expect(try await other.get("/surveys/\(id)").status == .notFound)
            // one record, one spelling: an id with a NUL and more after it names nothing
            #expect(try await runner.get("/surveys/\(id)%00x").status == .notFound)
            #expect(try await runner.get("/surveys/\(id.lowercased())").status == .ok)
            let member = try await lantern.signedIn(w.members[0])
            #expect(try await member.get("/surveys/\(id)/answer").status == .notFound, "a draft is not answered")

            // sent once: forty presses, one sending; each member (not the former one) gets a task
            let page = try await runner.get("/surveys/\(id)")
            #expect(page.status == .ok && page.body.string.contains("Send the survey"))
            let sends = try await Self.parallel(40) { try await runner.post("/surveys/\(id)/send").status }
            #expect(sends.filter { $0 == .seeOther }.count == 1 && sends.filter { $0 == .conflict }.count == 39)
            #expect(try await SurveyInvitation.query(on: db).count() == 7)
            #expect(try await SurveyInvitation.query(on: db).filter(\.$userID ~~ [w.outsider.id, w.runner.id]).count() == 0)
            #expect(try await PersonTask.query(on: db).filter(\.$sourceKey == "survey:\(id)").count() == 7)
            #expect(try await runner.get("/surveys/\(id)/answer").status == .notFound, "its runner does not answer it")
            let former = try await lantern.signedIn(w.outsider)
            #expect(try await former.get("/surveys/\(id)/answer").status == .notFound)
            #expect(try await former.post("/surveys/\(id)/answer", [("a0", "5"), ("a1", "0")]).status == .notFound)

            // a member answers: bad answers in words, nothing stored; then forty presses, one answer
            #expect(try await member.get("/surveys").body.string.contains("/surveys/\(id)/answer"))
            _ = try await member.get("/surveys/\(id)/answer")
            // a field sent as a list is refused whole, nothing stored
            #expect(try await member.post("/surveys/\(id)/answer", [("a0[]", "5"), ("a1", "0")]).status == .badRequest)
            let bad = try await member.post("/surveys/\(id)/answer", [("a0", "9"), ("a2", "Canary 7731")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Question 1: choose an answer")
                    && bad.body.string.contains("Question 2: choose an answer") && bad.body.string.contains("Canary 7731"))
            #expect(try await SurveyAnswerRow.query(on: db).count() == 0)
            let presses = try await Self.parallel(40) {
                try await member.post("/surveys/\(id)/answer", [("a0", "5"), ("a1", "0"), ("a2", "Canary 7731 more training")]).status
            }
            #expect(presses.filter { $0 == .seeOther }.count == 1 && presses.filter { $0 == .conflict }.count == 39)
            #expect(try await Survey.find(survey.id, on: db)?.responses == 1)
            #expect(try await SurveyAnswerRow.query(on: db).count() == 3)
            #expect(try await member.get("/surveys/\(id)/answer").body.string.contains("You have answered this survey"))
            #expect(try await PersonTask.query(on: db).filter(\.$sourceKey == "survey:\(id)").filter(\.$ownerID == w.members[0].id).count() == 0)

            // three more answer; no result while open
            for (index, person) in w.members[1...3].enumerated() {
                let b = try await lantern.signedIn(person)
                _ = try await b.get("/surveys/\(id)/answer")
                #expect(try await b.post("/surveys/\(id)/answer", [("a0", index == 0 ? "5" : "4"), ("a1", index == 2 ? "2" : "0"), ("a2", "")])
                    .status == .seeOther)
            }
            let open = try await runner.get("/surveys/\(id)")
            #expect(open.body.string.contains("Results are shown once the survey has closed") && !open.body.string.contains("Canary"))
            #expect(try await runner.get("/surveys/\(id)/results.csv").status == .conflict)

            // reminders: forty presses, one round, to the three who have not answered (the email's
            // words are fixed, `NotificationKind.surveyReminder`: none of the survey's)
            let reminders = try await Self.parallel(40) { try await runner.post("/surveys/\(id)/remind").status }
            #expect(reminders.filter { $0 == .seeOther }.count == 1 && reminders.filter { $0 == .conflict }.count == 39)
            let mail = try await OutboxMessage.query(on: db).filter(\.$kind == "survey_reminder").all()
            #expect(mail.map(\.recipient).sorted() == w.members[4...6].map(\.email).sorted())

            // the fifth and sixth answer; closing: forty presses, one; the seventh is then refused
            for (person, answers) in [(w.members[4], [("a0", "4"), ("a1", "1")]), (w.members[5], [("a0", "5"), ("a1", "1")])] {
                let b = try await lantern.signedIn(person)
                _ = try await b.get("/surveys/\(id)/answer")
                #expect(try await b.post("/surveys/\(id)/answer", answers).status == .seeOther)
            }
            let closes = try await Self.parallel(40) { try await runner.post("/surveys/\(id)/close").status }
            #expect(closes.filter { $0 == .seeOther }.count == 1 && closes.filter { $0 == .conflict }.count == 39)
            let seventh = try await lantern.signedIn(w.members[6])
            _ = try await seventh.get("/surveys/\(id)/answer")
            let late = try await seventh.post("/surveys/\(id)/answer", [("a0", "1"), ("a1", "1")])
            #expect(late.status == .conflict && late.body.string.contains("This survey is closed"))
            #expect(try await Survey.find(survey.id, on: db)?.responses == 6)
            #expect(try await PersonTask.query(on: db).filter(\.$sourceKey == "survey:\(id)").filter(\.$doneAt == nil).count() == 0)

            // results: the scale 5,5,4,4,4,5 is shown (three and three, average 4.5); the choice
            // Council ×3, Charity ×2, Police ×1 has small counts, so all of its counts are withheld
            let results = try await runner.get("/surveys/\(id)")
            let body = results.body.string
            #expect(body.contains("Average: 4.5 out of 5") && body.contains("Its counts are withheld [c]") && body.contains("Canary 7731 more training"))
            let csv = try await runner.get("/surveys/\(id)/results.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            let lines = csv.body.string.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "question_number,question,kind,answer,count,answered")
            let scale = "1,The network's meetings are useful,scale"
            #expect(lines.contains("\(scale),1,0,6") && lines.contains("\(scale),4,3,6") && lines.contains("\(scale),5,3,6") && lines.contains("\(scale),mean,4.5,6"))
            let choice = "2,Which kind of organisation are you from?,choice"
            #expect(lines.contains("\(choice),Council,[c],6") && lines.contains("\(choice),Charity,[c],6") && lines.contains("\(choice),Police,[c],6"))
            #expect(lines.contains("3,What should the network do next?,text,Canary 7731 more training,,1"))

            // nothing ties an answer to a person: no person or time with the answers, and the
            // audit of each answer names nobody
            let answered = try await AuditEntry.query(on: db).filter(\.$action == "survey.answered").all()
            #expect(answered.count == 6 && answered.allSatisfy { $0.actorUserID == nil && $0.organisationID == nil && $0.sourceAddress == nil })
            #expect(try await SurveyAnswerRow.query(on: db).count() == 13)

            // closing by its day: the daily job closes a survey past it and finishes its tasks
            _ = try await runner.get("/surveys/new")
            let second = try await runner.post("/surveys/new", good.map { $0.0 == "closesOn" ? ($0.0, lantern.today.adding(days: 1).iso) : $0 })
            let secondID = String(try #require(second.location).split(separator: "/")[1].split(separator: "?")[0])
            _ = try await runner.get("/surveys/\(secondID)")
            #expect(try await runner.post("/surveys/\(secondID)/send").status == .seeOther)
            lantern.clock.advance(2 * 86_400)
            let report = try await SurveyClosingJob.run(services: lantern.app.lantern, today: lantern.app.lantern.today, on: db)
            #expect(report == "surveys_closed=1")
            #expect(try await Survey.find(UUID(uuidString: secondID), on: db)?.state == SurveyState.closed.rawValue)
            #expect(try await PersonTask.query(on: db).filter(\.$sourceKey == "survey:\(secondID)").filter(\.$doneAt == nil).count() == 0)
            #expect(try await SurveyClosingJob.run(services: lantern.app.lantern, today: lantern.app.lantern.today, on: db) == "surveys_closed=0")
        }
    }
}
