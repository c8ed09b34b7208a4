import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Teams within an organisation: kept by its administrators (audited, CSRF-protected, 404 to
/// another organisation), and shares that address one team reach that team's members only.
@Suite struct TeamsHTTPTests {
    @Test(arguments: TestDatabase.available)
    func administratorsKeepTheirOrganisationsTeamsAndEveryChangeIsAudited(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let outsider = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let hackneyAdmin = try await lantern.makePerson(in: hackney, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)

            // MUT + validate: create, with clear messages for a bad name
            #expect(try await browser.get("/organisation/teams").status == .ok)
            let empty = try await browser.post("/organisation/teams/new", [("name", "  ")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Enter the team&#39;s name") || empty.body.string.contains("Enter the team's name"))
            #expect(try await browser.post("/organisation/teams/new", [("name", "Adult safeguarding")], csrf: false).status == .forbidden)
            let created = try await browser.post("/organisation/teams/new", [("name", "Adult safeguarding")])
            #expect(created.status == .seeOther)
            let team = try #require(try await Team.query(on: lantern.app.db).filter(\.$name == "Adult safeguarding").first())
            #expect(team.$organisation.id == camden.id)
            #expect(try await browser.post("/organisation/teams/new", [("name", "Adult safeguarding")]).status == .unprocessableEntity)
            let teamPath = "/organisation/teams/\(team.id!)"

            // rename
            #expect(try await browser.post("\(teamPath)/rename", [("name", "Housing")]).status == .seeOther)
            #expect(try await Team.find(team.id, on: lantern.app.db)?.name == "Housing")

            // members: people of the organisation only
            #expect(try await browser.post("\(teamPath)/members", [("userID", worker.id.uuidString)]).status == .seeOther)
            #expect(try await browser.post("\(teamPath)/members", [("userID", outsider.id.uuidString)]).status == .unprocessableEntity)
            let members = try await TeamMember.query(on: lantern.app.db).filter(\.$team.$id == team.id!).all().map { $0.$user.id }
            #expect(members == [worker.id])
            #expect(try await browser.get(teamPath).body.string.contains(worker.user.displayName))
            #expect(try await browser.post("\(teamPath)/members/\(worker.id)/remove").status == .seeOther)
            #expect(try await TeamMember.query(on: lantern.app.db).filter(\.$team.$id == team.id!).count() == 0)

            // audited
            let actions = Set(try await AuditEntry.query(on: lantern.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["team.created", "team.renamed", "team.member_added", "team.member_removed"]))

            // only the organisation's administrators; another organisation's team is not there
            #expect(try await lantern.signedIn(worker).get("/organisation/teams").status == .forbidden)
            let hackneyBrowser = try await lantern.signedIn(hackneyAdmin)
            #expect(try await hackneyBrowser.get(teamPath).status == .notFound)
            #expect(try await hackneyBrowser.post("\(teamPath)/rename", [("name", "Taken over")]).status == .notFound)
            #expect(!(try await hackneyBrowser.get("/organisation/teams").body.string.contains("Housing")))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aShareToATeamReachesThatTeamAndNobodyElseInItsOrganisation(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: Camden shares with Hackney's housing team
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let islington = try await lantern.makeOrganisation("Islington Council")
            let owner = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let housingWorker = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let otherWorker = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let housing = Team(organisationID: hackney.id!, name: "Housing", createdAt: Date())
            try await housing.create(on: lantern.app.db)
            let islingtonTeam = Team(organisationID: islington.id!, name: "Housing", createdAt: Date())
            try await islingtonTeam.create(on: lantern.app.db)
            try await AuthorisationMatrixTests.join(housing, housingWorker, lantern)
            let today = lantern.today
            let api = lantern.api(try await lantern.apiToken(for: owner))
            func newCase() async throws -> (reference: String, consent: String) {
                let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 3))
                    .json["reference"] as? String)
                let consent = try #require(try await api.post("/api/v1/cases/\(reference)/consents", [
                    "basis": "child_safeguarding", "organisationIDs": [hackney.id!.uuidString], "scopes": ["full_case"],
                    "purpose": "Housing", "obtainedHow": "in_person_verbal", "givenOn": today.iso,
                    "validUntil": today.adding(days: 100).iso]).json["id"] as? String)
                return (reference, consent)
            }
            func share(_ made: (reference: String, consent: String), team: Team?) async throws -> TestingHTTPResponse {
                var body: [String: Any] = ["organisationID": hackney.id!.uuidString, "scope": "full_case", "purpose": "Housing",
                                           "until": today.adding(days: 30).iso, "consentID": made.consent]
                if let team { body["teamID"] = team.id!.uuidString }
                return try await api.post("/api/v1/cases/\(made.reference)/shares", body)
            }
            let toTeam = try await newCase(), toWhole = try await newCase()
            // The share form offers other organisations' teams, named with their organisation.
            let form = try await lantern.signedIn(owner).get("/cases/\(toTeam.reference)/shares/new").body.string
            #expect(form.contains("name=\"teamID\"") && form.contains("Hackney Council: Housing") && form.contains("Islington Council: Housing"))

            // MUT: a team of another organisation is refused; then the team share and a whole-organisation share
            let wrongTeam = try await share(toTeam, team: islingtonTeam)
            #expect(wrongTeam.status == .unprocessableEntity)
            #expect(try await share(toTeam, team: housing).status.code < 300)
            #expect(try await share(toWhole, team: nil).status.code < 300)

            // validate: the team's member sees both, page and API alike
            let member = lantern.api(try await lantern.apiToken(for: housingWorker))
            #expect(try await member.get("/api/v1/cases/\(toTeam.reference)").status == .ok)
            let memberList = try await lantern.signedIn(housingWorker).get("/shared-cases").body.string
            #expect(memberList.contains(toTeam.reference) && memberList.contains(toWhole.reference))
            let memberAPIList = try await member.get("/api/v1/shared-cases").body.string
            #expect(memberAPIList.contains(toTeam.reference) && memberAPIList.contains(toWhole.reference))

            // the rest of Hackney sees only the whole-organisation share
            let other = lantern.api(try await lantern.apiToken(for: otherWorker))
            #expect(try await other.get("/api/v1/cases/\(toTeam.reference)").status == .notFound)
            #expect(try await other.get("/api/v1/cases/\(toWhole.reference)").status == .ok)
            let otherList = try await lantern.signedIn(otherWorker).get("/shared-cases").body.string
            #expect(!otherList.contains(toTeam.reference) && otherList.contains(toWhole.reference))
            let otherAPIList = try await other.get("/api/v1/shared-cases").body.string
            #expect(!otherAPIList.contains(toTeam.reference) && otherAPIList.contains(toWhole.reference))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aShareIsInForceFromTodayThroughItsLastDayAndNotAfter(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: a share made today that ends today
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let owner = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let partner = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let today = lantern.today
            let api = lantern.api(try await lantern.apiToken(for: owner))
            let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 3))
                .json["reference"] as? String)
            let consent = try #require(try await api.post("/api/v1/cases/\(reference)/consents", [
                "basis": "child_safeguarding", "organisationIDs": [hackney.id!.uuidString], "scopes": ["full_case"],
                "purpose": "Support", "obtainedHow": "phone", "givenOn": today.iso, "validUntil": today.adding(days: 100).iso])
                .json["id"] as? String)
            #expect(try await api.post("/api/v1/cases/\(reference)/shares", [
                "organisationID": hackney.id!.uuidString, "scope": "full_case", "purpose": "Support", "until": today.iso,
                "consentID": consent]).status.code < 300)
            let partnerAPI = lantern.api(try await lantern.apiToken(for: partner))

            // MUT + validate: starts today, in force all of its last day
            #expect(try await partnerAPI.get("/api/v1/cases/\(reference)").status == .ok)
            #expect(try await partnerAPI.get("/api/v1/shared-cases").body.string.contains(reference))
            // ended yesterday: gone from the case, the list and the page alike
            lantern.clock.advance(86_400)
            #expect(lantern.today == today.adding(days: 1))
            #expect(try await partnerAPI.get("/api/v1/cases/\(reference)").status == .notFound)
            #expect(!(try await partnerAPI.get("/api/v1/shared-cases").body.string.contains(reference)))
            #expect(!(try await lantern.signedIn(partner).get("/shared-cases").body.string.contains(reference)))
        }
    }
}
