import Foundation
import Testing
@testable import LanternCore

/// Immigration status, the Recovery Needs Assessment pillars, homelessness applications and
/// reciprocal housing requests: the rules the forms and the routing use.
@Suite struct HousingAndStatusRulesTests {
    let l = Localiser.englishGB
    let today = Day(year: 2026, month: 11, day: 30)!
    let boroughs = try! BoroughCatalogue.loadBundled()

    @Test func theCurrentStatusIsTheLatestFromDayThenTheLatestRecordedAndNeverOneStartingLater() {
        let rows = [StatusRules.Dated(id: "a", from: today.adding(days: -10), recordedAt: 5),
                    StatusRules.Dated(id: "b", from: today.adding(days: -2), recordedAt: 1),
                    StatusRules.Dated(id: "c", from: today.adding(days: -2), recordedAt: 3),
                    StatusRules.Dated(id: "d", from: today.adding(days: 5), recordedAt: 9)]
        #expect(StatusRules.current(rows, today: today)?.id == "c")
        #expect(StatusRules.current(rows.shuffled(), today: today)?.id == "c")
        #expect(StatusRules.current(rows, today: today.adding(days: 5))?.id == "d")
        #expect(StatusRules.current([StatusRules.Dated<String>](), today: today) == nil)
    }

    @Test func aStatusNeedsOneOfTheListARealDayNotInTheFutureAndABoxThatSaysYes() {
        let (entry, problems) = StatusRules.check(.init(status: "no_leave", nrpf: "yes", from: "2026-11-01"), today: today, l: l)
        #expect(problems.isEmpty)
        #expect(entry == StatusRules.StatusEntry(status: .noLeave, nrpf: true, from: Day(year: 2026, month: 11, day: 1)!))
        #expect(StatusRules.check(.init(status: "british_or_irish", nrpf: nil, from: "2026-11-30"), today: today, l: l).0?.nrpf == false)
        let bad = StatusRules.check(.init(status: "citizen", nrpf: "on", from: "2026-12-01"), today: today, l: l)
        #expect(bad.0 == nil)
        #expect(Set(bad.1.problems.map(\.field)) == ["status", "nrpf", "from"])
        #expect(StatusRules.check(.init(status: "no_leave", nrpf: nil, from: "2026-02-30"), today: today, l: l).1["from"] != nil)
        #expect(StatusRules.check(.init(status: "no_leave", nrpf: nil, from: ""), today: today, l: l).1["from"] == l("aftercare.status.error.day-missing"))
        // The raw values the alert job's SQL reads never change.
        #expect(ImmigrationStatus.allCases.map(\.rawValue) == ["british_or_irish", "settled_status", "pre_settled_status", "leave_to_remain",
            "asylum_seeker", "refused_asylum_seeker", "no_leave", "victim_specific_leave", "unknown"])
    }

    @Test func aPillarDecidedHasItsDayNotBeforeItWasAskedForAndAPendingOneHasNone() {
        func check(_ outcome: String, _ requested: String, _ decided: String?) -> ValidationProblems {
            StatusRules.check(.init(pillar: "accommodation", requestedOn: requested, outcome: outcome, decidedOn: decided), today: today, l: l).1
        }
        #expect(check("pending", "2026-10-01", nil).isEmpty)
        #expect(check("granted", "2026-10-01", "2026-10-01").isEmpty)
        #expect(check("refused", "2026-10-01", "2026-11-30").isEmpty)
        #expect(check("granted", "2026-10-01", nil)["decidedOn"] == l("aftercare.status.error.decided-missing"))
        #expect(check("pending", "2026-10-01", "2026-10-02")["decidedOn"] == l("aftercare.status.error.decided-pending"))
        #expect(check("granted", "2026-10-01", "2026-09-30")["decidedOn"] == l("aftercare.status.error.decided-before-requested"))
        #expect(check("granted", "2026-10-01", "2026-12-01")["decidedOn"] == l("aftercare.status.error.day-future"))
        #expect(check("maybe", "2026-10-01", nil)["outcome"] != nil)
        #expect(StatusRules.check(.init(pillar: "housing", requestedOn: "2026-10-01", outcome: "pending", decidedOn: nil), today: today, l: l).1["pillar"] != nil)
    }

    @Test func theMainHousingDutyIsOwedOnlyToSomeoneInPriorityNeedAndDecisionsDoNotRunBackwards() {
        func check(_ duty: String, _ need: String, applied: String = "2026-10-01", decided: String? = nil, borough: String = "E09000007",
                   outcome: String? = nil) -> (HomelessnessRules.Application?, ValidationProblems) {
            HomelessnessRules.check(.init(borough: borough, appliedOn: applied, duty: duty, priorityNeed: need, decidedOn: decided, outcome: outcome),
                                    boroughs: boroughs, today: today, l: l)
        }
        #expect(check("prevention", "pending").1.isEmpty)
        #expect(check("main", "yes", decided: "2026-10-20").0?.duty == .main)
        #expect(check("main", "pending").1["duty"] == l("aftercare.homelessness.error.main-needs-priority"))
        #expect(check("main", "no", decided: "2026-10-20").1["duty"] != nil)
        #expect(check("relief", "yes").1["decidedOn"] == l("aftercare.homelessness.error.decided-missing"))
        #expect(check("relief", "pending", decided: "2026-10-20").1["decidedOn"] != nil)
        #expect(check("relief", "no", decided: "2026-09-20").1["decidedOn"] == l("aftercare.homelessness.error.decided-before-applied"))
        #expect(check("relief", "pending", applied: "2026-12-01").1["appliedOn"] != nil)
        #expect(check("relief", "pending", borough: "E99999999").1["borough"] != nil)
        #expect(check("relief", "pending", outcome: "bad\u{0007}text").1["outcome"] != nil)
        #expect(check("relief", "pending", outcome: String(repeating: "a", count: 2001)).1["outcome"] != nil)
        #expect(check("relief", "pending", outcome: "  Offered a room.\nAccepted. ").0?.outcome == "Offered a room.\nAccepted.")
    }

    @Test func aRequestGoesToTheBoroughsHousingContactNamingATeamFirstThenTheLatestCheckedAndNowhereWithoutOne() {
        func entry(_ id: String, borough: String = "E09000019", kind: DirectoryEntryKind = .councilHousing, retired: Bool = false,
                   verified: Double = 0, team: String? = nil) -> HousingRequestRules.Candidate {
            .init(id: id, boroughCode: borough, kind: kind, retired: retired, verifiedAt: verified, organisationID: "org-\(id)", teamID: team)
        }
        let entries = [entry("old", verified: 1), entry("new", verified: 5), entry("retired", retired: true, verified: 9),
                       entry("adult", kind: .councilAdultSafeguarding, verified: 9), entry("elsewhere", borough: "E09000022", verified: 9)]
        #expect(HousingRequestRules.route(to: "E09000019", among: entries)?.id == "new")
        #expect(HousingRequestRules.route(to: "E09000019", among: entries.reversed())?.id == "new")
        #expect(HousingRequestRules.route(to: "E09000019", among: entries + [entry("team", verified: 0, team: "t")])?.id == "team")
        #expect(HousingRequestRules.route(to: "E09000001", among: entries) == nil)
        #expect(HousingRequestRules.route(to: "E09000019", among: [entry("retired", retired: true)]) == nil)
    }

    @Test func aRequestSaysWhatIsNeededAndADeclineSaysWhyAndOnlyAWaitingRequestIsAnswered() {
        #expect(HousingRequestRules.check(.init(borough: "E09000019", note: "One adult."), boroughs: boroughs, l: l).problems.isEmpty)
        let empty = HousingRequestRules.check(.init(borough: "nowhere", note: " "), boroughs: boroughs, l: l).problems
        #expect(empty["borough"] != nil && empty["note"] == l("aftercare.housing-request.error.note-missing"))
        #expect(HousingRequestRules.check(.init(answer: "accepted", note: nil), l: l).answer == .accepted)
        #expect(HousingRequestRules.check(.init(answer: "declined", note: ""), l: l).problems["note"] == l("aftercare.housing-request.error.why-declined"))
        #expect(HousingRequestRules.check(.init(answer: "declined", note: "No stock."), l: l).answer == .declined)
        #expect(HousingRequestRules.check(.init(answer: "withdrawn", note: nil), l: l).problems["answer"] != nil)
        #expect(HousingRequestRules.check(.init(answer: "sent", note: nil), l: l).problems["answer"] != nil)
        #expect(HousingRequestStatus.allCases.filter(HousingRequestRules.isOpen) == [.sent])
        #expect(!HousingRequestRules.waitingTaskTitle.contains("case"))
    }
}
