import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Meetings end to end: the secretariat runs one (meeting, agenda, papers, attendance), members
/// read it and download papers with safe headers, people outside the group get 404, papers
/// are refused unless their content is what their name says and within the size limit.
@Suite struct MeetingsHTTPTests {
    /// A board with a secretariat, a chair, three members, and terms of reference with quorum 3.
    struct Board {
        let group: PartnershipGroup
        let secretariat: TestPerson
        let chair: TestPerson
        let members: [TestPerson]
        let outsider: TestPerson
        var id: String { group.id!.uuidString }
    }

    static func board(_ lantern: TestLantern, quorum: Int = 3) async throws -> Board {
        let host = try await lantern.makeOrganisation("Partnership Board", kind: .partnershipBoard)
        let camden = try await lantern.makeOrganisation("Camden Council")
        let hackney = try await lantern.makeOrganisation("Hackney Council")
        let secretariat = try await lantern.makePerson(in: host, roles: [.caseWorker])
        let chair = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        var members: [TestPerson] = []
        for _ in 0..<3 { members.append(try await lantern.makePerson(in: camden, roles: [.caseWorker])) }
        let outsider = try await lantern.makePerson(in: hackney, roles: [.modernSlaveryLead])
        let group = PartnershipGroup(kind: .board, name: "Test Partnership Board", slug: "test-board", purpose: "Testing", parentID: nil,
                                     hostOrganisationID: host.id!, isPublic: true, createdAt: lantern.clock.now)
        try await group.create(on: lantern.app.db)
        let from = lantern.today.adding(days: -400)
        func join(_ person: TestPerson, _ role: GroupRole) async throws {
            try await GroupMember(groupID: group.id!, userID: person.id, organisationID: person.organisationID, role: role, from: from,
                                  until: nil, createdAt: lantern.clock.now, createdBy: secretariat.id).create(on: lantern.app.db)
        }
        try await join(secretariat, .secretariat)
        try await join(chair, .chair)
        for member in members { try await join(member, .member) }
        try await TermsVersion(groupID: group.id!, version: 1, body: "Terms", quorum: quorum, approvedOn: lantern.today.adding(days: -300),
                               approvedMeetingID: nil, nextReviewOn: lantern.today.adding(days: 60), createdAt: lantern.clock.now,
                               createdBy: secretariat.id).create(on: lantern.app.db)
        return Board(group: group, secretariat: secretariat, chair: chair, members: members, outsider: outsider)
    }

    /// Posts a file as the upload form does (multipart, with the page's CSRF token).
    static func upload(_ browser: TestBrowser, _ path: String, fileName: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        let boundary = "lantern-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrfToken ?? "")\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await browser.send(.POST, path, headers: headers, body: body)
    }

    /// Creates a meeting through the form; its path.
    static func createMeeting(_ browser: TestBrowser, board: Board, _ lantern: TestLantern, isPublic: Bool = true) async throws -> String {
        try await browser.get("/groups/\(board.id)/meetings/new")
        var fields = [("title", "Quarterly board"), ("date", lantern.today.adding(days: -7).iso), ("startTime", "10:00"),
                      ("endTime", "12:00"), ("place", "City Hall"), ("link", ""), ("status", "held")]
        if isPublic { fields.append(("isPublic[]", "yes")) }
        let created = try await browser.post("/groups/\(board.id)/meetings/new", fields)
        #expect(created.status == .seeOther)
        return String(try #require(created.location?.split(separator: "?").first))
    }

    @Test(arguments: TestDatabase.available)
    func theSecretariatRunsAMeetingAndMembersReadIt(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)

            // MUT: a meeting, refused first with messages that keep what was typed
            try await secretariat.get("/groups/\(board.id)/meetings/new")
            let refused = try await secretariat.post("/groups/\(board.id)/meetings/new", [
                ("title", "Quarterly board"), ("date", "2026-02-30"), ("startTime", "10:00"), ("endTime", "09:00"),
                ("place", ""), ("link", "http://meet.example.org/board"), ("status", "scheduled")])
            #expect(refused.status == .unprocessableEntity)
            let refusedText = refused.body.string
            #expect(refusedText.contains("The link must start with https://"))
            #expect(refusedText.contains("Enter the date as a real date"))
            #expect(refusedText.contains("value=\"Quarterly board\""))
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            let meetingID = try #require(UUID(uuidString: String(meetingPath.split(separator: "/").last ?? "")))

            // agenda: two items, the second confidential; an empty title refused; reordered
            try await secretariat.get(meetingPath)
            #expect(try await secretariat.post("\(meetingPath)/agenda", [("title", " "), ("presenter", "")]).status == .unprocessableEntity)
            #expect(try await secretariat.post("\(meetingPath)/agenda", [("title", "Minutes of the last meeting"), ("presenter", "Chair")]).status == .seeOther)
            #expect(try await secretariat.post("\(meetingPath)/agenda", [("title", "Case review"), ("isConfidential[]", "yes")]).status == .seeOther)
            let items = try await AgendaItem.query(on: lantern.app.db).filter(\.$meeting.$id == meetingID).sort(\.$position).all()
            #expect(items.map(\.title) == ["Minutes of the last meeting", "Case review"])
            #expect(items.map(\.isConfidential) == [false, true])
            #expect(try await secretariat.post("\(meetingPath)/agenda/\(items[1].id!)/up").status == .seeOther)
            let reordered = try await AgendaItem.query(on: lantern.app.db).filter(\.$meeting.$id == meetingID).sort(\.$position).all()
            #expect(reordered.map(\.title) == ["Case review", "Minutes of the last meeting"])
            let minutesItem = items[0].id!, confidentialItem = items[1].id!

            // papers: a PDF accepted; HTML named .pdf and a renamed program refused in words
            try await secretariat.get(meetingPath)
            let pdf = PaperSamples.pdf(text: "Minutes of the last meeting")
            #expect(try await Self.upload(secretariat, "\(meetingPath)/agenda/\(minutesItem)/papers", fileName: "Minutes «draft».pdf", bytes: pdf).status == .seeOther)
            try await secretariat.get(meetingPath)
            let html = try await Self.upload(secretariat, "\(meetingPath)/agenda/\(minutesItem)/papers", fileName: "minutes.pdf",
                                             bytes: Array("<html><script>alert(1)</script></html>".utf8))
            #expect(html.status == .unprocessableEntity)
            #expect(html.body.string.contains("This file is not a PDF, although its name ends .pdf"))
            let exe = try await Self.upload(secretariat, "\(meetingPath)/agenda/\(minutesItem)/papers", fileName: "report.docx",
                                            bytes: Array("MZ".utf8) + [UInt8](repeating: 0x90, count: 100))
            #expect(exe.status == .unprocessableEntity)
            #expect(exe.body.string.contains("This file is not a Word document, although its name ends .docx"))
            try await secretariat.get(meetingPath)
            let docx = PaperSamples.officeOpenXML(folder: "word", main: "document.xml")
            #expect(try await Self.upload(secretariat, "\(meetingPath)/agenda/\(confidentialItem)/papers", fileName: "review.docx", bytes: docx).status == .seeOther)
            let papers = try await Paper.query(on: lantern.app.db).sort(\.$createdAt).all()
            #expect(papers.count == 2)
            let paper = try #require(papers.first { $0.$agendaItem.id == minutesItem })
            #expect(paper.mediaType == "application/pdf")
            #expect(paper.storage == "db")
            #expect(paper.sha256 == PaperStore.sha256(pdf))

            // attendance: members listed; three present, one apologies; quorum 3 met; a guest
            let form = try await secretariat.get("\(meetingPath)/attendance")
            #expect(form.status == .ok)
            #expect(form.body.string.contains(board.members[0].user.displayName))
            let recorded = try await secretariat.post("\(meetingPath)/attendance", [
                ("member-\(board.chair.id)", "present"), ("member-\(board.members[0].id)", "present"),
                ("member-\(board.members[1].id)", "present"), ("member-\(board.members[2].id)", "apologies"),
                ("member-\(board.secretariat.id)", "present")])
            #expect(recorded.status == .seeOther)
            #expect(try await secretariat.post("\(meetingPath)/attendance/guests", [("name", ""), ("status", "present")]).status == .unprocessableEntity)
            #expect(try await secretariat.post("\(meetingPath)/attendance/guests",
                                               [("name", "Visiting Speaker"), ("organisation", "Example Charity"), ("status", "present")]).status == .seeOther)

            // the group's outstanding actions (one overdue), and one done that is not shown
            for (title, due, status) in [("Publish the contacts list", -5, "open"), ("Draft the strategy", 20, "in_progress"),
                                         ("Book the venue", -30, "done")] {
                let action = PartnershipAction()
                action.id = UUID()
                action.groupID = board.group.id!
                action.title = title
                action.ownerUserID = board.members[0].id
                action.ownerOrganisationID = board.members[0].organisationID
                action.dueOn = lantern.today.adding(days: due).daysSinceEpoch
                action.status = status
                action.createdAt = lantern.clock.now
                action.createdBy = board.secretariat.id
                try await action.create(on: lantern.app.db)
            }

            // validate: a member reads the meeting, its agenda (actions first), quorum and papers
            let member = try await lantern.signedIn(board.members[0])
            let page = try await member.get(meetingPath)
            #expect(page.status == .ok)
            let text = page.body.string
            #expect(text.contains("Quorate: 3 present, quorum 3"))
            #expect(text.contains("Outstanding actions"))
            #expect(text.contains("Publish the contacts list") && text.contains("Draft the strategy") && !text.contains("Book the venue"))
            #expect(text.contains("Camden Council"))
            #expect(text.components(separatedBy: ">Overdue<").count == 2, "one action overdue, said in words")
            #expect(text.contains("Case review") && text.contains("Confidential"))
            #expect(text.contains("Visiting Speaker"))
            #expect(text.range(of: "Outstanding actions")!.lowerBound < text.range(of: "Case review")!.lowerBound)
            #expect(!text.contains("Record attendance"), "members read; they do not run the meeting")
            let download = try await member.get("/papers/\(paper.id!)")
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; ") == true)
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''Minutes%20%C2%ABdraft%C2%BB.pdf") == true)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(download.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            let confidentialPaper = try #require(papers.first { $0.$agendaItem.id == confidentialItem })
            #expect(try await member.get("/papers/\(confidentialPaper.id!)").status == .ok)
            // members may not change the meeting
            #expect(try await member.post("\(meetingPath)/agenda", [("title", "Mine")]).status != .seeOther)

            // someone outside the group: 404 for the meeting, its list and its papers
            let outsider = try await lantern.signedIn(board.outsider)
            #expect(try await outsider.get(meetingPath).status == .notFound)
            #expect(try await outsider.get("/groups/\(board.id)/meetings").status == .notFound)
            #expect(try await outsider.get("/papers/\(paper.id!)").status == .notFound)
            #expect(try await outsider.get("/papers/\(confidentialPaper.id!)").status == .notFound)
            // the public: nothing until the minutes are published
            #expect(try await lantern.browser().get("/partnership/papers/\(paper.id!)").status == .notFound)
            #expect(try await PublicPapers.list(meetingID: meetingID, on: lantern.app.db).isEmpty)

            // every change audited
            let actions = Set(try await AuditEntry.query(on: lantern.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["meeting.created", "agenda_item.added", "agenda_item.moved", "paper.added",
                                            "meeting.attendance_recorded", "meeting.guest_added", "paper.downloaded"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func publishedMinutesOpenTheNonConfidentialPapersOfAPublicMeeting(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: a held public meeting with a paper on an open and a confidential item
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            let meetingID = try #require(UUID(uuidString: String(meetingPath.split(separator: "/").last ?? "")))
            try await secretariat.get(meetingPath)
            try await secretariat.post("\(meetingPath)/agenda", [("title", "Strategy update")])
            try await secretariat.post("\(meetingPath)/agenda", [("title", "Case review"), ("isConfidential[]", "yes")])
            let items = try await AgendaItem.query(on: lantern.app.db).filter(\.$meeting.$id == meetingID).sort(\.$position).all()
            for item in items {
                try await secretariat.get(meetingPath)
                #expect(try await Self.upload(secretariat, "\(meetingPath)/agenda/\(item.id!)/papers", fileName: "\(item.title).pdf",
                                              bytes: PaperSamples.pdf(text: item.title)).status == .seeOther)
            }
            let open = try #require(try await Paper.query(on: lantern.app.db).filter(\.$agendaItem.$id == items[0].id!).first())
            let closed = try #require(try await Paper.query(on: lantern.app.db).filter(\.$agendaItem.$id == items[1].id!).first())
            let anyone = lantern.browser()
            #expect(try await anyone.get("/partnership/papers/\(open.id!)").status == .notFound)

            // MUT: the minutes are published
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            try await sql.insert(into: "governance_minutes")
                .columns("id", "group_id", "meeting_id", "version", "state", "body", "withheld_names", "created_at", "created_by")
                .values(SQLBind(UUID()), SQLBind(board.group.id!), SQLBind(meetingID), SQLBind(1), SQLBind("published"), SQLBind("{}"),
                        SQLBind("[]"), SQLBind(lantern.clock.now), SQLBind(board.secretariat.id))
                .run()

            // validate: the open item's paper is public, the confidential one's never
            let listed = try await PublicPapers.list(meetingID: meetingID, on: lantern.app.db)
            #expect(listed.map(\.id) == [open.id!])
            let response = try await anyone.get("/partnership/papers/\(open.id!)")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(try await anyone.get("/partnership/papers/\(closed.id!)").status == .notFound)
            // a meeting that is not public keeps its papers to members
            let meeting = try #require(try await Meeting.find(meetingID, on: lantern.app.db))
            meeting.isPublic = false
            try await meeting.save(on: lantern.app.db)
            #expect(try await anyone.get("/partnership/papers/\(open.id!)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aPaperOverTheLimitIsRefusedWith413AndAClearPage(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.papersMaxBytes = 2048 }) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            try await secretariat.get(meetingPath)
            try await secretariat.post("\(meetingPath)/agenda", [("title", "Budget")])
            let item = try #require(try await AgendaItem.query(on: lantern.app.db).first())
            try await secretariat.get(meetingPath)

            // MUT
            let large = PaperSamples.pdf(text: "Budget") + [UInt8](repeating: 0x20, count: 3000)
            let response = try await Self.upload(secretariat, "\(meetingPath)/agenda/\(item.id!)/papers", fileName: "budget.pdf", bytes: large)

            // validate
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("The file must be 2 KB or smaller"))
            #expect(try await Paper.query(on: lantern.app.db).count() == 0)
        }
    }

    /// Over a real connection the body streams in: the CSRF check reads up to the upload
    /// route's own limit (not the 1 MB every other form has), and no further.
    @Test func aLargePaperWithinTheLimitArrivesOverARealConnection() async throws {
        try await TestLantern.run(.sqlite, settings: { $0.papersMaxBytes = 3 * 1024 * 1024 }) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            try await secretariat.get(meetingPath)
            try await secretariat.post("\(meetingPath)/agenda", [("title", "Budget")])
            let item = try #require(try await AgendaItem.query(on: lantern.app.db).first())
            try await secretariat.get(meetingPath)
            func live(_ bytes: [UInt8]) async throws -> ClientResponse {
                let boundary = "lantern-live-\(UUID().uuidString)"
                var body = ByteBuffer()
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(secretariat.csrfToken ?? "")\r\n")
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"budget.pdf\"\r\n\r\n")
                body.writeBytes(bytes)
                body.writeString("\r\n--\(boundary)--\r\n")
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                headers.replaceOrAdd(name: .cookie, value: secretariat.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
                return try await Self.overARealConnection(lantern.app, .POST, "\(meetingPath)/agenda/\(item.id!)/papers",
                                                          headers: headers, body: body)
            }

            // MUT + validate: 2 MB (over the forms' 1 MB) is taken; 4 MB is refused with 413
            let twoMB = PaperSamples.pdf(text: "Budget") + [UInt8](repeating: 0x20, count: 2 * 1024 * 1024)
            let taken = try await live(twoMB)
            // (The live client follows the redirect to the meeting's page.)
            #expect([.seeOther, .ok].contains(taken.status), "\(taken.status)")
            #expect(try await Paper.query(on: lantern.app.db).first()?.byteCount == twoMB.count)
            let fourMB = PaperSamples.pdf(text: "Budget") + [UInt8](repeating: 0x20, count: 4 * 1024 * 1024)
            #expect(try await live(fourMB).status == .payloadTooLarge)
            #expect(try await Paper.query(on: lantern.app.db).count() == 1)
        }
    }

    /// One request to the app listening on a real port. VaporTesting's live client gives up
    /// after 30 seconds, which a busy machine can pass with a few megabytes; this one waits
    /// for the answer however long it takes (no test may depend on an idle CPU).
    static func overARealConnection(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders,
                                    body: ByteBuffer) async throws -> ClientResponse {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            let response = try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) {
                $0.body = body
            }
            await app.server.shutdown()
            return response
        } catch {
            await app.server.shutdown()
            throw error
        }
    }

    @Test(arguments: TestDatabase.available)
    func attendanceRecordedFortyTimesAtOnceLeavesOneRowPerMember(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            try await secretariat.get("\(meetingPath)/attendance")
            let fields = [("member-\(board.chair.id)", "present"), ("member-\(board.members[0].id)", "apologies")]

            // MUT
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await secretariat.post("\(meetingPath)/attendance", fields).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }

            // validate: every request answered (none failed), one row each
            #expect(statuses.allSatisfy { $0 == .seeOther || $0 == .ok }, "\(Set(statuses.map(\.code)))")
            let rows = try await MeetingAttendance.query(on: lantern.app.db).all()
            #expect(rows.count == 2)
            #expect(Set(rows.compactMap(\.userID)) == [board.chair.id, board.members[0].id])
        }
    }

    @Test func theDemoGivesEachGroupThreeMeetings() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [:], people: [.caseWorker: board.secretariat.id])

            // MUT: twice, as a re-run would
            try await MeetingsDemo.seedDemo(demo, on: lantern.app.db)
            try await MeetingsDemo.seedDemo(demo, on: lantern.app.db)

            // validate
            let meetings = try await Meeting.query(on: lantern.app.db).sort(\.$startsAt).all()
            #expect(meetings.map(\.meetingStatus) == [.held, .held, .scheduled])
            let items = try await AgendaItem.query(on: lantern.app.db).all()
            #expect(items.count == 15)
            #expect(items.filter(\.isConfidential).count == 3)
            #expect(try await Paper.query(on: lantern.app.db).count() == 3)
            let held = try await MeetingAttendance.query(on: lantern.app.db).filter(\.$meeting.$id == meetings[1].id!).all()
            #expect(held.count == 6)
            let page = try await lantern.signedIn(board.chair).get("/meetings/\(meetings[1].id!)")
            #expect(page.body.string.contains("Not quorate: 2 present, quorum 3") || page.body.string.contains("Quorate: "))
        }
    }

    @Test(arguments: TestDatabase.available)
    func papersCanLiveInTheStorageFolderUnderRandomNames(database: TestDatabase) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-papers-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await TestLantern.run(database, settings: { $0.papersFolder = folder }) { lantern in
            // setup
            let board = try await Self.board(lantern)
            let secretariat = try await lantern.signedIn(board.secretariat)
            let meetingPath = try await Self.createMeeting(secretariat, board: board, lantern)
            try await secretariat.get(meetingPath)
            try await secretariat.post("\(meetingPath)/agenda", [("title", "Budget")])
            let item = try #require(try await AgendaItem.query(on: lantern.app.db).first())
            try await secretariat.get(meetingPath)

            // MUT
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 64)
            #expect(try await Self.upload(secretariat, "\(meetingPath)/agenda/\(item.id!)/papers", fileName: "../../chart.png", bytes: png).status == .seeOther)

            // validate: a random name in the folder, nothing in the row's content; downloads work
            let paper = try #require(try await Paper.query(on: lantern.app.db).first())
            #expect(paper.storage == "folder")
            #expect(paper.content == nil)
            #expect(paper.fileName == "chart.png")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files == [paper.storageKey!])
            #expect(UUID(uuidString: files[0]) != nil)
            let download = try await lantern.signedIn(board.chair).get("/papers/\(paper.id!)")
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == png)
            #expect(download.headers.first(name: .contentType) == "image/png")
            // removing the paper removes its file
            try await secretariat.get(meetingPath)
            #expect(try await secretariat.post("/papers/\(paper.id!)/remove").status == .seeOther)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        }
    }
}
