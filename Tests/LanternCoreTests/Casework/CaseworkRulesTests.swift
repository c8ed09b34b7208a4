import Foundation
import Testing
@testable import LanternCore

/// The casework rules: who may be a case's worker, what a note and a task need, which notes
/// count as contact, and the last contact day.
@Suite struct CaseworkRulesTests {
    let l = Localiser.englishGB
    let today = Day(year: 2026, month: 11, day: 30)!
    let a = UUID(), b = UUID(), outsider = UUID()

    @Test func onlyActiveCaseWorkersAndLeadsMayBeWorkers() {
        #expect(CaseworkRules.mayBeWorker(roles: [.caseWorker], active: true))
        #expect(CaseworkRules.mayBeWorker(roles: [.modernSlaveryLead, .analyst], active: true))
        #expect(!CaseworkRules.mayBeWorker(roles: [.caseWorker], active: false))
        for role in Role.allCases where ![.caseWorker, .modernSlaveryLead].contains(role) {
            #expect(!CaseworkRules.mayBeWorker(roles: [role], active: true), "\(role)")
        }
    }

    @Test func workersAreEligibleAndTwoDifferentPeople() {
        let eligible: Set<UUID> = [a, b]
        let ok = CaseworkRules.checkWorkers(worker: a.uuidString, second: " \(b.uuidString) ", eligible: eligible, l: l)
        #expect(ok.workers == .init(worker: a, second: b) && ok.problems.isEmpty)
        #expect(CaseworkRules.checkWorkers(worker: a.uuidString, second: "", eligible: eligible, l: l).workers == .init(worker: a, second: nil))
        let cases: [(String?, String?, String, String)] = [
            (nil, nil, "worker", "Choose the case's worker."),
            (outsider.uuidString, nil, "worker", "whose account is active"),
            ("not-an-id", nil, "worker", "whose account is active"),
            (a.uuidString, a.uuidString, "secondWorker", "someone other than the worker"),
            (a.uuidString, outsider.uuidString, "secondWorker", "whose account is active"),
        ]
        for (worker, second, field, message) in cases {
            let result = CaseworkRules.checkWorkers(worker: worker, second: second, eligible: eligible, l: l)
            #expect(result.workers == nil, "\(String(describing: worker)) \(String(describing: second))")
            #expect(result.problems[field]?.contains(message) == true, "\(result.problems.items)")
        }
    }

    @Test func aNoteNeedsAKindADayNotInTheFutureNorBeforeIdentificationAndText() {
        let identified = today.adding(days: -40)
        let ok = CaseworkRules.checkNote(kind: "visit", on: today.adding(days: -1).iso, text: "  Saw them at home.\nAll well.  ",
                                         earliest: identified, today: today, l: l)
        #expect(ok.draft == .init(kind: .visit, on: today.adding(days: -1), text: "Saw them at home.\nAll well."))
        let cases: [(String?, String?, String?, String, String)] = [
            ("letter", today.iso, "x", "kind", "Choose what kind of note it is."),
            ("call", nil, "x", "on", "Enter the date."),
            ("call", "2026-02-30", "x", "on", "Enter a real date"),
            ("call", today.adding(days: 1).iso, "x", "on", "cannot be in the future"),
            ("call", identified.adding(days: -1).iso, "x", "on", "before the person was identified"),
            ("call", today.iso, "   ", "note", "Write the note."),
            ("call", today.iso, "bell\u{07}", "note", "Remove the control characters."),
            ("call", today.iso, String(repeating: "x", count: CaseworkRules.noteLimit + 1), "note", "at most"),
        ]
        for (kind, on, text, field, message) in cases {
            let result = CaseworkRules.checkNote(kind: kind, on: on, text: text, earliest: identified, today: today, l: l)
            #expect(result.draft == nil)
            #expect(result.problems[field]?.contains(message) == true, "\(field): \(result.problems.items)")
        }
        // Tabs and line breaks are allowed in a note.
        #expect(CaseworkRules.checkNote(kind: "call", on: today.iso, text: "a\tb\r\nc", earliest: nil, today: today, l: l).draft != nil)
    }

    @Test func contactVisitAndCallAreContactAndAProfessionalDiscussionIsNot() {
        #expect(CaseNoteKind.contact.contactMethod == .inPerson)
        #expect(CaseNoteKind.visit.contactMethod == .inPerson)
        #expect(CaseNoteKind.call.contactMethod == .phone)
        #expect(CaseNoteKind.professionalDiscussion.contactMethod == nil)
        #expect(CaseNoteKind.allCases.map(\.rawValue) == ["contact", "visit", "call", "professional_discussion"])
    }

    @Test func aTaskNeedsATitleAnOwnerOfTheOrganisationAndADueDateFromToday() {
        let eligible: Set<UUID> = [a]
        let ok = CaseworkRules.checkTask(title: " Book the interpreter ", owner: a.uuidString, due: today.iso, eligible: eligible, today: today, l: l)
        #expect(ok.draft == .init(title: "Book the interpreter", owner: a, due: today))
        let cases: [(String?, String?, String?, String, String)] = [
            ("", a.uuidString, today.iso, "title", "Say what is to be done."),
            ("two\nlines", a.uuidString, today.iso, "title", "Remove the control characters."),
            (String(repeating: "t", count: CaseworkRules.titleLimit + 1), a.uuidString, today.iso, "title", "at most"),
            ("t", nil, today.iso, "owner", "Choose who does it."),
            ("t", outsider.uuidString, today.iso, "owner", "in the case's organisation"),
            ("t", a.uuidString, nil, "due", "Enter the due date."),
            ("t", a.uuidString, today.adding(days: -1).iso, "due", "cannot be in the past"),
        ]
        for (title, owner, due, field, message) in cases {
            let result = CaseworkRules.checkTask(title: title, owner: owner, due: due, eligible: eligible, today: today, l: l)
            #expect(result.draft == nil)
            #expect(result.problems[field]?.contains(message) == true, "\(field): \(result.problems.items)")
        }
    }

    @Test func theLastContactIsTheLatestReachNotAnAttemptNorAFutureDay() {
        let contacts: [(on: Day, method: ContactMethod)] = [
            (today.adding(days: -9), .inPerson), (today.adding(days: -2), .attempted), (today.adding(days: -5), .phone),
            (today.adding(days: 3), .video),
        ]
        #expect(CaseworkRules.lastContact(contacts, today: today) == today.adding(days: -5))
        #expect(CaseworkRules.lastContact([(today, .attempted)], today: today) == nil)
        #expect(CaseworkRules.lastContact([], today: today) == nil)
    }
}
