import Testing
@testable import LanternCore

@Suite struct PathwayEventReaderTests {
    static let today = Day(year: 2026, month: 11, day: 20)!

    func read(_ kind: PathwayEventKind, date: String? = "2026-11-19", outcome: String? = nil, pillars: [String]? = nil,
              reason: String? = nil, prefix: String = "") -> Result<(PathwayEvent, Day), ValidationProblems> {
        PathwayEventReader.read(kind, date: date, outcome: outcome, pillars: pillars, reason: reason, today: Self.today,
                                fieldPrefix: prefix)
    }

    func problems(_ result: Result<(PathwayEvent, Day), ValidationProblems>) -> ValidationProblems {
        if case .failure(let problems) = result { problems } else { ValidationProblems() }
    }

    @Test func everyKindNamesItselfAndRoundTrips() {
        #expect(PathwayEventKind.allCases.count == 10)
        for kind in PathwayEventKind.allCases { #expect(PathwayEventKind(rawValue: kind.rawValue) == kind) }
        #expect(PathwayEvent.reasonableGroundsDecision(.positive).kind == .reasonableGroundsDecision)
        #expect(PathwayEvent.closed(reason: "x").name == "closed")
        #expect(PathwayEvent.recoveryNeedsAssessment([]).name == "recovery_needs_assessment")
        #expect(PathwayEventKind(rawValue: "referral-decision") == nil)
    }

    @Test func theStepsOfferedAreKinds() {
        var state = PathwayState()
        #expect(Pathway.possibleEvents(from: state, facts: CaseFacts(ageGroup: .adult)) == [.referralDecision, .closed])
        state.stage = .preparingReferral
        #expect(Pathway.possibleEvents(from: state, facts: CaseFacts(ageGroup: .adult)) == [.referralMarkedReady, .closed])
        state.stage = .closed
        #expect(Pathway.possibleEvents(from: state, facts: CaseFacts(ageGroup: .adult)).isEmpty)
    }

    @Test func eachStepReadsIntoItsEvent() throws {
        #expect(try read(.referralDecision).get().0 == .referralDecision(consentGiven: nil))
        #expect(try read(.referralSubmitted).get().1 == Day(iso: "2026-11-19"))
        #expect(try read(.conclusiveGroundsDecision, outcome: "negative").get().0 == .conclusiveGroundsDecision(.negative))
        #expect(try read(.recoveryNeedsAssessment, pillars: []).get().0 == .recoveryNeedsAssessment([]))
        #expect(try read(.closed, reason: "  Moved away \n").get().0 == .closed(reason: "Moved away"))
    }

    @Test func aDecisionNeedsItsOutcome() {
        #expect(problems(read(.reasonableGroundsDecision))["outcome"] == "Select whether the decision was positive or negative")
        #expect(problems(read(.reasonableGroundsDecision, outcome: "Positive"))["outcome"] != nil)
    }

    @Test func theDateIsRequiredAndNotInTheFuture() {
        #expect(problems(read(.referralSubmitted, date: nil))["date"] == "Enter the date")
        #expect(problems(read(.referralSubmitted, date: Self.today.adding(days: 1).iso))["date"] == "The date must be today or in the past")
        #expect((try? read(.referralSubmitted, date: Self.today.iso).get()) != nil)
    }

    @Test func closingNeedsAReasonWithinTheLimit() {
        #expect(problems(read(.closed, reason: " "))["reason"] == "Enter the reason for closing")
        let limit = Pathway.maximumCloseReasonLength
        #expect((try? read(.closed, reason: String(repeating: "r", count: limit)).get()) != nil)
        #expect(problems(read(.closed, reason: String(repeating: "r", count: limit + 1)))["reason"]
                == "The reason for closing must be \(limit) characters or fewer")
    }

    @Test func fieldsAStepDoesNotUseMustStillBeValid() {
        #expect(problems(read(.referralSubmitted, outcome: "maybe"))["outcome"] != nil)
        #expect((try? read(.referralSubmitted, outcome: "positive").get()) != nil, "a valid unused field is allowed")
        #expect(problems(read(.closed, pillars: ["holiday"], reason: "done"))["pillars"] == "Select support from the list")
        #expect(problems(read(.recoveryNeedsAssessment, pillars: ["holiday"]))["pillars"] == "Select support from the list")
        #expect(problems(read(.referralSubmitted, reason: "bad\u{7}"))["reason"] == "The reason must not contain control characters")
    }

    @Test func thePageNamesFieldsByStep() {
        let p = problems(read(.closed, date: nil, reason: nil, prefix: "closed"))
        #expect(p.problems.map(\.field) == ["closed-date", "closed-reason"])
    }
}
