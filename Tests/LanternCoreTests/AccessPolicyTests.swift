import Testing
@testable import LanternCore

/// The policy is tested cell by cell against an independent statement of who may do what:
/// every role × action × relation is asserted, so any change to the table shows up here.
@Suite struct AccessPolicyTests {
    let policy = AccessPolicy.lantern

    /// Expected grants written out again, independently of the table under test.
    /// o = own account, O = own organisation, S = shared with us, A = any organisation.
    static let expected: [Role: [Action: String]] = [
        .platformAdmin: [.manageOwnAccount: "o", .viewOrganisation: "A", .manageOrganisations: "A",
                         .viewUsers: "A", .inviteUser: "A", .manageNotifications: "A"],
        .organisationAdmin: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewUsers: "O", .inviteUser: "O",
                             .disableUser: "O", .resetUserSecondFactor: "O", .viewAuditTrail: "O", .manageRetention: "O",
                             .manageNotifications: "O"],
        .modernSlaveryLead: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewUsers: "O", .viewCase: "OS",
                             .createCase: "O", .editCase: "O", .shareCase: "O", .viewStatistics: "A",
                             .viewIntelligence: "O", .recordIntelligence: "O", .manageRetention: "O"],
        .caseWorker: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewCase: "OS", .createCase: "O",
                      .editCase: "O", .shareCase: "O", .viewStatistics: "A", .viewIntelligence: "O", .recordIntelligence: "O"],
        .analyst: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewStatistics: "A", .importStatistics: "A",
                   .viewIntelligence: "A", .recordIntelligence: "O"],
        .boardSecretariat: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewStatistics: "A"],
        .trainer: [.manageOwnAccount: "o", .viewOrganisation: "O"],
        .readOnly: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewCase: "OS"],
    ]

    static func expectedPermit(_ role: Role, _ action: Action, _ relation: Relation) -> Bool {
        let letters = expected[role]?[action] ?? ""
        switch relation {
        case .own: return letters.contains("o") || letters.contains("O") || letters.contains("A")
        case .sameOrganisation: return letters.contains("O") || letters.contains("A")
        case .sharedWithOrganisation: return letters.contains("S") || letters.contains("A")
        case .otherOrganisation: return letters.contains("A")
        }
    }

    @Test(arguments: Role.allCases)
    func everyCellMatchesTheExpectedMatrix(role: Role) {
        for action in Action.allCases {
            for relation in Relation.allCases {
                #expect(policy.permits([role], action, on: relation) == Self.expectedPermit(role, action, relation),
                        "\(role) \(action) \(relation)")
            }
        }
    }

    @Test func noRolesMeansNothingIsAllowed() {
        for action in Action.allCases {
            for relation in Relation.allCases {
                #expect(!policy.permits([], action, on: relation))
            }
        }
    }

    @Test func combinedRolesGetTheUnionAndNoMore() {
        let roles: Set<Role> = [.caseWorker, .organisationAdmin]
        #expect(policy.permits(roles, .viewAuditTrail, on: .sameOrganisation))
        #expect(policy.permits(roles, .editCase, on: .sameOrganisation))
        #expect(!policy.permits(roles, .editCase, on: .sharedWithOrganisation))
        #expect(!policy.permits(roles, .viewAuditTrail, on: .otherOrganisation))
    }

    @Test func caseRecordsNeverReachOtherOrganisations() {
        let caseActions: [Action] = [.viewCase, .createCase, .editCase, .shareCase]
        for role in Role.allCases {
            for action in caseActions {
                #expect(!policy.permits([role], action, on: .otherOrganisation), "\(role) \(action)")
            }
        }
    }

    @Test func sharedRecordsAreNeverWritable() {
        for role in Role.allCases {
            for action in [Action.editCase, .shareCase, .createCase] {
                #expect(!policy.permits([role], action, on: .sharedWithOrganisation))
            }
        }
    }

    @Test func platformAdminCannotReadCases() {
        #expect(!policy.allowsSome([.platformAdmin], .viewCase))
    }

    @Test func platformAdminIsNotAssignableFromTheWeb() {
        #expect(!Role.assignableByOrganisationAdmin.contains(.platformAdmin))
    }
}
