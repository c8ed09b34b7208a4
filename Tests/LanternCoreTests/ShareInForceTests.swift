import Testing
@testable import LanternCore

/// The one "is this share in force" rule, at each of its edges.
@Suite struct ShareInForceTests {
    static let today = Day(year: 2026, month: 11, day: 30)!
    static let consent = ConsentTerms(basis: .consent, organisationIDs: ["b"], scopes: [.caseWithoutIdentity],
                                      givenOn: today.adding(days: -10), validUntil: today.adding(days: 100))

    func active(starts: Int = -5, until: Int = 5, revoked: Bool = false, consent: ConsentTerms = consent) -> Bool {
        SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: starts), until: Self.today.adding(days: until), revoked: revoked),
                              under: consent, today: Self.today)
    }

    @Test func aShareRunsFromItsFirstDayThroughItsLastDay() {
        #expect(active(starts: 0))           // starts today
        #expect(!active(starts: 1))          // starts tomorrow
        #expect(active(until: 0))            // ends today: still in force all day
        #expect(!active(until: -1))          // ended yesterday
        #expect(active(starts: 0, until: 0)) // a one-day share
    }

    @Test func revokingEndsItAtOnce() {
        #expect(!active(revoked: true))
    }

    @Test func theConsentUnderItMustBeInForceToday() {
        var withdrawn = Self.consent
        withdrawn.withdrawnOn = Self.today
        #expect(!active(consent: withdrawn))                 // withdrawn today
        var ended = Self.consent
        ended.validUntil = Self.today.adding(days: -1)
        #expect(!active(consent: ended))                     // consent ended yesterday
        ended.validUntil = Self.today
        #expect(active(consent: ended))                      // consent ends today
        var future = Self.consent
        future.givenOn = Self.today.adding(days: 1)
        #expect(!active(consent: future))                    // consent dated tomorrow
    }
}
