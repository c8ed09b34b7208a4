import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Every registered route × every role (and signed out) × every relation a record can have to
/// the viewer: own organisation, routed to their team, shared (whole case or decision only),
/// shared with their team, shared with another team of their organisation, share expired,
/// consent withdrawn, another organisation; a team of their organisation or another's. The expected outcome of each cell is computed from the
/// route's access rule and the policy table; a route with a parameter this test cannot fill
/// fails it, so new routes must join the matrix.
@Suite struct AuthorisationMatrixTests {
    /// What a request found, by class.
    enum Outcome: Equatable, CustomStringConvertible {
        case allowed, forbidden, hidden, signInRequired
        var description: String { switch self { case .allowed: "allowed"; case .forbidden: "403"; case .hidden: "404"; case .signInRequired: "sign in" } }
    }

    struct Scenario {
        let label: String
        let path: String
        /// The relations the record on this path has to the viewer (nil: no record).
        let relations: Set<LanternCore.Relation>?
        /// The record is another person's own (an upload waiting for its uploader): hidden
        /// even from those whose role allows the action everywhere.
        var someoneElsesOwn = false

        init(label: String, path: String, relation: LanternCore.Relation?) {
            self.init(label: label, path: path, relations: relation.map { [$0] })
        }

        init(label: String, path: String, relations: Set<LanternCore.Relation>?) {
            self.label = label
            self.path = path
            self.relations = relations
        }
    }

    /// The fixture: organisation A is the viewer's, with the viewer's team and another team;
    /// B shares with A (whole organisation or one team); C is unrelated.
    struct World {
        let a: Organisation, b: Organisation, c: Organisation
        let colleague: TestPerson, outsider: TestPerson
        let myTeam: Team, otherTeamOfMine: Team, teamOfC: Team
        let routedToMyTeam: String, sharedWithMyTeam: String, sharedWithAnotherTeam: String
        let own: String, shared: String, decisionOnly: String, expired: String, withdrawn: String, other: String
        let ownConsent: String, otherConsent: String, ownShare: String, otherShare: String
        let ownReport: String, otherReport: String, dataset: String
        let groups: GroupWorld
        /// After the decision: each case's records, concerns and housing requests.
        var aftercare: AftercareWorld? = nil
        /// Working together: case conferences and shares to answer.
        var conferences: ConferenceWorld? = nil
        /// Training: courses, sessions and certificates.
        var training: TrainingWorld? = nil
        /// Events: one of the viewer's organisation, one of another.
        var events: EventWorld? = nil
        /// Surveys: an open one of the viewer's organisation, one of another sent to the viewer.
        var surveys: SurveyWorld? = nil
        /// Survivor voice: one message (the partnership's, no organisation's).
        var voiceMessage: UUID? = nil
        /// A statistics table uploaded by the colleague, waiting to be confirmed.
        var datasetUpload: UUID? = nil
        /// A data-sharing agreement in force that names the colleague (and no viewer).
        var agreement: UUID? = nil
    }

    /// A data-sharing agreement in force, naming one person, covering one borough.
    static func makeAgreement(_ lantern: TestLantern, naming person: TestPerson, parties: [Organisation]) async throws -> UUID {
        let agreement = DataSharingAgreement()
        let id = UUID()
        agreement.id = id
        agreement.title = "Matrix ISA"
        agreement.purpose = "Testing"
        agreement.lawfulBasis = LawfulBasis.publicTask.rawValue
        agreement.condition = SpecialCategoryCondition.substantialPublicInterest.rawValue
        agreement.fromDay = lantern.today.adding(days: -30).iso
        agreement.untilDay = lantern.today.adding(days: 300).iso
        agreement.recordedBy = person.id
        agreement.recordedAt = Date()
        try await agreement.create(on: lantern.app.db)
        let entries = parties.map { DataSharingAgreementEntry(agreementID: id, kind: .party, value: $0.id!.uuidString) }
            + [DataSharingAgreementEntry(agreementID: id, kind: .person, value: person.id.uuidString),
               DataSharingAgreementEntry(agreementID: id, kind: .borough, value: "E09000012")]
        for entry in entries { try await entry.create(on: lantern.app.db) }
        return id
    }

    /// A soft intelligence report recorded by an organisation, stored directly.
    static func makeReport(_ lantern: TestLantern, organisation: Organisation, by person: TestPerson) async throws -> String {
        let report = IntelligenceReport()
        report.id = UUID()
        report.reference = "INT-" + String(CaseReference.generate().dropFirst(4))
        report.$organisation.id = organisation.id!
        report.createdBy = person.id
        report.createdAt = Date()
        report.reportedOn = lantern.today.daysSinceEpoch
        report.quarter = Quarter(containing: lantern.today).code
        report.borough = "E09000012"
        report.exploitationTypes = "labour"
        report.indicators = "crowded_housing"
        report.sourceType = "practitioner"
        report.sourceEvaluation = "2"
        report.assessment = "C"
        report.handling = "P"
        report.sealedText = try lantern.app.lantern.cipher.seal("Seen at a car wash", context: report.textSealContext)
        try await report.create(on: lantern.app.db)
        return report.reference
    }

    /// A statistics table waiting for its uploader to confirm it.
    static func makeDatasetUpload(_ lantern: TestLantern, by person: TestPerson) async throws -> UUID {
        let upload = DatasetUpload()
        upload.id = UUID()
        upload.userID = person.id
        upload.createdAt = Date()
        upload.fileName = "return.csv"
        upload.kind = "csv"
        upload.content = Data("Nationality,Total\nAlbanian,3\nTotal,3\n".utf8)
        upload.choices = #"{"from":"2022-Q2","to":"","title":"","source":"","licence":""}"#
        try await upload.create(on: lantern.app.db)
        return upload.id!
    }

    /// An imported dataset with no figures (the remove route needs one to remove).
    static func makeDataset(_ lantern: TestLantern) async throws -> String {
        let dataset = StatisticsDataset()
        dataset.id = UUID()
        dataset.title = "Matrix dataset"
        dataset.measure = "nrm_referrals"
        dataset.mapping = "test"
        dataset.source = "Test"
        dataset.licence = "OGL"
        dataset.periodFrom = 20222
        dataset.periodTo = 20222
        dataset.importedByLabel = "test"
        dataset.importedAt = Date()
        dataset.fileName = "test.csv"
        dataset.fileSHA256 = ""
        dataset.contentSHA256 = ""
        dataset.coverage = DatasetCoverage.national.rawValue
        dataset.linesRead = 0
        dataset.figureCount = 0
        dataset.totalsChecked = 0
        try await dataset.create(on: lantern.app.db)
        return dataset.id!.uuidString
    }

    static func makeWorld(_ lantern: TestLantern) async throws -> World {
        let a = try await lantern.makeOrganisation("A Council")
        let b = try await lantern.makeOrganisation("B Council")
        let c = try await lantern.makeOrganisation("C Council")
        let colleague = try await lantern.makePerson(in: a, roles: [.caseWorker])
        let bWorker = try await lantern.makePerson(in: b, roles: [.caseWorker])
        let outsider = try await lantern.makePerson(in: c, roles: [.caseWorker])
        let today = lantern.today
        func team(_ organisation: Organisation, _ name: String) async throws -> Team {
            let team = Team(organisationID: organisation.id!, name: name, createdAt: Date())
            try await team.create(on: lantern.app.db)
            return team
        }
        let myTeam = try await team(a, "Adult safeguarding"), otherTeamOfMine = try await team(a, "Housing")
        let teamOfC = try await team(c, "SPOC")
        try await Self.join(myTeam, colleague, lantern)
        try await Self.join(teamOfC, outsider, lantern)
        func newCase(_ who: TestPerson) async throws -> String {
            let response = try await lantern.api(try await lantern.apiToken(for: who))
                .post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 3))
            return try #require(response.json["reference"] as? String)
        }
        func share(_ reference: String, scope: String, until: Day, withdraw: Bool, team: Team? = nil) async throws -> (consent: String, share: String) {
            let api = lantern.api(try await lantern.apiToken(for: bWorker))
            let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
                "basis": "child_safeguarding", "organisationIDs": [a.id!.uuidString], "scopes": [scope], "purpose": "Support",
                "obtainedHow": "in_person_verbal", "givenOn": today.iso, "validUntil": today.adding(days: 200).iso])
            let consentID = try #require(consent.json["id"] as? String)
            var body: [String: Any] = ["organisationID": a.id!.uuidString, "scope": scope, "purpose": "Support", "until": until.iso,
                                       "consentID": consentID]
            if let team { body["teamID"] = team.id!.uuidString }
            let made = try await api.post("/api/v1/cases/\(reference)/shares", body)
            if withdraw { _ = try await api.post("/api/v1/cases/\(reference)/consents/\(consentID)/withdraw", [:]) }
            return (consentID, try #require(made.json["id"] as? String))
        }
        let own = try await newCase(colleague)
        let shared = try await newCase(bWorker), decisionOnly = try await newCase(bWorker)
        let expired = try await newCase(bWorker), withdrawn = try await newCase(bWorker), other = try await newCase(outsider)
        _ = try await share(shared, scope: "full_case", until: today.adding(days: 30), withdraw: false)
        _ = try await share(decisionOnly, scope: "decision_status", until: today.adding(days: 30), withdraw: false)
        _ = try await share(expired, scope: "full_case", until: today.adding(days: 1), withdraw: false)
        _ = try await share(withdrawn, scope: "full_case", until: today.adding(days: 30), withdraw: true)
        let sharedWithMyTeam = try await newCase(bWorker), sharedWithAnotherTeam = try await newCase(bWorker)
        _ = try await share(sharedWithMyTeam, scope: "full_case", until: today.adding(days: 30), withdraw: false, team: myTeam)
        _ = try await share(sharedWithAnotherTeam, scope: "full_case", until: today.adding(days: 30), withdraw: false, team: otherTeamOfMine)
        // A's own case routed to the viewer's team (routing has no page yet: set directly).
        let routedToMyTeam = try await newCase(colleague)
        let routed = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == routedToMyTeam).first())
        routed.teamID = myTeam.id
        try await routed.save(on: lantern.app.db)
        // The owner's own consent and share (for the withdraw and revoke routes), and B's.
        let ownAPI = lantern.api(try await lantern.apiToken(for: colleague))
        let ownConsent = try #require(try await ownAPI.post("/api/v1/cases/\(own)/consents", [
            "basis": "child_safeguarding", "organisationIDs": [b.id!.uuidString], "scopes": ["decision_status"], "purpose": "Support",
            "obtainedHow": "phone", "givenOn": today.iso, "validUntil": today.adding(days: 100).iso]).json["id"] as? String)
        let ownShare = try #require(try await ownAPI.post("/api/v1/cases/\(own)/shares", [
            "organisationID": b.id!.uuidString, "scope": "decision_status", "purpose": "Support", "until": today.adding(days: 10).iso,
            "consentID": ownConsent]).json["id"] as? String)
        let otherShares = try await share(other == "" ? own : shared, scope: "full_case", until: today.adding(days: 5), withdraw: false)
        var world = World(a: a, b: b, c: c, colleague: colleague, outsider: outsider, myTeam: myTeam, otherTeamOfMine: otherTeamOfMine,
                     teamOfC: teamOfC, routedToMyTeam: routedToMyTeam, sharedWithMyTeam: sharedWithMyTeam,
                     sharedWithAnotherTeam: sharedWithAnotherTeam, own: own, shared: shared, decisionOnly: decisionOnly,
                     expired: expired, withdrawn: withdrawn, other: other, ownConsent: ownConsent, otherConsent: otherShares.consent,
                     ownShare: ownShare, otherShare: otherShares.share,
                     ownReport: try await makeReport(lantern, organisation: a, by: colleague),
                     otherReport: try await makeReport(lantern, organisation: c, by: outsider),
                     dataset: try await makeDataset(lantern),
                     groups: try await makeGroupWorld(lantern, a: a, c: c, colleague: colleague, outsider: outsider))
        world.aftercare = try await makeAftercareWorld(lantern, world)
        world.conferences = try await makeConferenceWorld(lantern, world)
        world.training = try await makeTrainingWorld(lantern, world)
        world.events = try await makeEventWorld(lantern, world)
        world.surveys = try await makeSurveyWorld(lantern, world)
        world.voiceMessage = try await makeVoiceMessage(lantern)
        world.datasetUpload = try await makeDatasetUpload(lantern, by: colleague)
        world.agreement = try await makeAgreement(lantern, naming: colleague, parties: [a, c])
        return world
    }

    /// Puts a person in a team.
    static func join(_ team: Team, _ person: TestPerson, _ lantern: TestLantern) async throws {
        let member = TeamMember()
        member.id = UUID()
        member.$team.id = team.id!
        member.$user.id = person.id
        member.addedAt = Date()
        member.addedBy = person.id
        try await member.create(on: lantern.app.db)
    }

    /// The concrete paths to try for a route pattern, each with the record's relation.
    static func scenarios(for pattern: String, world w: World, viewer: TestPerson?, viewerToken: String?,
                          enrolment: Enrolment? = nil) throws -> [Scenario] {
        let parameters = pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map(String.init)
        func fill(_ values: [String: String]) -> String {
            pattern.split(separator: "/", omittingEmptySubsequences: false).map { part in values[String(part)] ?? String(part) }
                .joined(separator: "/")
        }
        if parameters.isEmpty { return [Scenario(label: "-", path: pattern, relation: nil)] }
        switch Set(parameters) {
        case [":reference"], [":reference", ":event"]:
            // Notes are the owning organisation's alone: a partner reaching the case does not reach them.
            let partner = !ownersOnly(pattern)
            let cases: [(String, String, LanternCore.Relation)] = [("own", w.own, .sameOrganisation), ("shared", w.shared, partner ? .sharedWithOrganisation : .otherOrganisation),
                                                       ("decision only", w.decisionOnly, partner && showsOnlyTheDecision(pattern) ? .sharedWithOrganisation : .otherOrganisation),
                                                       ("expired", w.expired, .otherOrganisation), ("withdrawn", w.withdrawn, .otherOrganisation),
                                                       ("other", w.other, .otherOrganisation),
                                                       ("shared with my team", w.sharedWithMyTeam, partner ? .sharedWithTeam : .otherOrganisation),
                                                       ("shared with another team of mine", w.sharedWithAnotherTeam, .otherOrganisation)]
            return cases.map { Scenario(label: $0.0, path: fill([":reference": $0.1, ":event": "referral_decision"]), relation: $0.2) }
                + [Scenario(label: "routed to my team", path: fill([":reference": w.routedToMyTeam, ":event": "referral_decision"]),
                            relations: [.sameTeam, .sameOrganisation])]
                + (w.conferences.map { conferenceCaseScenarios($0, pattern: pattern, fill: fill) } ?? [])
        case [":reference", ":consentID"]:
            return [Scenario(label: "own", path: fill([":reference": w.own, ":consentID": w.ownConsent]), relation: .sameOrganisation),
                    Scenario(label: "shared", path: fill([":reference": w.shared, ":consentID": w.otherConsent]), relation: .sharedWithOrganisation),
                    Scenario(label: "other", path: fill([":reference": w.other, ":consentID": w.otherConsent]), relation: .otherOrganisation)]
        case [":reference", ":shareID"]:
            return [Scenario(label: "own", path: fill([":reference": w.own, ":shareID": w.ownShare]), relation: .sameOrganisation),
                    Scenario(label: "shared", path: fill([":reference": w.shared, ":shareID": w.otherShare]), relation: .sharedWithOrganisation),
                    Scenario(label: "other", path: fill([":reference": w.other, ":shareID": w.otherShare]), relation: .otherOrganisation)]
        case [":userID"]:
            return [Scenario(label: "colleague", path: fill([":userID": w.colleague.id.uuidString]), relation: .sameOrganisation),
                    Scenario(label: "other", path: fill([":userID": w.outsider.id.uuidString]), relation: .otherOrganisation)]
        case [":organisationID"]:
            return [Scenario(label: "own", path: fill([":organisationID": w.a.id!.uuidString]), relation: .sameOrganisation),
                    Scenario(label: "other", path: fill([":organisationID": w.c.id!.uuidString]), relation: .otherOrganisation)]
        case [":tokenID"]:
            return [Scenario(label: "someone else's", path: fill([":tokenID": UUID().uuidString]), relation: .otherOrganisation)]
        case [":reportReference"]:
            return [Scenario(label: "own", path: fill([":reportReference": w.ownReport]), relation: .sameOrganisation),
                    Scenario(label: "other", path: fill([":reportReference": w.otherReport]), relation: .otherOrganisation)]
        case [":teamID"]:
            return [Scenario(label: "my organisation's", path: fill([":teamID": w.otherTeamOfMine.id!.uuidString]), relation: .sameOrganisation),
                    Scenario(label: "other", path: fill([":teamID": w.teamOfC.id!.uuidString]), relation: .otherOrganisation)]
        case [":teamID", ":userID"]:
            return [Scenario(label: "my organisation's", path: fill([":teamID": w.myTeam.id!.uuidString, ":userID": w.colleague.id.uuidString]),
                             relation: .sameOrganisation),
                    Scenario(label: "other", path: fill([":teamID": w.teamOfC.id!.uuidString, ":userID": w.outsider.id.uuidString]),
                             relation: .otherOrganisation)]
        case [":uploadID"]:
            // An upload is its uploader's alone: the colleague's is hidden from everyone else.
            var scenario = Scenario(label: "someone else's upload", path: fill([":uploadID": w.datasetUpload?.uuidString ?? UUID().uuidString]), relation: nil)
            scenario.someoneElsesOwn = true
            return [scenario]
        case [":agreementID"]:
            // Agreements are the partnership's: the role alone decides who reads and ends one.
            // Its exact figures are for the person it names (the colleague), hidden from every viewer.
            let path = fill([":agreementID": w.agreement?.uuidString ?? UUID().uuidString])
            var scenario = Scenario(label: "agreement", path: path, relation: nil)
            scenario.someoneElsesOwn = pattern.hasSuffix("/figures")
            return [scenario]
        case [":datasetID"]:
            // Datasets are pan-London, owned by no organisation: the role alone decides.
            return [Scenario(label: "dataset", path: fill([":datasetID": w.dataset]), relation: nil)]
        case [":token"]:
            return [Scenario(label: "unknown", path: fill([":token": "not-a-real-token"]), relation: nil)]
        default:
            if let aftercare = w.aftercare,
               let scenarios = aftercareScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: aftercare) { return scenarios }
            if let conferences = w.conferences,
               let scenarios = togetherScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: conferences) { return scenarios }
            if let training = w.training,
               let scenarios = trainingScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: training) { return scenarios }
            if let events = w.events,
               let scenarios = eventScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: events) { return scenarios }
            if let message = w.voiceMessage, Set(parameters) == [":messageID"] {
                // Survivor voice is no organisation's: the role alone decides.
                return [Scenario(label: "a message", path: fill([":messageID": message.uuidString]), relation: nil)]
            }
            if let surveys = w.surveys,
               let scenarios = surveyScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: surveys) { return scenarios }
            if let scenarios = groupScenarios(for: Set(parameters), pattern: pattern, fill: fill, world: w.groups, enrolment: enrolment) { return scenarios }
            Issue.record("No scenarios for the parameters of \(pattern): add them to the authorisation matrix")
            return []
        }
    }

    /// What the policy says should happen.
    static func expected(_ access: RouteAccess, roles: Set<Role>?, relations: Set<LanternCore.Relation>?, isAPI: Bool,
                         policy: AccessPolicy = .lantern) -> Outcome? {
        guard let roles else {
            switch access {
            case .open: return nil
            default: return .signInRequired
            }
        }
        switch access {
        case .open, .signingIn: return nil
        case .signedIn: return relations == nil ? .allowed : .hidden
        case .action(let action):
            guard policy.allowsSome(roles, action) else { return .forbidden }
            guard let relations else { return .allowed }
            return policy.permits(roles, action, onAny: relations) ? .allowed : .hidden
        case .anyAction(let actions):
            guard actions.contains(where: { policy.allowsSome(roles, $0) }) else { return .forbidden }
            guard let relations else { return .allowed }
            return actions.contains { policy.permits(roles, $0, onAny: relations) } ? .allowed : .hidden
        }
    }

    static func classify(_ response: TestingHTTPResponse) -> Outcome {
        switch response.status {
        case .unauthorized: return .signInRequired
        case .seeOther where response.location == "/sign-in": return .signInRequired
        case .forbidden: return .forbidden
        case .notFound: return .hidden
        default: return .allowed
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyRouteRoleAndRelationGetsWhatThePolicySays(database: TestDatabase) async throws {
        try await Self.runMatrix(database, roles: Role.allCases, requirements: .none)
    }

    /// The training condition is part of the table: with requirements in force, a person who
    /// holds none of the training gets, on every route and relation, what the table as it stands
    /// for them says (the roles that carry a requirement, with conditions on function-level and
    /// record-level grants alike).
    static let requirements = "case_worker:create_case=first-responder,case_worker:edit_case=first-responder,"
        + "modern_slavery_lead:view_case=first-responder,modern_slavery_lead:share_case=first-responder,"
        + "trainer:manage_training=trainer-ready,organisation_admin:invite_user=admin-basics,analyst:view_intelligence=intelligence-handling"

    @Test(arguments: TestDatabase.available)
    func withTrainingRequirementsAnUntrainedPersonGetsWhatTheirTableSays(database: TestDatabase) async throws {
        let requirements = try TrainingRequirements.parse(Self.requirements, against: .lantern)
        try await Self.runMatrix(database, roles: Role.allCases, requirements: requirements)
    }

    /// Routes whose handler asks a second action of the person as well as the route's own: a
    /// concern raised on a case is written on the case, so it needs `editCase` too (no role has
    /// one without the other in the table; a training condition can part them).
    static let alsoNeeds: [String: Action] = ["/cases/:reference/concerns/new": .editCase]

    static func runMatrix(_ database: TestDatabase, roles testedRoles: [Role], requirements: TrainingRequirements) async throws {
        let policy = AccessPolicy.lantern.requiring(requirements).standing(.nothing)
        try await TestLantern.run(database, settings: { $0.trainingRequirements = requirements }) { lantern in
            // The fixture's people are exempted; the viewers below hold nothing.
            let world = try await TestLantern.$exemptNewPeopleFrom.withValue(requirements.actions) { try await Self.makeWorld(lantern) }
            // Let the "expired" share (ending tomorrow) run out.
            lantern.clock.advance(2 * 86_400)
            let routes = lantern.app.routeCatalogue.entries
            var checked = 0
            var mismatches: [String] = []
            for role in [nil] + testedRoles.map(Optional.some) {
                let viewer = try await role.asyncMap { try await lantern.makePerson(in: world.a, roles: [$0]) }
                if let viewer { try await Self.join(world.myTeam, viewer, lantern) }
                let enrolment = try await viewer.asyncMap { try await Self.enrol($0, in: world.groups, lantern) }
                if let viewer, let conferences = world.conferences { try await Self.enrolInConferences(viewer, conferences, lantern) }
                if let viewer, let training = world.training { try await Self.enrolInTraining(viewer, training, lantern) }
                if let viewer, let events = world.events { try await Self.enrolInEvents(viewer, events, lantern) }
                if let viewer, let surveys = world.surveys { try await Self.enrolInSurveys(viewer, surveys, lantern) }
                let browser = try await viewer.asyncMap { try await lantern.signedIn($0) } ?? lantern.browser()
                let token = try await viewer.asyncMap { try await lantern.apiToken(for: $0) }
                // A signed-out browser still has a form token, so it meets the sign-in check, not CSRF.
                try await browser.get(viewer == nil ? "/sign-in" : "/")
                for route in routes where !route.path.hasPrefix("/sign-out") {
                    let isAPI = route.path.hasPrefix("/api/v1")
                    for scenario in try Self.scenarios(for: route.path, world: world, viewer: viewer, viewerToken: token, enrolment: enrolment)
                        .map({ Self.asConferenceAction(Self.asChairOnly($0, method: route.method, pattern: route.path), roles: role.map { [$0] }) }) {
                        guard var want = Self.expected(route.access, roles: role.map { [$0] }, relations: scenario.relations, isAPI: isAPI,
                                                       policy: policy) else { continue }
                        if let role, let extra = Self.alsoNeeds[route.path], !policy.allowsSome([role], extra), want != .forbidden { want = .forbidden }
                        if scenario.someoneElsesOwn && want == .allowed { want = .hidden }
                        let response: TestingHTTPResponse
                        if isAPI {
                            var headers: HTTPHeaders = ["Content-Type": "application/json"]
                            if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
                            response = try await lantern.app.testing().sendRequest(route.method, scenario.path, headers: headers,
                                                                                    body: route.method == .GET ? nil : ByteBuffer(string: "{}"))
                        } else if route.method == .GET {
                            response = try await browser.get(scenario.path)
                        } else {
                            response = try await browser.post(scenario.path, [])
                        }
                        checked += 1
                        let got = Self.classify(response)
                        if got != want {
                            mismatches.append("\(role?.rawValue ?? "signed out") \(route.method.rawValue) \(route.path) [\(scenario.label)]: expected \(want), got \(got) (\(response.status.code))")
                        }
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) of \(checked) cells differ:\n\(mismatches.joined(separator: "\n"))")
            #expect(checked > 500)
        }
    }
}
