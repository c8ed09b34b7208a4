import Foundation
import Testing
@testable import LanternCore

/// The minutes' steps, the public version's redaction and the actions' due rules.
@Suite struct MinutesRulesTests {
    @Test func minutesGoDraftCirculatedApprovedPublishedAndNoFurther() {
        #expect(MinutesStep.next(from: .draft) == .circulate)
        #expect(MinutesStep.next(from: .circulated) == .approve)
        #expect(MinutesStep.next(from: .approved) == .publish)
        #expect(MinutesStep.next(from: .published) == nil)
        for step in MinutesStep.allCases { #expect(MinutesStep.next(from: step.from) == step) }
        #expect(MinutesStep.approve.action == .approveMinutes)
        #expect(MinutesStep.circulate.action == .manageGroup && MinutesStep.publish.action == .manageGroup)
        #expect(MinutesStep.publish.to == .published)
    }

    @Test func minutesAreApprovedAtALaterMeetingOfTheSameGroupThatWasHeld() {
        let check = { (at: Double?, group: String?, cancelled: Bool) in
            MinutesRules.approvalProblem(minutedStartsAt: 1000, minutedGroupID: "g", approvingStartsAt: at,
                                         approvingGroupID: group, approvingCancelled: cancelled)
        }
        #expect(check(2000, "g", false) == nil)
        #expect(check(nil, nil, false) == .meetingMissing)
        #expect(check(2000, "other", false) == .meetingMissing)
        #expect(check(1000, "g", false) == .meetingNotLater)
        #expect(check(500, "g", false) == .meetingNotLater)
        #expect(check(2000, "g", true) == .meetingCancelled)
    }

    @Test func withheldNamesAreReadOnePerLineWithoutRepeatsAndChecked() {
        #expect(MinutesRules.names(fromLines: " Jane Doe \n\njane doe\nO'Brien\r\nZoë") == ["Jane Doe", "O'Brien", "Zoë"])
        #expect(MinutesRules.nameProblem(["Jo"]) == nil)
        #expect(MinutesRules.nameProblem(["J"]) == .tooShort)
        #expect(MinutesRules.nameProblem(["(.)"]) == .tooShort)
        #expect(MinutesRules.nameProblem([String(repeating: "a", count: 101)]) == .tooLong)
        #expect(MinutesRules.nameProblem(["Ann\u{7}"]) == .control)
        #expect(MinutesRules.nameProblem(Array(repeating: "Ann", count: 51)) == .tooMany)
        #expect(MinutesRules.nextVersion(after: []) == 1 && MinutesRules.nextVersion(after: [1, 3, 2]) == 4)
    }
}

@Suite struct MinutesRedactionTests {
    let p = MinutesRedaction.placeholder

    @Test func aNameIsReplacedAsAWholeWordInAnyCase() {
        #expect(MinutesRedaction.redact("Ann spoke; ANN agreed; ann's paper.", names: ["Ann"]) == "\(p) spoke; \(p) agreed; \(p)'s paper.")
    }

    @Test func aNameInsideAnotherWordIsLeftAlone() {
        let text = "The Annual report, Joanna and Annex B. Anne-Marie came. Ann_2 and Ann2 too."
        #expect(MinutesRedaction.redact(text, names: ["Ann"]) == text)
        #expect(MinutesRedaction.redact("Anne-Marie came", names: ["Anne"]) == "\(p)-Marie came")
    }

    @Test func namesWithPatternCharactersAreTakenLiterally() {
        let names = ["O'Brien (Jr.)", "J.+*?", "a|b", "[x]", "\\d+", "$1"]
        #expect(MinutesRedaction.redact("Seen: O'Brien (Jr.) and o'brien (jr.).", names: names) == "Seen: \(p) and \(p).")
        #expect(MinutesRedaction.redact("JX+*? and J.+*? here", names: names) == "JX+*? and \(p) here")
        #expect(MinutesRedaction.redact("ab a|b", names: names) == "ab \(p)")
        #expect(MinutesRedaction.redact("x [x] 123 \\d+ $1", names: names) == "x \(p) 123 \(p) \(p)")
        #expect(MinutesRedaction.redact("Nothing .* here", names: [".*"]) == "Nothing \(p) here")
        #expect(MinutesRedaction.redact("abc", names: [".*"]) == "abc")
    }

    @Test func unicodeNamesAreFoundInAnyCaseAndWithOrWithoutAccents() {
        #expect(MinutesRedaction.redact("Zoë and ZOË and Zoe met.", names: ["Zoë"]) == "\(p) and \(p) and \(p) met.")
        #expect(MinutesRedaction.redact("ŁUKASZ Wiśniewski spoke", names: ["Łukasz Wiśniewski"]) == "\(p) spoke")
        #expect(MinutesRedaction.redact("Ngọc Anh và Ngọc Anhs", names: ["Ngọc Anh"]) == "\(p) và Ngọc Anhs")
        #expect(MinutesRedaction.redact("محمد قال ومحمد", names: ["محمد"]) == "\(p) قال ومحمد")
        #expect(MinutesRedaction.redact("王伟 发言", names: ["王伟"]) == "\(p) 发言")
    }

    @Test func overlappingNamesGiveOnePlaceholderAndThePlaceholderIsNeverRedactedAgain() {
        #expect(MinutesRedaction.redact("Jane Doe and Jane", names: ["Jane", "Jane Doe"]) == "\(p) and \(p)")
        #expect(MinutesRedaction.redact("name withheld by Name", names: ["name", "withheld"]) == "\(p) \(p) by \(p)")
        #expect(MinutesRedaction.redact("Ann Ann", names: ["Ann", "Ann"]) == "\(p) \(p)")
    }

    @Test func thePublicVersionLeavesOutConfidentialItemsAndSaysWhatWasWithheld() {
        let document = MinutesDocument(general: "Chaired by Jane Doe.", items: [
            .init(agendaItemID: "1", title: "Welcome", isConfidential: false, text: "Jane Doe welcomed all."),
            .init(agendaItemID: "2", title: "Case review: Jane Doe", isConfidential: true, text: "Secret matter."),
            .init(agendaItemID: "3", title: "Budget", isConfidential: false, text: "Agreed."),
        ])
        let version = MinutesRedaction.publicVersion(of: document, withheldNames: ["jane doe", " "], confidentialNow: ["3"])
        #expect(version.general == "Chaired by \(p).")
        #expect(version.items == [.init(title: "Welcome", text: "\(p) welcomed all.")])
        #expect(version.withheldItems == 2 && version.withheldNames == 1)
        let all = ([version.general] + version.items.flatMap { [$0.title, $0.text] }).joined(separator: " ")
        #expect(!all.localizedCaseInsensitiveContains("jane") && !all.contains("Secret") && !all.contains("Budget"))
        #expect(MinutesRedaction.withheldSentence(items: 2, names: 1) == "2 items and 1 name were withheld from this public version")
        #expect(MinutesRedaction.withheldSentence(items: 1, names: 0) == "1 item was withheld from this public version")
        #expect(MinutesRedaction.withheldSentence(items: 0, names: 3) == "3 names were withheld from this public version")
        #expect(MinutesRedaction.withheldSentence(items: 0, names: 0) == nil)
        let plain = MinutesRedaction.publicVersion(of: MinutesDocument(general: "All fine."), withheldNames: [])
        #expect(!plain.withheldAnything)
    }
}

@Suite struct PartnershipActionRulesTests {
    let today = Day(year: 2026, month: 3, day: 10)!

    @Test func anActionIsDueSoonWithinFourteenDaysAndOverdueAfterItsDay() {
        let rules = PartnershipActionRules.self
        #expect(rules.dueSoonDays == 14)
        #expect(rules.standing(due: today.adding(days: -1), status: .open, today: today) == .overdue)
        #expect(rules.standing(due: today, status: .inProgress, today: today) == .dueSoon)
        #expect(rules.standing(due: today.adding(days: 14), status: .open, today: today) == .dueSoon)
        #expect(rules.standing(due: today.adding(days: 15), status: .open, today: today) == .later)
        #expect(rules.standing(due: today.adding(days: -30), status: .done, today: today) == .closed)
        #expect(rules.standing(due: today.adding(days: -30), status: .dropped, today: today) == .closed)
        let due = today.adding(days: 3)
        #expect(rules.taskSourceKey(actionID: "a", due: due, standing: .dueSoon) == "governance_action_due:a:\(due.daysSinceEpoch)")
        #expect(rules.taskSourceKey(actionID: "a", due: due, standing: .overdue) == "governance_action_overdue:a:\(due.daysSinceEpoch)")
        #expect(rules.taskSourceKey(actionID: "a", due: due, standing: .later) == nil)
        #expect(rules.taskSourceKey(actionID: "a", due: due, standing: .closed) == nil)
    }

    @Test func anActionNeedsWhatWhoWhenAndADroppedOneAReason() {
        let ok = PartnershipActionRules.check(title: " Map the borough SPOCs ", ownerChosen: true, due: "2026-04-01", status: "in_progress", dropReason: "ignored")
        #expect((try? ok.get()) == .init(title: "Map the borough SPOCs", due: Day(year: 2026, month: 4, day: 1)!, status: .inProgress, dropReason: nil))
        guard case .failure(let problems) = PartnershipActionRules.check(title: "", ownerChosen: false, due: "2026-02-30", status: "dropped", dropReason: " ")
        else { Issue.record("expected problems"); return }
        #expect(problems.items.map(\.field) == ["title", "owner", "due", "dropReason"])
        #expect(problems.items.map(\.problem) == [.titleMissing, .ownerMissing, .dueInvalid, .reasonMissing])
        guard case .failure(let bad) = PartnershipActionRules.check(title: "A\u{0}", ownerChosen: true, due: "", status: "finished", dropReason: nil)
        else { Issue.record("expected problems"); return }
        #expect(bad.items.map(\.problem) == [.control, .dueMissing, .statusInvalid])
        let dropped = PartnershipActionRules.check(title: "X", ownerChosen: true, due: "2026-04-01", status: "dropped", dropReason: "Superseded by the strategy")
        #expect((try? dropped.get())?.dropReason == "Superseded by the strategy")
    }

    @Test func updatesAndDoneDays() {
        #expect(PartnershipActionRules.updateProblem("  ") == .textMissing)
        #expect(PartnershipActionRules.updateProblem(String(repeating: "a", count: 5_001)) == .textTooLong)
        #expect(PartnershipActionRules.updateProblem("Line one\nline two") == nil)
        let earlier = today.adding(days: -5)
        #expect(PartnershipActionRules.doneOn(newStatus: .done, previous: .open, previousDoneOn: nil, today: today) == today)
        #expect(PartnershipActionRules.doneOn(newStatus: .done, previous: .done, previousDoneOn: earlier, today: today) == earlier)
        #expect(PartnershipActionRules.doneOn(newStatus: .open, previous: .done, previousDoneOn: earlier, today: today) == nil)
    }
}
