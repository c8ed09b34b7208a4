import Testing
@testable import LanternCore

/// The rules of case conferences: how long members read a case, who may chair, where a case
/// may be nominated, and the kinds setting.
@Suite struct ConferenceRulesTests {
    let held = Day(year: 2027, month: 1, day: 14)!

    @Test func membersReadAnAcceptedCaseUntilTheEndOfTheWindowInclusive() {
        #expect(ConferenceRules.accessEnds(heldOn: held, accessDaysAfter: 7) == Day(year: 2027, month: 1, day: 21)!)
        for offset in [-28, -1, 0, 1, 7] {
            #expect(ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 7, today: held.adding(days: offset)), "\(offset)")
        }
        // Reading opens 28 days before the meeting, never earlier: a meeting dated far ahead gives nothing yet.
        #expect(!ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 7, today: held.adding(days: -29)))
        #expect(!ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 7, today: held.adding(days: -400)))
        #expect(!ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 7, today: held.adding(days: 8)))
        // No window after the meeting: the meeting's own day only.
        #expect(ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 0, today: held))
        #expect(!ConferenceRules.memberMayRead(state: .accepted, heldOn: held, accessDaysAfter: 0, today: held.adding(days: 1)))
        // A negative setting never reaches back before the meeting.
        #expect(ConferenceRules.accessEnds(heldOn: held, accessDaysAfter: -5) == held)
    }

    @Test func nominatedOrDeclinedCasesAreNeverReadByMembers() {
        for state in [ConferenceAgendaState.nominated, .declined] {
            #expect(!ConferenceRules.memberMayRead(state: state, heldOn: held, accessDaysAfter: 7, today: held))
        }
    }

    @Test func whoMayChair() {
        #expect(ConferenceRules.mayChair(isActiveUser: true, isMember: false, organisationIsHost: true))
        #expect(ConferenceRules.mayChair(isActiveUser: true, isMember: true, organisationIsHost: false))
        #expect(!ConferenceRules.mayChair(isActiveUser: true, isMember: false, organisationIsHost: false))
        #expect(!ConferenceRules.mayChair(isActiveUser: false, isMember: true, organisationIsHost: true))
    }

    @Test func nominationsGoOnlyToPlannedMeetingsNotYetPast() {
        #expect(ConferenceRules.nominationRefusal(meetingState: .planned, heldOn: held, today: held) == nil)
        #expect(ConferenceRules.nominationRefusal(meetingState: .planned, heldOn: held, today: held.adding(days: 1)) == .meetingPast)
        #expect(ConferenceRules.nominationRefusal(meetingState: .held, heldOn: held, today: held.adding(days: -3)) == .meetingNotPlanned)
        #expect(ConferenceRules.nominationRefusal(meetingState: .closed, heldOn: held, today: held) == .meetingNotPlanned)
    }

    @Test func theKindsSetting() {
        #expect(ConferenceRules.kinds(fromSetting: "macc, MARAM,macc") == ["macc", "maram"])
        #expect(ConferenceRules.kinds(fromSetting: "macc,,maram") == nil)
        #expect(ConferenceRules.kinds(fromSetting: "macc;drop") == nil)
        #expect(ConferenceRules.kinds(fromSetting: " ") == nil)
        #expect(ConferenceRules.defaultKinds == ["macc", "maram"])
    }
}
