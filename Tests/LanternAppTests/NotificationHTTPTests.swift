import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A mail transport that keeps what it is given, or refuses everything with a status.
final class RecordingTransport: MailTransport {
    private let sent = NIOLockedValueBox<[String]>([])
    private let refusal = NIOLockedValueBox<Int32?>(nil)
    var messages: [String] { sent.withLockedValue { $0 } }
    func refuse(with status: Int32?) { refusal.withLockedValue { $0 = status } }

    func send(_ rendered: String) async throws {
        if let status = refusal.withLockedValue({ $0 }) { throw MailFailure.exited(status: status) }
        // Let other claimers run between claim and record, as a real command would.
        await Task.yield()
        sent.withLockedValue { $0.append(rendered) }
    }

    /// The Message-ID of each message sent.
    var messageIDs: [String] { messages.compactMap { $0.firstMatch(of: /Message-ID: <([^@]+)@/).map { String($0.1) } } }
}

/// Notifications end to end inside the app: the outbox written with the change, one send per
/// message whatever the number of claimers, retries with backoff, the failed list for
/// administrators only, and "Your tasks".
@Suite struct NotificationHTTPTests {
    struct Rollback: Error {}

    static func withMail(_ database: TestDatabase, _ body: (TestLantern, RecordingTransport) async throws -> Void) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"] }) { lantern in
            let transport = RecordingTransport()
            lantern.app.mailTransport = transport
            try await body(lantern, transport)
        }
    }

    static func delivery(_ lantern: TestLantern, _ transport: RecordingTransport) -> OutboxDelivery {
        // As the scheduled job sets it up: a message given up becomes the administrators' task.
        let services = lantern.app.lantern
        var delivery = OutboxDelivery(database: lantern.app.db, transport: transport, services: services)
        delivery.whenGivenUp = { id, organisationID, db in
            try await TaskService.reviewFailedMessage(id, organisationID: organisationID, services: services, on: db)
        }
        return delivery
    }

    @Test(arguments: TestDatabase.available)
    func anInvitationIsEmailedOnlyIfItsTransactionCommits(database: TestDatabase) async throws {
        try await Self.withMail(database) { lantern, transport in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users/invite")
            // MUT: a change rolled back leaves no message
            await #expect(throws: Rollback.self) {
                try await lantern.app.db.transaction { tx in
                    _ = try await InvitationService.invite(email: "rolled.back@example.org", name: "Rolled Back", roles: [.caseWorker],
                                                           organisationID: camden.requireID(), invitedBy: admin.id,
                                                           services: lantern.app.lantern, on: tx)
                    throw Rollback()
                }
            }
            #expect(try await OutboxMessage.query(on: lantern.app.db).count() == 0)
            #expect(try await Invitation.query(on: lantern.app.db).count() == 0)
            // MUT: a committed invitation is queued with it, and the link is not shown
            let created = try await browser.post("/organisation/users/invite", [
                ("name", "Casey Worker"), ("email", "casey@example.org"), ("roles[]", "case_worker")])
            #expect(created.status == .ok)
            #expect(created.body.string.contains("Invitation sent"))
            #expect(!created.body.string.contains("/invitations/"))
            let queued = try await OutboxMessage.query(on: lantern.app.db).all()
            #expect(queued.map(\.kind) == ["invitation"] && queued.map(\.recipient) == ["casey@example.org"])
            #expect(queued.first?.organisationID == camden.id)
            // The link is a credential: sealed while queued, gone once sent.
            #expect(queued.first?.sealedBody?.contains("invitations") == false)
            let summary = try await Self.delivery(lantern, transport).run(node: "a")
            #expect(summary == .init(sent: 1))
            let mail = try #require(transport.messages.first)
            #expect(mail.hasPrefix("To: casey@example.org\n"))
            let link = try #require(mail.firstMatch(of: /http:\/\/127\.0\.0\.1:8080(\/invitations\/[A-Za-z0-9_-]+)/)?.1)
            #expect(!mail.contains("Casey") && !mail.contains("Camden"))
            let sent = try #require(try await OutboxMessage.query(on: lantern.app.db).first())
            #expect(sent.status == "sent" && sent.sealedBody == nil && sent.sentAt != nil)
            // The emailed link works.
            #expect(try await lantern.browser().get(String(link)).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func withoutMailTheLinkIsShownAsBeforeAndNothingIsQueued(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users/invite")
            let created = try await browser.post("/organisation/users/invite", [
                ("name", "Casey Worker"), ("email", "casey@example.org"), ("roles[]", "case_worker")])
            #expect(created.body.string.contains("id=\"invitation-link\""))
            try await browser.get("/organisation/users/\(worker.id)")
            #expect(try await browser.post("/organisation/users/\(worker.id)/reset-second-factor").status == .seeOther)
            #expect(try await OutboxMessage.query(on: lantern.app.db).count() == 0)
            #expect(try await ScheduledJobs.perform(ScheduledJobs.notifications, now: lantern.clock.now, app: lantern.app)
                    == "mail not configured")
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAuthenticatorResetIsEmailedWithASignInLink(database: TestDatabase) async throws {
        try await Self.withMail(database) { lantern, transport in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users/\(worker.id)")
            #expect(try await browser.post("/organisation/users/\(worker.id)/reset-second-factor").status == .seeOther)
            #expect(try await Self.delivery(lantern, transport).run(node: "a") == .init(sent: 1))
            let mail = try #require(transport.messages.first)
            #expect(mail.contains("To: \(worker.email)\n") && mail.contains("Subject: Your Lantern authenticator was reset"))
            #expect(mail.contains("http://127.0.0.1:8080/sign-in\n"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyParallelClaimersSendEachMessageOnce(database: TestDatabase) async throws {
        try await Self.withMail(database) { lantern, transport in
            // setup
            let services = lantern.app.lantern
            for index in 0..<30 {
                try await Outbox.enqueue(.taskAssigned, to: "person\(index)@example.org", link: .tasks, organisationID: nil,
                                         services: services, on: lantern.app.db)
            }
            // MUT
            try await withThrowingTaskGroup(of: OutboxDelivery.Summary.self) { group in
                for claimer in 0..<40 {
                    group.addTask { try await Self.delivery(lantern, transport).run(node: "node-\(claimer)") }
                }
                var total = 0
                for try await summary in group { total += summary.sent }
                #expect(total == 30)
            }
            // validate
            let ids = transport.messageIDs
            #expect(ids.count == 30)
            #expect(Set(ids).count == 30)
            let statuses = try await OutboxMessage.query(on: lantern.app.db).all()
            #expect(statuses.allSatisfy { $0.status == "sent" && $0.attempts == 1 && $0.claimedBy == nil })
            #expect(try await Self.delivery(lantern, transport).run(node: "late") == .init())
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefusedMessageBacksOffThenWaitsForAnAdministrator(database: TestDatabase) async throws {
        try await Self.withMail(database) { lantern, transport in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let croydon = try await lantern.makeOrganisation("Croydon Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let otherAdmin = try await lantern.makePerson(in: croydon, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            try await Outbox.enqueue(.taskAssigned, to: "sam.jones@camden.example.org", link: .tasks, organisationID: camden.id,
                                     services: lantern.app.lantern, on: lantern.app.db)
            transport.refuse(with: 75)
            let delivery = Self.delivery(lantern, transport)
            // MUT: each failure waits twice as long as the one before
            var waits: [TimeInterval] = []
            for _ in 1...7 {
                #expect(try await delivery.run(node: "a") == .init(retrying: 1))
                #expect(try await delivery.run(node: "a") == .init(), "not due again yet")
                let message = try #require(try await OutboxMessage.query(on: lantern.app.db).first())
                let wait = message.nextAttemptAt.timeIntervalSince(lantern.clock.now)
                waits.append(wait)
                lantern.clock.advance(wait)
            }
            #expect(waits == [60, 120, 240, 480, 960, 1_920, 3_840])
            #expect(try await delivery.run(node: "a") == .init(failed: 1))
            lantern.clock.advance(86_400)
            #expect(try await delivery.run(node: "a") == .init(), "a failed message waits for an administrator")
            let failed = try #require(try await OutboxMessage.query(on: lantern.app.db).first())
            #expect(failed.status == "failed" && failed.attempts == 8)
            #expect(failed.lastError == "the mail command exited with status 75 (temporary failure, try again later)")
            #expect(transport.messages.isEmpty)
            // The administrator (not the case worker) has a task to look at it, not emailed.
            let tasks = try await PersonTask.query(on: lantern.app.db).all()
            #expect(tasks.map(\.ownerID) == [admin.id] && tasks.first?.link == "/notifications/failed")
            #expect(try await OutboxMessage.query(on: lantern.app.db).count() == 1)

            // validate: administrators only, their own organisation's
            let adminBrowser = try await lantern.signedIn(admin)
            let page = try await adminBrowser.get("/notifications/failed")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("sam.jones@camden.example.org") && page.body.string.contains("status 75"))
            let workerBrowser = try await lantern.signedIn(worker)
            #expect(try await workerBrowser.get("/notifications/failed").status == .forbidden)
            try await workerBrowser.get("/")
            #expect(try await workerBrowser.post("/notifications/failed/retry", [("message", failed.id!.uuidString)]).status == .forbidden)
            let otherBrowser = try await lantern.signedIn(otherAdmin)
            let otherPage = try await otherBrowser.get("/notifications/failed")
            #expect(otherPage.status == .ok && !otherPage.body.string.contains("sam.jones"))
            #expect(try await otherBrowser.post("/notifications/failed/retry", [("message", failed.id!.uuidString)]).status == .notFound)
            #expect(try await adminBrowser.post("/notifications/failed/retry", [("message", "not-an-id")]).status == .unprocessableEntity)

            // MUT: retry now, once the mail server is back
            transport.refuse(with: nil)
            let retried = try await adminBrowser.post("/notifications/failed/retry", [("message", failed.id!.uuidString)])
            #expect(retried.location == "/notifications/failed?retried=sent")
            #expect(transport.messages.count == 1)
            let sent = try #require(try await OutboxMessage.find(failed.id, on: lantern.app.db))
            #expect(sent.status == "sent")
            #expect(try await adminBrowser.post("/notifications/failed/retry", [("message", failed.id!.uuidString)]).location
                    == "/notifications/failed?retried=queued")
            #expect(transport.messages.count == 1, "a sent message is not sent again")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aCaseWorkerGetsOneTaskBeforeAStageDeadlineAndOnlyTheyCanCompleteIt(database: TestDatabase) async throws {
        try await Self.withMail(database) { lantern, transport in
            // setup: a referral decided today must be submitted within 5 days
            let world = try await PathwayHTTPTests.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: world.worker))
            let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today))
            let reference = try #require(created.json["reference"] as? String)
            #expect(try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_decision", "date": lantern.today.iso]).status == .ok)
            // MUT: the daily job, twice (two nodes, or two days in the notice window)
            #expect(try await DeadlineTasks.run(services: lantern.app.lantern, today: lantern.today, on: lantern.app.db) == 1)
            #expect(try await DeadlineTasks.run(services: lantern.app.lantern, today: lantern.today, on: lantern.app.db) == 0)
            // validate
            let task = try #require(try await PersonTask.query(on: lantern.app.db).first())
            #expect(task.ownerID == world.worker.id)
            #expect(task.title == "Referral to be submitted for case \(reference)")
            #expect(task.dueOn == lantern.today.adding(days: 5).daysSinceEpoch)
            #expect(try await Self.delivery(lantern, transport).run(node: "a") == .init(sent: 1))
            let mail = try #require(transport.messages.first)
            #expect(mail.contains("To: \(world.worker.email)") && mail.contains("http://127.0.0.1:8080/tasks\n"))
            #expect(!mail.contains(reference), "the email names no case")

            let owner = try await lantern.signedIn(world.worker)
            let list = try await owner.get("/tasks")
            #expect(list.status == .ok && list.body.string.contains(reference) && list.body.string.contains("/cases/\(reference)"))
            let colleague = try await lantern.makePerson(in: world.council, roles: [.caseWorker])
            let other = try await lantern.signedIn(colleague)
            #expect(try await other.get("/tasks").body.string.contains("You have no open tasks."))
            #expect(try await other.post("/tasks/done", [("task", task.id!.uuidString)]).status == .notFound)
            #expect(try await owner.post("/tasks/done", [("task", task.id!.uuidString)], csrf: false).status == .forbidden)
            #expect(try await owner.post("/tasks/done", [("task", task.id!.uuidString)]).location == "/tasks?done=1")
            #expect(try await owner.post("/tasks/done", [("task", task.id!.uuidString)]).status == .notFound)
            #expect(try await owner.get("/tasks").body.string.contains("You have no open tasks."))
        }
    }

    @Test func theMailCommandIsReadFromTheEnvironmentAndABadOneStopsStartUp() throws {
        let set = try LanternSettings.fromEnvironment(["LANTERN_MAIL_COMMAND": "msmtp --host=127.0.0.1 --port=2525 -t"])
        #expect(set.mailCommand == ["msmtp", "--host=127.0.0.1", "--port=2525", "-t"])
        #expect(try LanternSettings.fromEnvironment([:]).mailCommand == nil)
        #expect(try LanternSettings.fromEnvironment(["LANTERN_MAIL_COMMAND": "  "]).mailCommand == nil)
        do {
            _ = try LanternSettings.fromEnvironment(["LANTERN_MAIL_COMMAND": "msmtp -t | tee /tmp/mail"])
            Issue.record("a shell pipeline was accepted")
        } catch let invalid as LanternSettings.Invalid {
            #expect(invalid.description.contains("LANTERN_MAIL_COMMAND cannot be used: it runs without a shell"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func overdueTasksAreListedFirst(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let services = lantern.app.lantern
            let today = lantern.today
            for (title, due) in [("Later", today.adding(days: 3)), ("No date", nil), ("Overdue", today.adding(days: -2))] as [(String, Day?)] {
                try await TaskService.create(ownerID: worker.id, title: title, link: .tasks, due: due, sourceKey: nil,
                                             services: services, on: lantern.app.db)
            }
            let page = try await lantern.signedIn(worker).get("/tasks").body.string
            let positions = ["Overdue", "Later", "No date"].compactMap { page.range(of: ">\($0)<")?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted())
            #expect(page.contains("1 overdue"))
        }
    }
}
