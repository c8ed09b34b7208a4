import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// After the decision in the authorisation matrix. Every case of the world (own, shared,
/// decision only, expired, withdrawn, another organisation's, shared with my team or another
/// team of mine, routed to my team) gets one record of each kind a route can name under it
/// (accommodation and support episodes, a pillar, a homelessness application, a housing
/// request, an alert, a missing episode), and each is tried under its own case and under the
/// viewer's own case ("crossed": must stay hidden). Safeguarding concerns and housing requests
/// are also records in their own right, routed to a team: to the viewer's team, to another team
/// of their organisation, to their organisation as a whole, raised by (or sent from) their
/// organisation to another, and between two other organisations.
extension AuthorisationMatrixTests {
    /// One case of the world and the relation it has to the viewer (as the `:reference` scenarios say).
    struct AftercareCase {
        let label: String
        let reference: String
        let relations: Set<LanternCore.Relation>
        /// The case's own records, by route parameter (`:episodeID` has one per path word).
        var records: [String: String] = [:]
    }

    /// A routed record (concern or housing request) and how it stands to the viewer.
    struct RoutedRecord {
        let label: String
        let id: String
        let relations: Set<LanternCore.Relation>
    }

    struct AftercareWorld {
        let cases: [AftercareCase]
        let concerns: [RoutedRecord]
        let housingRequests: [RoutedRecord]
    }

    static func makeAftercareWorld(_ lantern: TestLantern, _ w: World) async throws -> AftercareWorld {
        let db = lantern.app.db
        let sql = try #require(db as? any SQLDatabase)
        let today = lantern.today.daysSinceEpoch
        let now = Date()
        let by = w.colleague.id
        let cases: [(String, String, Set<LanternCore.Relation>)] = [
            ("own", w.own, [.sameOrganisation]), ("shared", w.shared, [.sharedWithOrganisation]),
            ("decision only", w.decisionOnly, [.otherOrganisation]), ("expired", w.expired, [.otherOrganisation]),
            ("withdrawn", w.withdrawn, [.otherOrganisation]), ("other", w.other, [.otherOrganisation]),
            ("shared with my team", w.sharedWithMyTeam, [.sharedWithTeam]),
            ("shared with another team of mine", w.sharedWithAnotherTeam, [.otherOrganisation]),
            ("routed to my team", w.routedToMyTeam, [.sameTeam, .sameOrganisation]),
        ]
        var made: [AftercareCase] = []
        for (label, reference, relations) in cases {
            let record = try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first())
            let caseID = try record.requireID()
            var item = AftercareCase(label: label, reference: reference, relations: relations)
            func insert(_ table: String, _ values: [String: any Encodable & Sendable]) async throws -> String {
                let id = UUID()
                var columns = ["id", "case_id"], binds: [any SQLExpression] = [SQLBind(id), SQLBind(caseID)]
                for (column, value) in values.sorted(by: { $0.key < $1.key }) {
                    columns.append(column)
                    binds.append(SQLBind(value))
                }
                try await sql.insert(into: table).columns(columns).values(binds).run()
                return id.uuidString
            }
            let recorded: [String: any Encodable & Sendable] = ["recorded_by": by, "recorded_at": now]
            item.records["stay"] = try await insert("case_accommodation", recorded.merging(
                ["kind": "hostel", "from_day": today - 20], uniquingKeysWith: { a, _ in a }))
            item.records["support"] = try await insert("case_support", recorded.merging(
                ["kind": "charity", "from_day": today - 20], uniquingKeysWith: { a, _ in a }))
            item.records[":pillarID"] = try await insert("case_rna_pillars", recorded.merging(
                ["pillar": SupportPillar.allCases[0].rawValue, "requested_on": today - 5, "outcome": "pending"], uniquingKeysWith: { a, _ in a }))
            item.records[":applicationID"] = try await insert("homelessness_applications", recorded.merging(
                ["borough_code": "E09000012", "applied_on": today - 5, "duty": "relief", "priority_need": "pending"], uniquingKeysWith: { a, _ in a }))
            item.records[":requestID"] = try await insert("housing_requests", recorded.merging(
                ["from_organisation_id": record.$organisation.id, "to_organisation_id": w.c.id!, "borough_code": "E09000012",
                 "sent_on": today - 2, "status": "sent"], uniquingKeysWith: { a, _ in a }))
            item.records[":alertID"] = try await insert("case_alerts", [
                "kind": "no_contact", "window_key": "matrix", "raised_on": today, "raised_at": now,
                "organisation_id": record.$organisation.id, "state": "open"])
            item.records["missing"] = try await insert("child_missing_episodes", [
                "from_at": now.addingTimeInterval(-86_400 * 3), "until_at": now.addingTimeInterval(-86_400),
                "recorded_by": by, "recorded_at": now, "updated_by": by, "updated_at": now])
            made.append(item)
        }

        func concern(_ label: String, routedTo organisation: Organisation, team: Team?, raisedBy raiser: Organisation,
                     relations: Set<LanternCore.Relation>) async throws -> RoutedRecord {
            let id = UUID()
            let sealed = try lantern.app.lantern.cipher.seal("Seen at a car wash", context: SafeguardingConcern.seenContext(id))
            try await sql.insert(into: "safeguarding_concerns")
                .columns("id", "raised_by", "raised_by_organisation_id", "subject", "kind", "urgency", "police_box", "borough_code",
                         "sealed_seen", "routed_organisation_id", "routed_team_id", "routed_at", "acknowledge_by", "recorded_by", "recorded_at")
                .values(SQLBind(id), SQLBind(by), SQLBind(raiser.id!), SQLBind("adult"), SQLBind("neglect"), SQLBind("standard"),
                        SQLBind(false), SQLBind("E09000012"), SQLBind(sealed), SQLBind(organisation.id!), SQLBind(team?.id),
                        SQLBind(now), SQLBind(now.addingTimeInterval(3 * 86_400)), SQLBind(by), SQLBind(now))
                .run()
            return RoutedRecord(label: label, id: id.uuidString, relations: relations)
        }
        let concerns = [
            try await concern("routed to my team", routedTo: w.a, team: w.myTeam, raisedBy: w.c, relations: [.sameTeam, .sameOrganisation]),
            try await concern("routed to another team of mine", routedTo: w.a, team: w.otherTeamOfMine, raisedBy: w.c, relations: [.sameOrganisation]),
            try await concern("routed to my organisation", routedTo: w.a, team: nil, raisedBy: w.c, relations: [.sameOrganisation]),
            try await concern("raised by my organisation", routedTo: w.c, team: w.teamOfC, raisedBy: w.a, relations: [.sharedWithOrganisation]),
            try await concern("between others", routedTo: w.c, team: nil, raisedBy: w.b, relations: [.otherOrganisation]),
        ]

        func request(_ label: String, on reference: String, to organisation: Organisation, team: Team?,
                     relations: Set<LanternCore.Relation>) async throws -> RoutedRecord {
            let record = try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first())
            let id = UUID()
            try await sql.insert(into: "housing_requests")
                .columns("id", "case_id", "from_organisation_id", "to_organisation_id", "to_team_id", "borough_code", "sent_on", "status",
                         "recorded_by", "recorded_at")
                .values(SQLBind(id), SQLBind(try record.requireID()), SQLBind(record.$organisation.id), SQLBind(organisation.id!),
                        SQLBind(team?.id), SQLBind("E09000012"), SQLBind(today - 1), SQLBind("sent"), SQLBind(by), SQLBind(now))
                .run()
            return RoutedRecord(label: label, id: id.uuidString, relations: relations)
        }
        let housingRequests = [
            try await request("to my team", on: w.other, to: w.a, team: w.myTeam, relations: [.sameTeam, .sameOrganisation]),
            try await request("to another team of mine", on: w.other, to: w.a, team: w.otherTeamOfMine, relations: [.sameOrganisation]),
            try await request("to my organisation", on: w.other, to: w.a, team: nil, relations: [.sameOrganisation]),
            try await request("sent by my organisation", on: w.own, to: w.c, team: w.teamOfC, relations: [.sharedWithOrganisation]),
            try await request("between others", on: w.shared, to: w.c, team: nil, relations: [.otherOrganisation]),
        ]
        return AftercareWorld(cases: made, concerns: concerns, housingRequests: housingRequests)
    }

    /// Whether a decision-status share reaches the route: the case itself (its decision) and the
    /// routes that were there before; the pages after the decision (where the person lives,
    /// support, status, the children's pathway, the Duty to Notify) are the owner's and full
    /// shares' only.
    static func showsOnlyTheDecision(_ pattern: String) -> Bool {
        let afterTheDecision = ["/accommodation", "/support", "/contact-log", "/status", "/pillars", "/homelessness",
                                "/housing-requests", "/alerts", "/children", "/duty-to-notify", "/concerns"]
        return !afterTheDecision.contains { pattern.contains($0) }
    }

    /// The scenarios of after-the-decision routes, or nil when the parameters are not theirs.
    static func aftercareScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String,
                                   world: AftercareWorld) -> [Scenario]? {
        switch parameters {
        case [":concernID"]:
            return world.concerns.map { Scenario(label: $0.label, path: fill([":concernID": $0.id]), relations: $0.relations) }
        case [":requestID"]:
            return world.housingRequests.map { Scenario(label: $0.label, path: fill([":requestID": $0.id]), relations: $0.relations) }
        case [":reference", ":item"]:
            return world.cases.map { Scenario(label: $0.label, path: fill([":reference": $0.reference, ":item": "health_check"]),
                                              relations: $0.relations) }
        case [":reference", ":episodeID"], [":reference", ":pillarID"], [":reference", ":applicationID"],
             [":reference", ":requestID"], [":reference", ":alertID"]:
            let parameter = parameters.first { $0 != ":reference" } ?? ""
            let key: String = switch parameter {
            case ":episodeID": pattern.contains("/accommodation/") ? "stay" : pattern.contains("/support/") ? "support" : "missing"
            default: parameter
            }
            guard let own = world.cases.first(where: { $0.label == "own" }) else { return [] }
            return world.cases.map { item in
                Scenario(label: item.label, path: fill([":reference": item.reference, parameter: item.records[key] ?? ""]),
                         relations: item.relations)
            } + world.cases.filter { $0.label == "other" }.map { other in
                // The viewer's own case with another organisation's record: hidden.
                Scenario(label: "crossed", path: fill([":reference": own.reference, parameter: other.records[key] ?? ""]),
                         relations: [.otherOrganisation])
            }
        default:
            return nil
        }
    }
}
