import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The contacts directory over HTTP, on SQLite and PostgreSQL: the public sees only published,
/// current entries (stale ones marked "being checked", personal addresses kept back); keepers
/// change, confirm and retire their organisation's entries (another organisation's answer
/// 404), with history; confirming and the daily sweep happen once however many run at once;
/// CSV, JSON and the API carry the same rows.
@Suite struct ContactsHTTPTests {
    static func draft(_ borough: String = "E09000007", kind: DirectoryEntryKind = .councilHousing, role: String,
                      email: String? = nil, phone: String? = "020 7946 0000", published: Bool = true,
                      personalEmailPublished: Bool = false) -> DirectoryEntryDraft {
        DirectoryEntryDraft(boroughCode: borough, kind: kind, roleTitle: role, organisationName: "Camden Council", team: "Housing options",
                            email: email, phone: phone, webForm: nil, isPublished: published, personalEmailPublished: personalEmailPublished)
    }

    @discardableResult
    static func entry(_ lantern: TestLantern, _ draft: DirectoryEntryDraft, of organisation: Organisation, daysAgo: Int = 0,
                      by person: TestPerson? = nil) async throws -> DirectoryEntry {
        try await ContactsDirectory.create(draft, organisationID: organisation.requireID(), by: person?.id, services: lantern.app.lantern,
                                           at: lantern.clock.now.addingTimeInterval(-Double(daysAgo) * 86_400), on: lantern.app.db)
    }

    @Test(arguments: TestDatabase.available)
    func thePublicSeesOnlyPublishedCurrentEntriesAndStaleOnesAreMarked(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            try await Self.entry(lantern, Self.draft(role: "Fresh housing SPOC"), of: camden, daysAgo: 10)
            try await Self.entry(lantern, Self.draft(kind: .councilModernSlaveryLead, role: "Stale modern slavery lead"), of: camden, daysAgo: 200)
            try await Self.entry(lantern, Self.draft(role: "Unpublished SPOC", published: false), of: camden)
            try await Self.entry(lantern, Self.draft("E09000012", role: "Hackney lead", email: "jane.smith@example.org"), of: camden)
            try await Self.entry(lantern, Self.draft("E09000012", role: "Consenting lead", email: "sam.jones@example.org",
                                                     personalEmailPublished: true), of: camden)
            try await Self.entry(lantern, Self.draft(role: "=HYPERLINK(\"http://evil.example\")", email: "mash@example.org"), of: camden)
            let retired = try await Self.entry(lantern, Self.draft(role: "Retired SPOC"), of: camden)
            let browser = try await lantern.signedIn(admin)
            #expect(try await browser.get("/contacts/manage/\(retired.id!)").status == .ok)
            #expect(try await browser.post("/contacts/manage/\(retired.id!)/retire", [("version", "1")]).status == .seeOther)

            // MUT
            let anyone = lantern.browser()
            let page = try await anyone.get("/contacts")

            // validate: published and current only, stale marked in words, personal address kept back
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Fresh housing SPOC") && html.contains("Stale modern slavery lead"))
            #expect(!html.contains("Unpublished SPOC") && !html.contains("Retired SPOC"))
            #expect(html.contains("Being checked"))
            #expect(html.contains("Hackney lead") && !html.contains("jane.smith@example.org"))
            #expect(html.contains("sam.jones@example.org"))
            // The map: 33 boroughs as links, in a list.
            #expect(html.components(separatedBy: "class=\"borough-tiles__link\"").count - 1 == 33)
            #expect(html.contains("href=\"/contacts/E09000001\""))

            // search and one borough
            let housing = try await anyone.get("/contacts?q=housing%20spoc").body.string
            #expect(housing.contains("Fresh housing SPOC") && !housing.contains("Stale modern slavery lead"))
            let hackney = try await anyone.get("/contacts?borough=E09000012").body.string
            #expect(hackney.contains("Hackney lead") && !hackney.contains("Fresh housing SPOC"))
            let bad = try await anyone.get("/contacts?borough=E99&q=lead")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose a borough from the list"))
            #expect(bad.body.string.contains("value=\"lead\""))
            let camdenPage = try await anyone.get("/contacts/E09000007")
            #expect(camdenPage.status == .ok && camdenPage.body.string.contains("Fresh housing SPOC")
                    && !camdenPage.body.string.contains("Hackney lead") && camdenPage.body.string.contains("aria-current=\"page\""))
            #expect(try await anyone.get("/contacts/E09999999").status == .notFound)
            #expect(try await anyone.get("/contacts/manage").status != .ok)

            // For /get-help: one borough's published contacts.
            let forHelp = try await ContactsDirectory.published(borough: "E09000007", services: lantern.app.lantern, on: lantern.app.db)
            #expect(Set(forHelp.map(\.roleTitle)) == ["Fresh housing SPOC", "Stale modern slavery lead", "=HYPERLINK(\"http://evil.example\")"])
            #expect(forHelp.first { $0.roleTitle.hasPrefix("Stale") }?.isBeingChecked == true)

            // CSV and JSON: the same rows, formula-safe
            let csv = try await anyone.get("/contacts/download.csv")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let text = csv.body.string
            #expect(text.hasPrefix("borough_code,borough,kind,role,organisation,team,email,phone,web_form,being_checked\r\n"))
            #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""))
            #expect(!text.contains("Unpublished SPOC") && !text.contains("Retired SPOC") && !text.contains("jane.smith@example.org"))
            #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 6)
            let json = try await anyone.get("/contacts/download.json")
            let items = try #require(json.json["items"] as? [[String: Any]])
            #expect(items.count == 5)
            #expect(items.allSatisfy { $0["published"] == nil && $0["maintainingOrganisationID"] == nil })
            #expect(items.contains { $0["roleTitle"] as? String == "Stale modern slavery lead" && $0["beingChecked"] as? Bool == true })
            let oneBorough = try await anyone.get("/contacts/download.json?borough=E09000012").json["items"] as? [[String: Any]]
            #expect(oneBorough?.count == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func keepersChangeTheirOwnEntriesWithHistoryAndOthersGet404(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let board = try await lantern.makeOrganisation("Partnership Board", kind: .partnershipBoard)
            let lead = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let hackneyAdmin = try await lantern.makePerson(in: hackney, roles: [.organisationAdmin])
            let secretariat = try await lantern.makePerson(in: board, roles: [.boardSecretariat])
            let browser = try await lantern.signedIn(lead)

            // MUT: bad input is refused with field messages, and what was typed stays
            #expect(try await browser.get("/contacts/manage/new").status == .ok)
            let refused = try await browser.post("/contacts/manage/new", [("borough", "E09000007"), ("kind", "council_housing_spoc"),
                                                                          ("roleTitle", "Housing SPOC"), ("organisationName", ""),
                                                                          ("phone", "ring me")])
            #expect(refused.status == .unprocessableEntity)
            let refusedPage = refused.body.string
            #expect(refusedPage.contains("Enter the organisation") && refusedPage.contains("Enter a phone number"))
            #expect(refusedPage.contains("value=\"Housing SPOC\"") && refusedPage.contains("value=\"ring me\""))
            #expect(try await DirectoryEntry.query(on: lantern.app.db).count() == 0)
            #expect(try await browser.post("/contacts/manage/new", [("roleTitle", "x")], csrf: false).status == .forbidden)

            // a personal address is allowed, and flagged
            let created = try await browser.post("/contacts/manage/new", [
                ("borough", "E09000007"), ("kind", "council_housing_spoc"), ("roleTitle", "Housing SPOC"),
                ("organisationName", "Camden Council"), ("email", "jane.smith@example.org"), ("published[]", "yes")])
            #expect(created.status == .seeOther)
            let entry = try #require(try await DirectoryEntry.query(on: lantern.app.db).first())
            #expect(entry.$organisation.id == camden.id && entry.version == 1 && entry.verifiedBy == lead.id && entry.isPublished)
            let path = "/contacts/manage/\(entry.id!)"
            let shown = try await browser.get(path).body.string
            #expect(shown.contains("Personal address") && shown.contains("A shared mailbox is preferred"))

            // change: a new version naming what changed; the history shows who and what
            let changed = try await browser.post("\(path)/edit", [
                ("borough", "E09000007"), ("kind", "council_housing_spoc"), ("roleTitle", "Housing SPOC"),
                ("organisationName", "Camden Council"), ("email", "housing.options@example.org"), ("phone", "020 7946 0123"),
                ("published[]", "yes"), ("version", "1")])
            #expect(changed.status == .seeOther)
            // an edit over an old version is refused, keeping what was typed
            let stale = try await browser.post("\(path)/edit", [
                ("borough", "E09000007"), ("kind", "council_housing_spoc"), ("roleTitle", "Old view"),
                ("organisationName", "Camden Council"), ("phone", "020 7946 0999"), ("version", "1")])
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("Someone else changed this entry"))
            #expect(stale.body.string.contains("value=\"Old view\""))
            let versions = try await DirectoryEntryVersion.query(on: lantern.app.db).sort(\.$version).all()
            #expect(versions.map(\.change) == ["created", "changed"])
            #expect(versions.last?.changedFields == "email,phone" && versions.last?.changedBy == lead.id)
            let history = try await browser.get(path).body.string
            #expect(history.contains("Changed: Email address, Phone number") && history.contains(lead.user.displayName))
            #expect(!history.contains("Personal address"))

            // another organisation's administrator: not there; a case worker: not allowed
            let other = try await lantern.signedIn(hackneyAdmin)
            #expect(try await other.get(path).status == .notFound)
            #expect(try await other.get("\(path)/edit").status == .notFound)
            #expect(try await other.post("\(path)/edit", [("roleTitle", "Taken"), ("version", "2")]).status == .notFound)
            #expect(try await other.post("\(path)/confirm", [("version", "2")]).status == .notFound)
            #expect(try await other.post("\(path)/retire", [("version", "2")]).status == .notFound)
            #expect(!(try await other.get("/contacts/manage").body.string.contains("Housing SPOC")))
            #expect(!(try await other.get("/contacts/manage/download.csv").body.string.contains("Housing SPOC")))
            #expect(try await lantern.signedIn(worker).get("/contacts/manage").status == .forbidden)
            #expect(try await DirectoryEntry.find(entry.id, on: lantern.app.db)?.roleTitle == "Housing SPOC")

            // the board secretariat keeps every entry, and may move it to another keeper
            let keeper = try await lantern.signedIn(secretariat)
            #expect(try await keeper.get(path).status == .ok)
            let moved = try await keeper.post("\(path)/edit", [
                ("borough", "E09000007"), ("kind", "council_housing_spoc"), ("roleTitle", "Housing SPOC"),
                ("organisationName", "Camden Council"), ("email", "housing.options@example.org"), ("phone", "020 7946 0123"),
                ("published", "yes"), ("maintainer", hackney.id!.uuidString), ("version", "2")])
            #expect(moved.status == .seeOther)
            #expect(try await DirectoryEntry.find(entry.id, on: lantern.app.db)?.$organisation.id == hackney.id)
            #expect(try await DirectoryEntry.find(entry.id, on: lantern.app.db)?.isPublished == true)
            #expect(try await other.get(path).status == .ok)
            #expect(try await browser.get(path).status == .notFound)

            // retire: off the public list, history kept
            #expect(try await other.post("\(path)/retire", [("version", "3")]).status == .seeOther)
            #expect(!(try await lantern.browser().get("/contacts").body.string.contains("Housing SPOC")))
            #expect(try await DirectoryEntryVersion.query(on: lantern.app.db).count() == 4)
            #expect(try await other.get(path).body.string.contains("Retired"))

            // every write audited
            let actions = Set(try await AuditEntry.query(on: lantern.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["contact.created", "contact.changed", "contact.retired", "contacts.listed", "contacts.exported"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyConfirmationsAtOnceRecordOneVerification(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: a stale entry, its task waiting
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let entry = try await Self.entry(lantern, Self.draft(role: "Housing SPOC"), of: camden, daysAgo: 190)
            #expect(try await ContactVerificationSweep.run(services: lantern.app.lantern, on: lantern.app.db) == 1)
            let browser = try await lantern.signedIn(admin)
            let path = "/contacts/manage/\(entry.id!)"
            let page = try await browser.get(path).body.string
            #expect(page.contains("Still correct") && page.contains("Needs checking"))

            // MUT: 40 presses of "Still correct" at once
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await browser.post("\(path)/confirm", [("version", "1")]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }

            // validate: one verification, recorded by this person; the task is done
            #expect(statuses.allSatisfy { $0 == .seeOther })
            let versions = try await DirectoryEntryVersion.query(on: lantern.app.db).filter(\.$change == "confirmed").all()
            #expect(versions.count == 1)
            let fresh = try #require(try await DirectoryEntry.find(entry.id, on: lantern.app.db))
            #expect(fresh.version == 2 && fresh.verifiedBy == admin.id && fresh.verifiedAt == lantern.clock.now)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "contact.confirmed").count() == 1)
            #expect(try await PersonTask.query(on: lantern.app.db).filter(\.$doneAt == nil).count() == 0)
            let after = try await browser.get(path).body.string
            #expect(!after.contains("Needs checking") && after.contains("Confirmed as still correct"))
            #expect(!(try await lantern.browser().get("/contacts").body.string.contains("Being checked")))
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortySweepsAtOnceGiveEachAdministratorOneTaskAndEmail(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"]; $0.contactStaleDays = 90 }) { lantern in
            // setup: two keepers and a case worker; a stale entry, a fresh one, a retired stale one
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let lead = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
            _ = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            _ = try await lantern.makePerson(in: hackney, roles: [.organisationAdmin])
            let stale = try await Self.entry(lantern, Self.draft(role: "Housing SPOC"), of: camden, daysAgo: 91)
            try await Self.entry(lantern, Self.draft(role: "Fresh SPOC"), of: camden, daysAgo: 89)
            let gone = try await Self.entry(lantern, Self.draft(role: "Gone SPOC"), of: camden, daysAgo: 300)
            gone.retiredAt = lantern.clock.now
            try await gone.save(on: lantern.app.db)

            // MUT: the sweep 40 times at once
            let made = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await ContactVerificationSweep.run(services: lantern.app.lantern, on: lantern.app.db) }
                }
                return try await group.reduce(0, +)
            }

            // validate: one task each for the two keepers, and one email each
            #expect(made == 2)
            let tasks = try await PersonTask.query(on: lantern.app.db).all()
            #expect(Set(tasks.map(\.ownerID)) == [admin.id, lead.id] && tasks.count == 2)
            #expect(tasks.allSatisfy { $0.link == "/contacts/manage/\(stale.id!)" && $0.title.contains("Housing SPOC") })
            let mail = try await OutboxMessage.query(on: lantern.app.db).all()
            #expect(mail.count == 2 && Set(mail.map(\.recipient)) == [admin.email, lead.email])
            let tasksPage = try await lantern.signedIn(lead).get("/tasks").body.string
            #expect(tasksPage.contains("Housing SPOC"))

            // the daily job runs it too, once per day
            lantern.clock.advance(86_400)
            #expect(try await ScheduledJobs.runIfDue(ScheduledJobs.contactVerification, interval: 86_400, node: "a", app: lantern.app))
            #expect(!(try await ScheduledJobs.runIfDue(ScheduledJobs.contactVerification, interval: 86_400, node: "b", app: lantern.app)))
            #expect(try await PersonTask.query(on: lantern.app.db).count() == 4)   // the fresh one went stale today: two more
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAPIGivesKeepersTheirEntriesAndEveryoneElseThePublishedOnes(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let hackneyAdmin = try await lantern.makePerson(in: hackney, roles: [.organisationAdmin])
            try await Self.entry(lantern, Self.draft(role: "Published SPOC", email: "jane.smith@example.org"), of: camden)
            try await Self.entry(lantern, Self.draft(role: "Unpublished SPOC", published: false), of: camden)

            let keeper = try await lantern.api(try await lantern.apiToken(for: admin)).get("/api/v1/contacts")
            let kept = try #require(keeper.json["items"] as? [[String: Any]])
            #expect(kept.count == 2 && kept.contains { $0["roleTitle"] as? String == "Unpublished SPOC" && $0["published"] as? Bool == false })
            #expect(kept.contains { $0["email"] as? String == "jane.smith@example.org" && $0["personalEmail"] as? Bool == true })

            let reader = try await lantern.api(try await lantern.apiToken(for: worker)).get("/api/v1/contacts")
            let read = try #require(reader.json["items"] as? [[String: Any]])
            #expect(read.count == 1 && read[0]["email"] == nil && read[0]["published"] == nil)

            let outsider = lantern.api(try await lantern.apiToken(for: hackneyAdmin))
            #expect((try await outsider.get("/api/v1/contacts").json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await outsider.get("/api/v1/contacts?borough=nowhere").status == .unprocessableEntity)
            #expect(try await lantern.app.testing().sendRequest(.GET, "/api/v1/contacts").status == .unauthorized)
            // the browser's cookie does not reach the API
            #expect(try await lantern.signedIn(admin).get("/api/v1/contacts").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func thePublicPagesAreInThePublicLanguagesWithLinksKeepingTheLanguage(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            try await Self.entry(lantern, Self.draft(role: "Housing SPOC"), of: camden)
            let anyone = lantern.browser()

            // MUT
            let romanian = try await anyone.get("/contacts?lang=ro")
            let arabic = try await anyone.get("/contacts/E09000007?lang=ar")
            // A fresh browser: its own cookies would replace the header.
            let cookie = try await lantern.browser().get("/contacts", headers: ["Cookie": "lantern_lang=vi"]).body.string
            let accept = try await anyone.get("/contacts/E09000007", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"]).body.string
            let refused = try await anyone.get("/contacts?lang=sq&borough=E99")

            // validate: the public frame in the chosen language, its links keeping it
            #expect(romanian.status == .ok && romanian.headers.first(name: "Content-Language") == "ro")
            let ro = romanian.body.string
            #expect(ro.contains("<html lang=\"ro\" dir=\"ltr\">"))
            #expect(ro.contains("<h1 class=\"heading-l\">Contacte pentru sclavia modernă, pe cartiere</h1>"))
            #expect(ro.contains("href=\"/contacts?lang=ar\" hreflang=\"ar\" lang=\"ar\""))
            #expect(ro.contains("href=\"/contacts/E09000007?lang=ro\""))
            #expect(ro.contains("<input type=\"hidden\" name=\"lang\" value=\"ro\">"))
            #expect(ro.contains("class=\"public-review\""))
            // What people wrote stays in English, marked so.
            #expect(ro.contains("<span lang=\"en-GB\" dir=\"ltr\">Housing SPOC</span>"))
            #expect(arabic.status == .ok)
            let ar = arabic.body.string
            #expect(ar.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(ar.contains("جهات الاتصال المعنية بالعبودية الحديثة في Camden"))
            #expect(ar.contains("href=\"/contacts?lang=ar\" class=\"back-link\""))
            #expect(cookie.contains("<html lang=\"vi\""))
            #expect(accept.contains("<html lang=\"zh-Hans\""))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("<html lang=\"sq\""))
            // British English by default, without ?lang= on its links.
            let english = try await anyone.get("/contacts").body.string
            #expect(english.contains("<html lang=\"en-GB\" dir=\"ltr\">") && english.contains("href=\"/contacts/E09000007\""))
            #expect(!english.contains("name=\"lang\""))
        }
    }

    @Test func theStalePeriodIsASetting() throws {
        #expect(try LanternSettings.fromEnvironment([:]).contactStaleDays == 183)
        #expect(try LanternSettings.fromEnvironment(["LANTERN_CONTACT_STALE_DAYS": "30"]).contactStaleDays == 30)
        for bad in ["0", "-5", "soon", "3651"] {
            #expect(throws: LanternSettings.Invalid.self) { try LanternSettings.fromEnvironment(["LANTERN_CONTACT_STALE_DAYS": bad]) }
        }
    }
}

/// The demo's directory: every borough, several kinds each, some stale, some unpublished.
@Suite struct ContactsDemoTests {
    @Test func theDemoFillsEveryBoroughWithSomeStaleAndSomeUnpublished() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let council = try await lantern.makeOrganisation("Demo Council")
            let police = try await lantern.makeOrganisation("Demo Police", kind: .police)
            let services = lantern.app.lantern
            let demo = DemoContext(services: services, now: services.now, today: services.today,
                                   organisations: [.council: council.id!, .police: police.id!], people: [:])
            let made = try await ContactsDirectory.seedDemo(demo, on: lantern.app.db)
            let entries = try await DirectoryEntry.query(on: lantern.app.db).all()
            #expect(made == entries.count && made >= 33 * 5)
            #expect(Set(entries.map(\.boroughCode)).count == 33)
            #expect(entries.filter { ContactsDirectory.isStale($0, today: services.today, staleDays: 183) }.count >= 5 * 7)
            #expect(entries.contains { !$0.isPublished } && entries.contains { $0.draft.hasPersonalEmail })
            #expect(entries.allSatisfy { ($0.email ?? "x@example.org").hasSuffix("example.org") })
            #expect(entries.contains { $0.$organisation.id == police.id })
            let page = try await lantern.browser().get("/contacts").body.string
            #expect(page.contains("Being checked") && page.contains("Westminster"))
        }
    }
}
