import Foundation
import Testing
@testable import LanternCore

/// The training condition in the access policy, as properties over random requirement sets
/// and standings: the table as it stands for a person never grants more than the whole table;
/// it grants exactly the whole table once every condition is met (by training or exemption);
/// a grant whose condition is unmet contributes nothing; and training is named as the reason
/// exactly when it, and nothing else, stands in the way.
@Suite struct TrainingConditionTests {
    static let qualifications = ["first-responder", "child-safeguarding", "trainer-ready"]

    /// A random set of conditions on grants the policy really has.
    static func randomRequirements(_ random: inout SplitMix64) -> TrainingRequirements {
        var conditions: [Role: [Action: String]] = [:]
        for (role, grants) in AccessPolicy.lantern.table {
            for action in grants.keys where !TrainingRequirements.neverRequired.contains(action) && Int.random(in: 0..<5, using: &random) == 0 {
                conditions[role, default: [:]][action] = qualifications.randomElement(using: &random)!
            }
        }
        return TrainingRequirements(conditions)
    }

    static func randomStanding(_ random: inout SplitMix64) -> TrainingStanding {
        TrainingStanding(qualifications: Set(qualifications.filter { _ in Bool.random(using: &random) }),
                         exemptions: Set(Action.allCases.filter { _ in Int.random(in: 0..<8, using: &random) == 0 }))
    }

    @Test(arguments: 0..<60)
    func aPersonsTableNeverGrantsMoreAndGrantsAllOnceEveryConditionIsMet(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 9_001)
        let requirements = Self.randomRequirements(&random)
        let policy = AccessPolicy.lantern.requiring(requirements)
        let standing = Self.randomStanding(&random)
        let theirs = policy.standing(standing)
        let roles = Set(Role.allCases.filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
        for action in Action.allCases {
            let whole = AccessPolicy.lantern.scopes(for: roles, action), narrowed = theirs.scopes(for: roles, action)
            #expect(narrowed.isSubset(of: whole))
            // A role's grant survives exactly when it has no condition or the condition is met.
            let expected = roles.reduce(into: Set<Scope>()) { result, role in
                guard let grant = AccessPolicy.lantern.table[role]?[action] else { return }
                if let needed = requirements.qualification(for: role, action), !standing.meets(needed, for: action) { return }
                result.formUnion(grant)
            }
            #expect(narrowed == expected, "\(roles) \(action)")
            for relation in Relation.allCases where theirs.permits(roles, action, on: relation) {
                #expect(AccessPolicy.lantern.permits(roles, action, on: relation))
            }
            // Training is named exactly when the whole table allows it and theirs does not.
            let missing = policy.missingTraining(roles, action, standing: standing)
            #expect(missing.isEmpty == (theirs.allowsSome(roles, action) || !AccessPolicy.lantern.allowsSome(roles, action)))
            // Meeting every condition named gives back the whole grant.
            let trained = TrainingStanding(qualifications: Set(Self.qualifications), exemptions: [])
            #expect(policy.standing(trained).scopes(for: roles, action) == whole)
        }
    }

    @Test func anExemptionMeetsTheConditionForItsActionOnly() {
        let requirements = TrainingRequirements([.caseWorker: [.createCase: "first-responder", .editCase: "first-responder"]])
        let policy = AccessPolicy.lantern.requiring(requirements)
        let exempt = policy.standing(TrainingStanding(exemptions: [.createCase]))
        #expect(exempt.allowsSome([.caseWorker], .createCase))
        #expect(!exempt.allowsSome([.caseWorker], .editCase))
        #expect(exempt.allowsSome([.caseWorker], .viewCase))
        // A second role without the condition still grants it.
        #expect(policy.standing(.nothing).allowsSome([.caseWorker, .modernSlaveryLead], .createCase))
        #expect(policy.missingTraining([.caseWorker], .editCase, standing: .nothing) == ["first-responder"])
        #expect(policy.missingTraining([.analyst], .editCase, standing: .nothing).isEmpty)
    }

    @Test func theSettingIsReadStrictly() throws {
        let parsed = try TrainingRequirements.parse("case_worker:create_case=first-responder,trainer:manage_training=trainer-ready", against: .lantern)
        #expect(parsed.qualification(for: .caseWorker, .createCase) == "first-responder")
        #expect(parsed.qualifications(for: [.trainer, .analyst]) == ["trainer-ready"])
        for bad in ["case_worker:create_case", "nobody:create_case=x1", "case_worker:fly=x1", "analyst:create_case=first-responder",
                    "case_worker:register_for_training=x1", "case_worker:manage_own_account=x1", "case_worker:create_case=First Responder",
                    "case_worker:create_case=a,case_worker:create_case=b1", "case_worker:create_case=-x"] {
            #expect(throws: TrainingRequirements.Problem.self, "\(bad)") { try TrainingRequirements.parse(bad, against: .lantern) }
        }
    }

    @Test func anExemptionIsShortHasAReasonAndIsNeverSelfGranted() {
        let requirements = TrainingRequirements([.caseWorker: [.createCase: "first-responder"]])
        let today = Day(daysSinceEpoch: 20_000), admin = UUID(), worker = UUID()
        func problems(_ grantee: UUID?, _ action: Action?, _ until: Day?, _ reason: String, roles: Set<Role>? = [.caseWorker]) -> Set<TrainingExemptionRules.Problem> {
            TrainingExemptionRules.problems(.init(granteeID: grantee, action: action, until: until, reason: reason), granterID: admin,
                                            granteeRoles: roles, requirements: requirements, today: today)
        }
        #expect(problems(worker, .createCase, today.adding(days: 90), "Booked").isEmpty)
        #expect(problems(worker, .createCase, today, "Booked").isEmpty)
        #expect(problems(worker, .createCase, today.adding(days: 91), "Booked") == [.until])
        #expect(problems(worker, .createCase, today.adding(days: -1), "Booked") == [.until])
        #expect(problems(admin, .createCase, today, "Booked") == [.selfGrant])
        #expect(problems(worker, .createCase, today, "Booked", roles: nil) == [.person])
        #expect(problems(worker, .createCase, today, "Booked", roles: [.analyst]) == [.action])
        #expect(problems(worker, .editCase, today, "Booked") == [.action])
        #expect(problems(worker, .createCase, today, "  ") == [.reason])
        #expect(problems(nil, nil, nil, "") == [.person, .action, .until, .reason])
    }
}
