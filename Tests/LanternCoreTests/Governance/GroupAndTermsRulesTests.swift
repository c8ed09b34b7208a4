import Testing
@testable import LanternCore

/// Groups (parents, memberships in force, slugs) and terms of reference (review due, the
/// current version, the fields a version needs, comparing two versions line by line).
@Suite struct GroupAndTermsRulesTests {
    static let today = Day(year: 2026, month: 11, day: 30)!

    // MARK: Memberships

    @Test func aMembershipIsInForceFromItsFirstDayThroughItsLastDay() {
        let t = Self.today
        #expect(MembershipPeriod(from: t, until: nil).isInForce(on: t))
        #expect(!MembershipPeriod(from: t.adding(days: 1), until: nil).isInForce(on: t))
        #expect(MembershipPeriod(from: t.adding(days: -9), until: t).isInForce(on: t))
        #expect(!MembershipPeriod(from: t.adding(days: -9), until: t.adding(days: -1)).isInForce(on: t))
        #expect(MembershipPeriod(from: t.adding(days: -9), until: t.adding(days: -1)).hasEnded(by: t))
        #expect(!MembershipPeriod(from: t.adding(days: -9), until: t).hasEnded(by: t))
    }

    @Test func chairsAndSecretariatAreTheirOwnRelations() {
        #expect(GroupRole.chair.chairs && GroupRole.viceChair.chairs)
        #expect(!GroupRole.member.chairs && !GroupRole.secretariat.chairs)
        #expect(GroupRole.secretariat.isSecretariat && !GroupRole.adviser.isSecretariat)
        #expect(GroupRole(rawValue: "vice_chair") == .viceChair)
    }

    // MARK: Parents

    @Test func onlyASubgroupHasAParentAndItIsABoardOrNetwork() {
        #expect(GroupRules.parentProblem(kind: .board, groupID: nil, parentID: nil, parentKind: nil) == nil)
        #expect(GroupRules.parentProblem(kind: .network, groupID: nil, parentID: "b", parentKind: .board) == .notAllowed)
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: nil, parentID: nil, parentKind: nil) == .missing)
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: nil, parentID: "n", parentKind: .network) == nil)
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: nil, parentID: "b", parentKind: .board) == nil)
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: nil, parentID: "s", parentKind: .subgroup) == .parentIsSubgroup)
    }

    @Test func aGroupCannotSitUnderItselfOrItsDescendants() {
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: "g", parentID: "g", parentKind: .network) == .cycle)
        #expect(GroupRules.parentProblem(kind: .subgroup, groupID: "g", parentID: "p", parentKind: .network,
                                         ancestorsOfParent: ["x", "g"]) == .cycle)
    }

    @Test func slugsAreLowerCaseWordsJoinedByHyphens() {
        #expect(GroupRules.isValidSlug("leads-network"))
        #expect(!GroupRules.isValidSlug("Leads"))
        #expect(!GroupRules.isValidSlug("-leads"))
        #expect(!GroupRules.isValidSlug("leads--network"))
        #expect(!GroupRules.isValidSlug("a"))
        #expect(!GroupRules.isValidSlug("lëads"))
        #expect(GroupRules.slug(from: "London Modern Slavery Partnership Board (demo)") == "london-modern-slavery-partnership-board-demo")
        #expect(GroupRules.isValidSlug(GroupRules.slug(from: "  Data -- sub-group!  ")))
    }

    // MARK: Terms of reference

    @Test func aReviewFallsDueThirtyDaysAheadAndIsOverdueAfterItsDay() {
        let t = Self.today
        #expect(TermsRules.reviewNoticeDays == 30)
        #expect(TermsRules.reviewState(nextReview: t.adding(days: 31), today: t) == .notDue)
        #expect(TermsRules.reviewState(nextReview: t.adding(days: 30), today: t) == .due)
        #expect(TermsRules.reviewState(nextReview: t, today: t) == .due)
        #expect(TermsRules.reviewState(nextReview: t.adding(days: -1), today: t) == .overdue)
        #expect(TermsRules.reviewFallsDue(nextReview: t.adding(days: -200), today: t))
        #expect(!TermsRules.reviewFallsDue(nextReview: t.adding(days: 200), today: t))
    }

    @Test func theCurrentVersionIsTheHighestApproved() {
        let t = Self.today
        #expect(TermsRules.currentVersion([], today: t) == nil)
        #expect(TermsRules.currentVersion([(1, t.adding(days: -400)), (2, t.adding(days: -10))], today: t) == 2)
        // Version 3 takes effect only once its approval day has come.
        #expect(TermsRules.currentVersion([(1, t.adding(days: -400)), (3, t.adding(days: 5))], today: t) == 1)
    }

    @Test func aVersionNeedsBodyQuorumApprovalAndALaterReview() {
        let t = Self.today
        #expect(TermsRules.problems(body: "Purpose", quorum: 5, approvedOn: t, nextReviewOn: t.adding(days: 365)).isEmpty)
        let bad = TermsRules.problems(body: "  \n", quorum: 0, approvedOn: nil, nextReviewOn: nil)
        #expect(bad == ["body": .bodyMissing, "quorum": .quorumInvalid, "approvedOn": .approvedMissing, "nextReviewOn": .reviewMissing])
        #expect(TermsRules.problems(body: "x", quorum: nil, approvedOn: t, nextReviewOn: t)
                == ["quorum": .quorumInvalid, "nextReviewOn": .reviewNotAfterApproval])
        #expect(TermsRules.problems(body: String(repeating: "x", count: TermsRules.bodyLimit + 1), quorum: 3, approvedOn: t,
                                    nextReviewOn: t.adding(days: 1)) == ["body": .bodyTooLong])
    }

    // MARK: Comparing versions

    @Test func identicalTextsKeepEveryLine() {
        let lines = LineDiff.compare("a\nb\nc\n", "a\nb\nc")
        #expect(lines.allSatisfy { $0.change == .kept })
        #expect(lines.map(\.text) == ["a", "b", "c"])
    }

    @Test func addedAndRemovedLinesAreNamedWithTheirNumbers() {
        let lines = LineDiff.compare("Purpose\nQuorum: 5\nMeets quarterly", "Purpose\nQuorum: 6\nMeets quarterly\nReviewed yearly")
        #expect(lines == [
            .init(change: .kept, text: "Purpose", oldNumber: 1, newNumber: 1),
            .init(change: .removed, text: "Quorum: 5", oldNumber: 2, newNumber: nil),
            .init(change: .added, text: "Quorum: 6", oldNumber: nil, newNumber: 2),
            .init(change: .kept, text: "Meets quarterly", oldNumber: 3, newNumber: 3),
            .init(change: .added, text: "Reviewed yearly", oldNumber: nil, newNumber: 4),
        ])
        #expect(LineDiff.counts(lines) == (added: 2, removed: 1))
    }

    @Test func theOldTextIsRebuiltFromKeptAndRemovedAndTheNewFromKeptAndAdded() {
        let old = "one\ntwo\nthree\nfour\nfive\nsix", new = "zero\none\nthree\nfour\n4b\nsix\nseven"
        let lines = LineDiff.compare(old, new)
        #expect(lines.filter { $0.change != .added }.map(\.text) == LineDiff.lines(of: old))
        #expect(lines.filter { $0.change != .removed }.map(\.text) == LineDiff.lines(of: new))
        // The longest run in common is kept: one, three, four, six.
        #expect(lines.filter { $0.change == .kept }.map(\.text) == ["one", "three", "four", "six"])
    }

    @Test func emptyTextsAndLineEndings() {
        #expect(LineDiff.compare("", "").isEmpty)
        #expect(LineDiff.compare("", "a\r\nb").map(\.change) == [.added, .added])
        #expect(LineDiff.compare("a\rb", "").map(\.change) == [.removed, .removed])
        #expect(LineDiff.lines(of: "a\r\nb\n") == ["a", "b"])
    }
}
