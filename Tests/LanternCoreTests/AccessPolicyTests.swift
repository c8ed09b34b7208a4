import Testing
@testable import LanternCore

/// The policy is tested cell by cell against an independent statement of who may do what:
/// every role × action × relation is asserted, so any change to the table shows up here.
@Suite struct AccessPolicyTests {
    let policy = AccessPolicy.lantern

    /// Expected grants written out again, independently of the table under test.
    /// o = own account, O = own organisation (its teams included), T = the person's teams,
    /// S = shared with their organisation or one of their teams, W = actions they own,
    /// C = case conferences they are named on, B = boards and groups they belong to,
    /// H = groups they chair, Y = groups they are secretariat of, A = any organisation.
    static let expected: [Role: [Action: String]] = [
        .platformAdmin: [.manageOwnAccount: "o", .viewOrganisation: "A", .manageOrganisations: "A",
                         .viewUsers: "A", .inviteUser: "A", .manageNotifications: "A", .manageGroup: "A", .createGroup: "A", .manageContacts: "A",
                         .registerForTraining: "A", .joinEvents: "A", .recordDataSharingAgreements: "A"],
        .organisationAdmin: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewUsers: "O", .inviteUser: "O",
                             .disableUser: "O", .resetUserSecondFactor: "O", .viewAuditTrail: "O", .manageRetention: "O",
                             .manageTeams: "O", .progressAction: "W", .manageNotifications: "O", .manageGroup: "Y", .approveMinutes: "HY", .viewBoardPapers: "B",
                             .manageContacts: "O", .registerForTraining: "A", .joinEvents: "A", .viewTrainingCoverage: "A", .grantTrainingExemption: "O"],
        .modernSlaveryLead: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewUsers: "O", .viewCase: "OSC",
                             .createCase: "O", .editCase: "O", .shareCase: "O", .viewStatistics: "A",
                             .viewIntelligence: "O", .recordIntelligence: "O", .manageRetention: "O",
                             .viewCaseConference: "OC", .progressAction: "OW", .viewBoardPapers: "B", .manageGroup: "Y", .approveMinutes: "HY", .manageContacts: "O",
                             .raiseConcern: "O", .viewConcern: "OS", .handleConcern: "O", .answerHousingRequest: "O",
                             .manageConferences: "O", .nominateToConference: "O", .answerShare: "S",
                             .registerForTraining: "A", .joinEvents: "A", .viewTrainingCoverage: "A", .manageEvents: "O", .runSurveys: "O",
                             .viewVoiceThemes: "A", .viewExactFigures: "o"],
        .caseWorker: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewCase: "OSC", .createCase: "O",
                      .editCase: "O", .shareCase: "O", .viewStatistics: "A", .viewIntelligence: "O", .recordIntelligence: "O",
                      .viewCaseConference: "C", .progressAction: "TW", .viewBoardPapers: "B", .manageGroup: "Y", .approveMinutes: "HY",
                      .raiseConcern: "O", .viewConcern: "TS", .handleConcern: "T", .answerHousingRequest: "T",
                      .nominateToConference: "O", .answerShare: "S", .registerForTraining: "A", .joinEvents: "A"],
        .analyst: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewStatistics: "A", .importStatistics: "A",
                   .viewIntelligence: "A", .recordIntelligence: "O", .progressAction: "W", .viewBoardPapers: "B", .manageGroup: "Y", .approveMinutes: "HY",
                   .registerForTraining: "A", .joinEvents: "A", .viewTrainingCoverage: "A", .viewVoiceThemes: "A",
                   .viewExactFigures: "o"],
        .boardSecretariat: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewStatistics: "A", .progressAction: "OW",
                            .viewBoardPapers: "OB", .manageGroup: "OY", .createGroup: "O", .approveMinutes: "HY", .manageContacts: "A",
                            .registerForTraining: "A", .joinEvents: "A", .viewTrainingCoverage: "A", .manageEvents: "O", .runSurveys: "O",
                            .viewVoiceThemes: "A", .recordDataSharingAgreements: "A", .editAnnualReport: "A"],
        .trainer: [.manageOwnAccount: "o", .viewOrganisation: "O", .progressAction: "W", .viewBoardPapers: "B", .manageGroup: "Y", .approveMinutes: "HY",
                   .manageTraining: "OW", .registerForTraining: "A", .joinEvents: "A", .viewTrainingCoverage: "A", .manageEvents: "O"],
        .voiceModerator: [.manageOwnAccount: "o", .viewOrganisation: "O", .progressAction: "W", .viewBoardPapers: "B",
                           .registerForTraining: "A", .joinEvents: "A", .moderateVoice: "A", .viewVoiceThemes: "A"],
        .readOnly: [.manageOwnAccount: "o", .viewOrganisation: "O", .viewCase: "OSC", .viewCaseConference: "C", .viewBoardPapers: "B",
                    .registerForTraining: "A", .joinEvents: "A"],
    ]

    static func expectedPermit(_ role: Role, _ action: Action, _ relation: Relation) -> Bool {
        let letters = expected[role]?[action] ?? ""
        let reaching: String = switch relation {
        case .own: "oO"
        case .actionOwner: "W"
        case .sameTeam: "TO"
        case .sameOrganisation: "O"
        case .sharedWithTeam, .sharedWithOrganisation: "S"
        case .conferenceMember: "C"
        case .boardMember: "B"
        case .boardChair: "BH"
        case .boardSecretariat: "BY"
        case .otherOrganisation: ""
        }
        return letters.contains { "A".contains($0) || reaching.contains($0) }
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

    @Test func reachIsTheRelationsTheScopesCover() {
        #expect(policy.reach(of: [.analyst], .viewIntelligence) == .everything)
        #expect(policy.reach(of: [.caseWorker], .viewCase) == .only([.own, .sameTeam, .sameOrganisation, .sharedWithTeam, .sharedWithOrganisation, .conferenceMember]))
        #expect(policy.reach(of: [.caseWorker], .progressAction) == .only([.sameTeam, .actionOwner]))
        #expect(policy.reach(of: [.trainer], .viewCase) == .only([]))
        for role in Role.allCases {
            for action in Action.allCases {
                guard case .only(let relations) = policy.reach(of: [role], action) else { continue }
                for relation in Relation.allCases {
                    #expect(relations.contains(relation) == policy.permits([role], action, on: relation), "\(role) \(action) \(relation)")
                }
            }
        }
    }

    @Test func sharesToATeamReachOnlyThatTeam() {
        let inTeam = Viewer(userID: "u1", organisationID: "b", teamIDs: ["housing"])
        let notInTeam = Viewer(userID: "u2", organisationID: "b", teamIDs: ["police-spoc"])
        let teamShare = RecordPlacement(organisationID: "a", sharesInForce: [ShareAddress(organisationID: "b", teamID: "housing")])
        #expect(Relation.all(of: inTeam, to: teamShare) == [.sharedWithTeam])
        #expect(Relation.all(of: notInTeam, to: teamShare) == [.otherOrganisation])
        let both = RecordPlacement(organisationID: "a", sharesInForce: [ShareAddress(organisationID: "b", teamID: "housing"),
                                                                         ShareAddress(organisationID: "b")])
        #expect(Relation.all(of: notInTeam, to: both) == [.sharedWithOrganisation])
        #expect(Relation.all(of: inTeam, to: both) == [.sharedWithTeam, .sharedWithOrganisation])
        // A share to a team of another organisation with the same team id never reaches.
        #expect(Relation.all(of: inTeam, to: RecordPlacement(organisationID: "a", sharesInForce: [ShareAddress(organisationID: "c", teamID: "housing")])) == [.otherOrganisation])
    }

    @Test func eachRelationComesFromTheRecord() {
        let me = Viewer(userID: "me", organisationID: "a", teamIDs: ["t1"])
        #expect(Relation.all(of: me, to: RecordPlacement(accountID: "me", organisationID: "a")) == [.own, .sameOrganisation])
        #expect(Relation.all(of: me, to: RecordPlacement(organisationID: "a", teamID: "t1")) == [.sameTeam, .sameOrganisation])
        #expect(Relation.all(of: me, to: RecordPlacement(organisationID: "a", teamID: "t2")) == [.sameOrganisation])
        // A team id only counts inside the viewer's own organisation.
        #expect(Relation.all(of: me, to: RecordPlacement(organisationID: "b", teamID: "t1")) == [.otherOrganisation])
        #expect(Relation.all(of: me, to: RecordPlacement(actionOwnerID: "me", organisationID: "b")) == [.actionOwner])
        #expect(Relation.all(of: me, to: RecordPlacement(organisationID: "b", conferenceMemberIDs: ["me", "x"])) == [.conferenceMember])
        #expect(Relation.all(of: me, to: RecordPlacement(boardMemberIDs: ["me"])) == [.boardMember])
        #expect(Relation.all(of: me, to: RecordPlacement(boardMemberIDs: ["me"], boardChairIDs: ["me"])) == [.boardMember, .boardChair])
        #expect(Relation.all(of: me, to: RecordPlacement(boardMemberIDs: ["me", "x"], boardSecretariatIDs: ["x"])) == [.boardMember])
        #expect(Relation.all(of: me, to: RecordPlacement(organisationID: "b", conferenceMemberIDs: ["x"])) == [.otherOrganisation])
        #expect(Relation.closest([.sameOrganisation, .sameTeam]) == .sameTeam)
    }

    @Test func aGrantOnAnyRelationIsEnough() {
        // A lead owns an action of another organisation's board: the owner grant lets them
        // progress it although their organisation grant does not reach it.
        #expect(policy.permits([.modernSlaveryLead], .progressAction, onAny: [.actionOwner]))
        #expect(policy.permits([.caseWorker], .progressAction, onAny: [.sameOrganisation, .sameTeam]))
        #expect(!policy.permits([.caseWorker], .progressAction, onAny: [.sameOrganisation]))
        // A conference member reads the case (within its window: checked where the case is placed) but never edits it.
        #expect(policy.permits([.caseWorker], .viewCase, onAny: [.otherOrganisation, .conferenceMember]))
        #expect(!policy.permits([.caseWorker], .editCase, onAny: [.otherOrganisation, .conferenceMember]))
    }

    @Test func platformAdminCannotReadCases() {
        #expect(!policy.allowsSome([.platformAdmin], .viewCase))
    }

    @Test func platformAdminIsNotAssignableFromTheWeb() {
        #expect(!Role.assignableByOrganisationAdmin.contains(.platformAdmin))
        #expect(!Role.assignableByOrganisationAdmin.contains(.voiceModerator))
    }
}
