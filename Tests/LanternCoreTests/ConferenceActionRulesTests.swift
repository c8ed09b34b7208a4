import Foundation
import Testing
@testable import LanternCore

/// A conference's outcome for a case, its actions (owners within the conference, chasing),
/// its minutes and what the next meeting carries forward.
@Suite struct ConferenceActionRulesTests {
    let meeting = Day(iso: "2026-06-10")!
    let member = UUID().uuidString
    let team = UUID().uuidString
    var eligible: ConferenceActionRules.Eligible { .init(memberUserIDs: [member], teamIDs: [team]) }

    @Test func anOutcomeNeedsARiskLevelAndDecisionsAndAReviewOnOrAfterTheMeeting() {
        let ok = ConferenceActionRules.checkOutcome(risk: "high", decisions: " Refer to housing.\nCheck in weekly. ", review: "2026-07-01", meetingDay: meeting)
        #expect(ok == .success(.init(riskLevel: "high", decisions: "Refer to housing.\nCheck in weekly.", reviewOn: Day(iso: "2026-07-01"))))
        #expect((try? ConferenceActionRules.checkOutcome(risk: "medium", decisions: "x", review: "", meetingDay: meeting).get())?.reviewOn == nil)
        let bad = ConferenceActionRules.checkOutcome(risk: "severe", decisions: "  ", review: "2026-06-09", meetingDay: meeting)
        guard case .failure(let problems) = bad else { Issue.record("accepted"); return }
        #expect(problems.items.map(\.field) == ["risk", "decisions", "review"])
        #expect(problems.problem(for: "review") == .reviewBeforeMeeting)
        let invalid = ConferenceActionRules.checkOutcome(risk: "standard", decisions: "a\u{7}b", review: "2026-02-30", meetingDay: meeting)
        guard case .failure(let more) = invalid else { Issue.record("accepted"); return }
        #expect(more.problem(for: "decisions") == .control && more.problem(for: "review") == .reviewInvalid)
        let long = ConferenceActionRules.checkOutcome(risk: "high", decisions: String(repeating: "a", count: 10_001), review: nil, meetingDay: meeting)
        guard case .failure(let tooLong) = long else { Issue.record("accepted"); return }
        #expect(tooLong.problem(for: "decisions") == .decisionsTooLong)
    }

    @Test func anActionsOwnerIsAMemberOrATeamOfAnAttendingOrganisation() {
        let person = ConferenceActionRules.checkAction(what: "Book a housing assessment", owner: "person:\(member)", due: "2026-06-20",
                                                       meetingDay: meeting, eligible: eligible)
        #expect((try? person.get())?.owner == .person(member))
        let byTeam = ConferenceActionRules.checkAction(what: "Visit", owner: "team:\(team.lowercased())", due: "2026-06-10", meetingDay: meeting, eligible: eligible)
        #expect((try? byTeam.get())?.due == meeting)
        for outside in ["person:\(UUID().uuidString)", "team:\(UUID().uuidString)", "person:\(team)", "team:\(member)", "someone", "person:x"] {
            let refused = ConferenceActionRules.checkAction(what: "Visit", owner: outside, due: "2026-06-20", meetingDay: meeting, eligible: eligible)
            guard case .failure(let problems) = refused else { Issue.record("accepted \(outside)"); continue }
            #expect(problems.items == [.init(field: "owner", problem: .ownerOutside)])
        }
        let empty = ConferenceActionRules.checkAction(what: "", owner: "", due: "", meetingDay: meeting, eligible: eligible)
        guard case .failure(let problems) = empty else { Issue.record("accepted"); return }
        #expect(problems.items.map(\.problem) == [.whatMissing, .ownerMissing, .dueMissing])
        let early = ConferenceActionRules.checkAction(what: "x", owner: "person:\(member)", due: "2026-06-09", meetingDay: meeting, eligible: eligible)
        guard case .failure(let earlyProblems) = early else { Issue.record("accepted"); return }
        #expect(earlyProblems.problem(for: "due") == .dueBeforeMeeting)
        let nonsense = ConferenceActionRules.checkAction(what: "x", owner: "person:\(member)", due: "soon", meetingDay: meeting, eligible: eligible)
        guard case .failure(let nonsenseProblems) = nonsense else { Issue.record("accepted"); return }
        #expect(nonsenseProblems.problem(for: "due") == .dueInvalid)
    }

    @Test func attendingOrganisationsLeaveOutOnlyThoseRecordedAbsent() {
        let a = UUID().uuidString, b = UUID().uuidString, c = UUID().uuidString
        let attending = ConferenceActionRules.attendingOrganisations([(a, true), (b, nil), (c, false), (c.lowercased(), nil)])
        #expect(attending == [a, b, c].map { $0.uppercased() }.reduce(into: Set<String>()) { $0.insert($1) })
        #expect(ConferenceActionRules.attendingOrganisations([(c, false)]).isEmpty)
    }

    @Test func anOverdueOpenActionIsChasedOncePerDueDate() {
        let due = Day(iso: "2026-06-20")!
        #expect(!ConferenceActionRules.needsChase(due: due, state: .open, chasedOn: nil, today: due))
        #expect(ConferenceActionRules.needsChase(due: due, state: .open, chasedOn: nil, today: due.adding(days: 1)))
        #expect(!ConferenceActionRules.needsChase(due: due, state: .open, chasedOn: due.adding(days: 1), today: due.adding(days: 9)))
        #expect(!ConferenceActionRules.needsChase(due: due, state: .done, chasedOn: nil, today: due.adding(days: 9)))
        #expect(!ConferenceActionRules.needsChase(due: due, state: .dropped, chasedOn: nil, today: due.adding(days: 9)))
        // Moved to a later due date after a chase: chased again once that one passes.
        let later = due.adding(days: 14)
        #expect(ConferenceActionRules.needsChase(due: later, state: .open, chasedOn: due.adding(days: 1), today: later.adding(days: 1)))
        let id = UUID().uuidString
        #expect(ConferenceActionRules.chaseSourceKey(actionID: id, due: due) != ConferenceActionRules.chaseSourceKey(actionID: id, due: later))
        #expect(ConferenceActionRules.chaseSourceKey(actionID: id, due: due).hasPrefix(ConferenceActionRules.chaseSourcePrefix))
        #expect(ConferenceActionRules.taskSourceKey(actionID: id, userID: member) == "conf_action:\(id.lowercased()):\(member.lowercased())")
    }

    @Test func minutesAreWrittenWhileADraftAndApprovedOnce() {
        #expect(ConferenceActionRules.mayEditMinutes(nil) && ConferenceActionRules.mayEditMinutes(.draft))
        #expect(!ConferenceActionRules.mayEditMinutes(.approved))
        #expect(ConferenceActionRules.mayApproveMinutes(.draft))
        #expect(!ConferenceActionRules.mayApproveMinutes(nil) && !ConferenceActionRules.mayApproveMinutes(.approved))
        #expect(ConferenceActionRules.minutesProblem(" ") == .minutesMissing)
        #expect(ConferenceActionRules.minutesProblem("Present: ...\n\tAgreed") == nil)
        #expect(ConferenceActionRules.minutesProblem("a\u{0}") == .control)
    }

    @Test func theNextAgendaCarriesEachCaseOnceActionsFirst() {
        let d1 = Day(iso: "2026-05-01")!, d2 = Day(iso: "2026-06-01")!
        let caseA = UUID().uuidString, caseB = UUID().uuidString, caseC = UUID().uuidString, caseD = UUID().uuidString
        let candidates: [ConferenceActionRules.Carryable] = [
            .init(itemID: "a-review", caseID: caseA, heldOn: d2, reason: .reviewDue),
            .init(itemID: "a-old-actions", caseID: caseA, heldOn: d1, reason: .outstandingActions),
            .init(itemID: "b-review-old", caseID: caseB, heldOn: d1, reason: .reviewDue),
            .init(itemID: "b-review-new", caseID: caseB, heldOn: d2, reason: .reviewDue),
            .init(itemID: "c-actions", caseID: caseC, heldOn: d2, reason: .outstandingActions),
            .init(itemID: "d-already", caseID: caseD, heldOn: d2, reason: .outstandingActions),
        ]
        let carried = ConferenceActionRules.carried(candidates, existingCaseIDs: [caseD.lowercased()])
        #expect(carried.map(\.itemID) == ["a-old-actions", "c-actions", "b-review-new"])
        #expect(ConferenceActionRules.carried([]).isEmpty)
        #expect(ConferenceActionRules.reviewDue(reviewOn: d1, meetingDay: d1))
        #expect(!ConferenceActionRules.reviewDue(reviewOn: d2, meetingDay: d1))
        #expect(!ConferenceActionRules.reviewDue(reviewOn: nil, meetingDay: d1))
    }

    @Test func anOwnerReadsFromItsFormValueBothWays() {
        let id = UUID()
        #expect(ConferenceActionOwner(formValue: "person:\(id.uuidString.lowercased())") == .person(id.uuidString))
        #expect(ConferenceActionOwner(formValue: ConferenceActionOwner.team(id.uuidString).formValue) == .team(id.uuidString))
        #expect(ConferenceActionOwner(formValue: "org:\(id.uuidString)") == nil)
        #expect(ConferenceActionOwner(formValue: nil) == nil)
    }
}
