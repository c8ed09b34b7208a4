import Testing
@testable import LanternCore

/// An agreement's term opens the exact view from its first day to its last, both included,
/// and not from the day it was ended; a term is refused when it is missing, backwards or
/// longer than the review period. The exact method shows every count as it is.
@Suite struct DataSharingAgreementRulesTests {
    let first = Day(year: 2026, month: 4, day: 1)!, last = Day(year: 2027, month: 3, day: 31)!

    @Test func aTermIsInForceFromItsFirstDayToItsLastBothIncluded() {
        let term = AgreementTerm(from: first, until: last)
        #expect(!term.inForce(on: first.adding(days: -1)))
        #expect(term.inForce(on: first) && term.inForce(on: last))
        #expect(!term.inForce(on: last.adding(days: 1)))
        #expect(term.status(on: first.adding(days: -1)) == .notYetInForce)
        #expect(term.status(on: last.adding(days: 1)) == .expired)
    }

    @Test func anEndedTermClosesOnTheDayItWasEnded() {
        let ended = Day(year: 2026, month: 9, day: 1)!
        let term = AgreementTerm(from: first, until: last, endedOn: ended)
        #expect(term.inForce(on: ended.adding(days: -1)))
        #expect(!term.inForce(on: ended) && !term.inForce(on: last))
        #expect(term.status(on: ended) == .ended)
        #expect(term.status(on: last.adding(days: 10)) == .ended)
    }

    @Test func aTermIsRefusedWhenMissingBackwardsOrLongerThanThreeYears() {
        #expect(AgreementTerm.problems(from: nil, until: nil) == [.missingFrom, .missingUntil])
        #expect(AgreementTerm.problems(from: last, until: first) == [.untilBeforeFrom])
        #expect(AgreementTerm.problems(from: first, until: first).isEmpty)
        // Three years to the day before the same date: the longest term; that date itself is a day too many.
        #expect(AgreementTerm.problems(from: first, until: Day(year: 2029, month: 3, day: 31)!).isEmpty)
        #expect(AgreementTerm.problems(from: first, until: Day(year: 2029, month: 4, day: 1)!) == [.tooLong])
        // From 29 February, the same date three years on is 1 March.
        let leap = Day(year: 2028, month: 2, day: 29)!
        #expect(AgreementTerm.problems(from: leap, until: Day(year: 2031, month: 2, day: 28)!).isEmpty)
        #expect(AgreementTerm.problems(from: leap, until: Day(year: 2031, month: 3, day: 1)!) == [.tooLong])
    }

    @Test func coveredCasesAreThoseOfItsBoroughsOrItsOrganisations() {
        let covered = CoveredCases(boroughs: ["E09000012"], organisations: ["MET"])
        #expect(covered.covers(borough: "E09000012", firstResponder: "OTHER"))
        #expect(covered.covers(borough: "E09000001", firstResponder: "MET"))
        #expect(!covered.covers(borough: "E09000001", firstResponder: "OTHER"))
        #expect(!covered.covers(borough: nil, firstResponder: nil))
        #expect(CoveredCases(boroughs: [], organisations: []).isEmpty)
    }

    @Test func theExactMethodShowsEveryCountAndTotalAsItIs() {
        let table = CountTable(rowKeys: ["a", "b"], columnKeys: ["x", "y"], cells: [[1, 0], [2, 40]])
        let shown = DisclosedTable(exactly: table)
        #expect(shown.cells == [[.count(1), .count(0)], [.count(2), .count(40)]])
        #expect(shown.rowTotals == [.count(1), .count(42)])
        #expect(shown.columnTotals == [.count(3), .count(40)])
        #expect(shown.grandTotal == .count(43))
        #expect(!shown.hasSuppression)
        let method = DisclosureMethod.exact(agreement: "ISA")
        #expect(method.threshold == 0 && method.summary.contains("“ISA”"))
    }
}
