import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The public site over HTTP (no sign-in): /partnership and its sub-pages, /get-help, the
/// iCalendar and Atom feeds, in London's languages; and the leak test: nothing confidential,
/// withheld, unpublished or personal reaches any public page or feed, in any language.
@Suite struct PublicSiteHTTPTests {
    static let confidentialTitle = "Operation Nightjar safeguarding referral"
    static let withheldName = "Ivana Marchetti-Kowal"
    static let memberName = "Temperance Oyelaran-Whitcombe"
    static let draftText = "Draft wording nobody outside may read"
    static let privateGroup = "Closed Tasking Cell"
    static let unpublishedContact = "Unpublished duty officer"

    struct Site {
        let board: PartnershipGroup
        let hidden: PartnershipGroup
        let published: GovernanceMinutes
        let held: Meeting
        let cancelled: Meeting
        let privateMeeting: Meeting
    }

    /// Demo-like data: a public board with members, terms, three meetings (one not public,
    /// one cancelled), published minutes whose confidential item and withheld name must never
    /// show, draft minutes, actions (one from the confidential item), a group that is not
    /// public, and a published and an unpublished contact in Camden.
    static func site(_ lantern: TestLantern) async throws -> Site {
        let db = lantern.app.db, now = lantern.clock.now, today = lantern.today
        let host = try await lantern.makeOrganisation("London Partnership Board", kind: .partnershipBoard)
        let camden = try await lantern.makeOrganisation("Camden Council")
        let secretary = try await lantern.makePerson(in: host, roles: [.modernSlaveryLead])
        let member = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        member.user.displayName = memberName
        try await member.user.save(on: db)
        let board = PartnershipGroup(kind: .board, name: "London Modern Slavery Partnership Board", slug: "board",
                                     purpose: "Leads London's response to modern slavery.", parentID: nil,
                                     hostOrganisationID: try host.requireID(), isPublic: true, createdAt: now)
        try await board.create(on: db)
        let hidden = PartnershipGroup(kind: .subgroup, name: privateGroup, slug: "closed-cell", purpose: "Not public.",
                                      parentID: board.id, hostOrganisationID: try host.requireID(), isPublic: false, createdAt: now)
        try await hidden.create(on: db)
        for (person, role) in [(secretary, GroupRole.secretariat), (member, .chair)] {
            try await GroupMember(groupID: try board.requireID(), userID: person.id, organisationID: person.organisationID, role: role,
                                  from: today.adding(days: -60), until: nil, createdAt: now, createdBy: secretary.id).create(on: db)
        }
        try await TermsVersion(groupID: try board.requireID(), version: 1, body: "The board meets four times a year.", quorum: 5,
                               approvedOn: today.adding(days: -100), approvedMeetingID: nil, nextReviewOn: today.adding(days: 265),
                               createdAt: now, createdBy: secretary.id).create(on: db)
        func meeting(_ group: PartnershipGroup, _ title: String, days: Double, isPublic: Bool, status: MeetingStatus) async throws -> Meeting {
            let start = now.addingTimeInterval(86_400 * days)
            let meeting = Meeting(groupID: try group.requireID(),
                                  checked: CheckedMeeting(title: title, startsAt: start, endsAt: start.addingTimeInterval(7200),
                                                          place: "City Hall, Committee Room 4", link: nil, isPublic: isPublic, status: status),
                                  createdAt: now)
            try await meeting.create(on: db)
            return meeting
        }
        let held = try await meeting(board, "Spring board meeting", days: -30, isPublic: true, status: .held)
        let cancelled = try await meeting(board, "Extra board meeting", days: 10, isPublic: true, status: .cancelled)
        let privateMeeting = try await meeting(board, "Private briefing", days: 20, isPublic: false, status: .scheduled)
        _ = try await meeting(hidden, "\(privateGroup) tasking", days: 5, isPublic: true, status: .scheduled)
        let open = AgendaItem(meetingID: try held.requireID(), position: 1, title: "Borough updates", presenter: "", isConfidential: false, createdAt: now)
        let secret = AgendaItem(meetingID: try held.requireID(), position: 2, title: confidentialTitle, presenter: withheldName,
                                isConfidential: true, createdAt: now)
        try await open.create(on: db)
        try await secret.create(on: db)
        let document = MinutesDocument(general: "Present: the chair. \(withheldName) gave apologies.", items: [
            .init(agendaItemID: try open.requireID().uuidString, title: "Borough updates", isConfidential: false,
                  text: "Camden reported on training; \(withheldName) will circulate the note."),
            .init(agendaItemID: try secret.requireID().uuidString, title: confidentialTitle, isConfidential: true,
                  text: "Discussion of the referral concerning \(withheldName)."),
        ])
        func minutes(_ version: Int, state: MinutesState, document: MinutesDocument) async throws -> GovernanceMinutes {
            let minutes = GovernanceMinutes()
            minutes.groupID = try board.requireID()
            minutes.meetingID = try held.requireID()
            minutes.version = version
            minutes.state = state.rawValue
            minutes.body = GovernanceMinutes.encode(document)
            minutes.withheldNamesJSON = GovernanceMinutes.encode([withheldName])
            minutes.approvedOn = state == .published ? today.adding(days: -5).daysSinceEpoch : nil
            minutes.publishedOn = state == .published ? today.adding(days: -4).daysSinceEpoch : nil
            minutes.createdAt = now
            minutes.createdBy = secretary.id
            try await minutes.create(on: db)
            return minutes
        }
        let published = try await minutes(1, state: .published, document: document)
        _ = try await minutes(2, state: .draft, document: MinutesDocument(general: draftText))
        func action(_ title: String, item: AgendaItem?, status: PartnershipActionStatus, due: Int) async throws {
            let action = PartnershipAction()
            action.groupID = try board.requireID()
            action.meetingID = held.id
            action.agendaItemID = item?.id
            action.title = title
            action.ownerUserID = member.id
            action.ownerOrganisationID = member.organisationID
            action.dueOn = today.adding(days: due).daysSinceEpoch
            action.status = status.rawValue
            action.createdAt = now
            action.createdBy = secretary.id
            try await action.create(on: db)
        }
        try await action("Publish the borough contacts list", item: open, status: .open, due: -3)
        try await action("Follow up \(confidentialTitle)", item: secret, status: .inProgress, due: 7)
        try await action("Review training figures", item: nil, status: .done, due: -10)
        for (title, isPublished) in [("Modern slavery lead", true), (unpublishedContact, false)] {
            let draft = DirectoryEntryDraft(boroughCode: "E09000007", kind: .councilModernSlaveryLead, roleTitle: title,
                                            organisationName: "Camden Council", team: "Adult safeguarding", email: "msl@camden.example.org",
                                            phone: "020 7946 0000", webForm: nil, isPublished: isPublished, personalEmailPublished: false)
            try await DirectoryEntry(organisationID: try camden.requireID(), draft: draft, at: now, by: secretary.id).create(on: db)
        }
        return Site(board: board, hidden: hidden, published: published, held: held, cancelled: cancelled, privateMeeting: privateMeeting)
    }

    /// Every public page and feed of the public site, with a borough chosen.
    static func publicPaths(_ site: Site) -> [String] {
        ["/partnership", "/partnership/groups/board", "/partnership/minutes/\(site.published.id!.uuidString.lowercased())",
         "/get-help", "/get-help?borough=E09000007", "/contacts", "/contacts/E09000007",
         "/partnership/meetings.ics", "/partnership/minutes.atom"]
    }

    @Test(arguments: TestDatabase.available)
    func noPublicPageOrFeedLeaksAConfidentialItemAWithheldNameOrAnythingUnpublished(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let site = try await Self.site(lantern)
            let browser = lantern.browser()
            let forbidden = [Self.confidentialTitle, Self.withheldName, Self.memberName, Self.draftText, Self.privateGroup,
                             Self.unpublishedContact, "Private briefing", "Nightjar"]
            for language in ["en-GB", "ar", "sq", "ro", "vi", "zh-Hans", "pt"] {
                for path in Self.publicPaths(site) {
                    let separator = path.contains("?") ? "&" : "?"
                    let response = try await browser.get(path + separator + "lang=" + language)
                    if path.hasPrefix("/contacts"), response.status == .notFound { continue }  // served by the Contacts feature
                    #expect(response.status == .ok, "\(path) \(language)")
                    let body = response.body.string
                    for text in forbidden { #expect(!body.contains(text), "\(path) in \(language) shows \(text)") }
                    #expect(!body.localizedCaseInsensitiveContains("marchetti"), "\(path) \(language)")
                }
            }
            // What is published does show: the public version says something was withheld.
            let minutes = try await browser.get("/partnership/minutes/\(site.published.id!.uuidString.lowercased())").body.string
            #expect(minutes.contains("Borough updates"))
            #expect(minutes.contains(MinutesRedaction.placeholder.replacingOccurrences(of: "[", with: "[")))
            #expect(minutes.contains("confidential items: 1; names: 1"))
            // A group that is not public, draft minutes and unknown ids are not found.
            #expect(try await browser.get("/partnership/groups/closed-cell").status == .notFound)
            let draft = try #require(try await GovernanceMinutes.query(on: lantern.app.db).filter(\.$version == 2).first())
            #expect(try await browser.get("/partnership/minutes/\(draft.id!.uuidString)").status == .notFound)
            #expect(try await browser.get("/partnership/minutes/not-a-uuid").status == .notFound)
            #expect(try await browser.get("/partnership/groups/No%20Such").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func thePartnershipPageShowsGroupsTermsOrganisationsMeetingsMinutesAndActions(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let site = try await Self.site(lantern)
            let browser = lantern.browser()
            let overview = try await browser.get("/partnership")
            #expect(overview.status == .ok)
            let page = overview.body.string
            #expect(page.contains("The London Modern Slavery Partnership"))
            #expect(page.contains("London Modern Slavery Partnership Board"))
            #expect(page.contains("Spring board meeting"))
            #expect(page.contains("Extra board meeting") && page.contains("Cancelled"))
            #expect(page.contains("Publish the borough contacts list") && page.contains("Overdue"))
            #expect(page.contains("Camden Council"))      // the owner's organisation, never the person
            #expect(page.contains("Review training figures") && page.contains("Done"))
            #expect(page.contains("href=\"/partnership/meetings.ics\"") && page.contains("href=\"/partnership/minutes.atom\""))
            let group = try await browser.get("/partnership/groups/board").body.string
            #expect(group.contains("Terms of reference") && group.contains("The board meets four times a year."))
            #expect(group.contains("Next review due by"))
            #expect(group.contains("<td>Camden Council</td><td>Chair</td>"))
            #expect(group.contains("<td>London Partnership Board</td><td>Secretariat</td>"))
            #expect(group.contains("<caption"))
            _ = site
        }
    }

    @Test(arguments: TestDatabase.available)
    func theFeedsFollowTheirStandardsAndCarryOnlyPublicThings(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let site = try await Self.site(lantern)
            let browser = lantern.browser()
            let calendar = try await browser.get("/partnership/meetings.ics")
            #expect(calendar.status == .ok)
            #expect(calendar.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            let ics = calendar.body.string
            #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
            for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
            let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("UID:meeting-\(site.held.id!.uuidString.lowercased())@127.0.0.1\r\n"))
            #expect(unfolded.contains("DTSTART;TZID=Europe/London:"))
            #expect(unfolded.contains("LOCATION:City Hall\\, Committee Room 4\r\n"))
            #expect(unfolded.contains("STATUS:CANCELLED\r\n"))
            #expect(!unfolded.contains(site.privateMeeting.id!.uuidString.lowercased()))
            // The same meeting keeps its UID from one download to the next.
            #expect(try await browser.get("/partnership/meetings.ics").body.string.contains("UID:meeting-\(site.held.id!.uuidString.lowercased())"))
            let atom = try await browser.get("/partnership/minutes.atom")
            #expect(atom.headers.first(name: .contentType)?.hasPrefix("application/atom+xml") == true)
            let xml = atom.body.string
            #expect(xml.contains("<id>urn:uuid:\(site.published.id!.uuidString.lowercased())</id>"))
            #expect(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://127.0.0.1:8080/partnership/minutes.atom\"/>"))
            #expect(xml.components(separatedBy: "<entry>").count == 2)   // the published version only, not the draft
        }
    }

    @Test(arguments: TestDatabase.available)
    func thePublicLanguageComesFromTheLinkThenTheCookieThenTheBrowserAndSaysItsReview(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let browser = lantern.browser()
            let vietnamese = try await browser.get("/get-help?lang=vi").body.string
            #expect(vietnamese.contains("<html lang=\"vi\" dir=\"ltr\">"))
            #expect(vietnamese.contains("Nhận trợ giúp về nô lệ hiện đại"))
            #expect(vietnamese.contains("chưa được người bản ngữ kiểm tra"))      // the draft says so
            #expect(!vietnamese.contains("Some text on this page is not yet translated"))
            // A link per language, in its own name, each keeping the page and choosing by ?lang=.
            for (tag, name) in [("sq", "Shqip"), ("ro", "Română"), ("zh-Hans", "简体中文"), ("ar", "العربية"), ("pt", "Português"), ("en-GB", "English")] {
                #expect(vietnamese.contains("href=\"/get-help?lang=\(tag)\" hreflang=\"\(tag)\" lang=\"\(tag)\""), "\(tag)")
                #expect(vietnamese.contains(">\(name)</a>"), "\(name)")
            }
            // A fresh browser each time: its own cookies would replace the header.
            let arabic = try await lantern.browser().get("/partnership", headers: ["Cookie": "lantern_lang=ar"]).body.string
            #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(arabic.contains("شراكة لندن لمكافحة العبودية الحديثة"))
            let chinese = try await browser.get("/partnership", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"]).body.string
            #expect(chinese.contains("<html lang=\"zh-Hans\""))
            // The link wins over the cookie; an unknown language is British English.
            #expect(try await lantern.browser().get("/partnership?lang=pt", headers: ["Cookie": "lantern_lang=ar"]).body.string.contains("<html lang=\"pt\""))
            let english = try await browser.get("/partnership?lang=fr")
            #expect(english.body.string.contains("<html lang=\"en-GB\" dir=\"ltr\">"))
            #expect(english.headers.first(name: "Content-Language") == "en-GB")
            // Polish has no public translation: the page is English, and says which parts are.
            #expect(!english.body.string.contains("This translation is a draft"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theListOfPublicLanguagesIsASetting(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.publicLanguages = [.englishGB, LanguageTag("ar")!] }) { lantern in
            let page = try await lantern.browser().get("/get-help?lang=vi").body.string
            #expect(page.contains("<html lang=\"en-GB\""))           // vi is not offered here
            #expect(page.contains("hreflang=\"ar\"") && !page.contains("hreflang=\"vi\""))
        }
        #expect(throws: LanternSettings.Invalid.self) {
            try LanternSettings.fromEnvironment(["LANTERN_PUBLIC_LANGUAGES": "en-GB,xx"])
        }
        let settings = try LanternSettings.fromEnvironment(["LANTERN_PUBLIC_LANGUAGES": "vi, ar"])
        #expect(settings.publicLanguages.map(\.identifier) == ["vi", "ar"])
        #expect(try LanternSettings.fromEnvironment([:]).publicLanguages.map(\.identifier) == ["en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt"])
    }

    @Test(arguments: TestDatabase.available)
    func getHelpGivesTheNumbersAndABoroughsPublishedContactsWithoutJavaScript(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            _ = try await Self.site(lantern)
            let browser = lantern.browser()
            let page = try await browser.get("/get-help").body.string
            #expect(page.contains("08000 121 700") && page.contains("999"))
            #expect(page.contains("<form method=\"get\" action=\"/get-help\""))
            #expect(page.components(separatedBy: "<option value=\"E09").count - 1 == 33)
            let camden = try await browser.get("/get-help?borough=E09000007").body.string
            #expect(camden.contains("Modern slavery contacts in Camden"))
            #expect(camden.contains("Modern slavery lead") && camden.contains("msl@camden.example.org"))
            #expect(camden.contains("<option value=\"E09000007\" selected>"))
            let bad = try await browser.get("/get-help?borough=%3Cscript%3E")
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("Choose a borough from the list"))
            #expect(!bad.body.string.contains("<script>"))
            // In Arabic the form keeps the language, and the contact's kind falls back to English, marked so.
            let arabic = try await browser.get("/get-help?borough=E09000007&lang=ar").body.string
            #expect(arabic.contains("<input type=\"hidden\" name=\"lang\" value=\"ar\">"))
            #expect(arabic.contains("\u{2066}08000 121 700\u{2069}"))
        }
    }

    @Test func aMessageALanguageLacksIsShownInEnglishMarkedAndNoted() {
        let catalogues = Catalogues.bundled
        let l = PublicText(localiser: catalogues.localiser(for: LanguageTag("vi")!), languages: [.englishGB, LanguageTag("vi")!])
        #expect(l("public.help.title").markup == "Nhận trợ giúp về nô lệ hiện đại")
        #expect(!l.usedFallback)
        #expect(l("sign-in.title").markup.hasPrefix("<span lang=\"en-GB\" dir=\"ltr\">"))
        #expect(l.usedFallback)
        let page = PublicFrame.render(PublicPage(title: "T", content: l("sign-in.title")), l, path: "/get-help", query: nil).markup
        // The notice is in the page's language (its English is "Some text on this page is not yet translated…").
        #expect(page.contains("Một số nội dung trên trang này chưa được dịch và được hiển thị bằng tiếng Anh."))
    }
}
