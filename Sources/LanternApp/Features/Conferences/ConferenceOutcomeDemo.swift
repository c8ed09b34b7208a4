import Fluent
import Foundation
import LanternCore

/// The demo's conference record: an earlier meeting of the council's series, three weeks ago,
/// with one case's outcome (high risk, review in a fortnight), an action done and one overdue
/// (its owner's task, chased by the day's sweep), and approved minutes; the series' next
/// planned meeting then opens with the overdue action's case. Fictional throughout.
enum ConferenceOutcomeDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let leadID = demo.person(.modernSlaveryLead),
              let lead = try await User.find(leadID, on: db), lead.$organisation.id == council else { return }
        let services = demo.services
        let series: ConferenceSeries
        if let existing = try await ConferenceSeries.query(on: db).filter(\.$organisationID == council).sort(\.$createdAt).first() {
            series = existing
        } else {
            series = ConferenceSeries(boroughCode: "E09000022", kind: "macc", name: "Lambeth MACC", organisationID: council, accessDaysAfter: 7,
                                      createdBy: leadID, createdAt: demo.now)
            try await series.create(on: db)
        }
        let seriesID = try series.requireID()
        // The case: one already accepted to the series, or the council's first open case with its key.
        let meetings = try await ConferenceMeeting.query(on: db).filter(\.$seriesID == seriesID).all()
        let accepted = try await ConferenceAgendaItem.query(on: db).filter(\.$meetingID ~~ meetings.compactMap(\.id))
            .filter(\.$state == ConferenceAgendaState.accepted.rawValue).first()
        var caseRecord: CaseRecord?
        if let accepted { caseRecord = try await CaseRecord.find(accepted.caseID, on: db) }
        if caseRecord == nil {
            caseRecord = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$stage != Stage.closed.rawValue)
                .filter(\.$erasedAt == nil).sort(\.$reference).first()
        }
        guard let caseRecord, let caseID = caseRecord.id, let cipher = try await services.caseKeys.cipher(for: caseID, on: db) else { return }

        let earlier = ConferenceMeeting(seriesID: seriesID, heldOn: demo.today.adding(days: -21), chairUserID: leadID, createdBy: leadID, createdAt: demo.now)
        earlier.state = ConferenceMeetingState.held.rawValue
        try await earlier.create(on: db)
        let meetingID = try earlier.requireID()
        var members: [(UUID, UUID, String)] = [(leadID, council, "Host: modern slavery lead")]
        if let police = demo.organisation(.police), let officer = try await User.query(on: db).filter(\.$organisation.$id == police)
            .filter(\.$disabledAt == nil).sort(\.$email).first(), let officerID = officer.id {
            members.append((officerID, police, "Police"))
        }
        for (userID, organisationID, role) in members {
            let member = ConferenceMember(meetingID: meetingID, userID: userID, organisationID: organisationID, agencyRole: role)
            member.attended = true
            try await member.create(on: db)
        }
        let itemID = UUID()
        let item = ConferenceAgendaItem(id: itemID, meetingID: meetingID, caseID: caseID, nominatedBy: leadID, nominatedByOrganisationID: council,
                                        sealedReason: try cipher.seal("Repeated contact from the same controller; housing at risk.",
                                                                      context: ConferenceOutcomeService.reasonContext(itemID)),
                                        riskLevel: .high, state: .accepted, position: 1, createdAt: demo.now)
        item.decidedBy = leadID
        item.decidedAt = demo.now
        try await item.create(on: db)
        let outcomeID = UUID()
        try await ConferenceCaseOutcome(id: outcomeID, agendaItemID: itemID, riskLevel: .high,
                                        sealedDecisions: try cipher.seal("Safety plan agreed. Housing to offer a move out of borough; police to flag the address.",
                                                                         context: ConferenceOutcomeService.decisionsContext(outcomeID)),
                                        reviewOn: demo.today.adding(days: 14), recordedBy: leadID, recordedAt: demo.now).create(on: db)
        // One action done, one overdue (owned by the last member: the police officer when there is one).
        let overdueOwner = members.last ?? members[0]
        for (what, owner, due, done) in [("Share the safety plan with the housing officer", members[0], demo.today.adding(days: -14), true),
                                         ("Flag the address on police systems", overdueOwner, demo.today.adding(days: -3), false)] {
            let id = UUID()
            let action = ConferenceAction(id: id, agendaItemID: itemID, meetingID: meetingID, caseID: caseID,
                                          sealedWhat: try cipher.seal(what, context: ConferenceOutcomeService.whatContext(id)),
                                          ownerUserID: owner.0, ownerTeamID: nil, ownerOrganisationID: owner.1, dueOn: due,
                                          createdBy: leadID, createdAt: demo.now)
            if done {
                action.state = ConferenceActionState.done.rawValue
                action.doneAt = demo.now
            }
            try await action.create(on: db)
            if !done {
                try await TaskService.create(ownerID: owner.0, title: Localiser.englishGB("conference-outcomes.task.action", ["reference": caseRecord.reference, "due": due.iso]),
                                             link: .conferenceAction(id.uuidString), due: due,
                                             sourceKey: ConferenceActionRules.taskSourceKey(actionID: id.uuidString, userID: owner.0.uuidString),
                                             notify: false, services: services, on: db)
            }
        }
        earlier.minutesSealed = try services.cipher.seal("Present: Lambeth Council (chair), police.\nOne case discussed (high risk); safety plan agreed; two actions.",
                                                         context: ConferenceOutcomeService.minutesContext(meetingID))
        earlier.minutesState = ConferenceMinutesState.approved.rawValue
        try await earlier.save(on: db)
        // The series' next planned meeting opens with what this one left.
        if let next = try await ConferenceMeeting.query(on: db).filter(\.$seriesID == seriesID).filter(\.$heldOn >= demo.today.daysSinceEpoch)
            .filter(\.$state == ConferenceMeetingState.planned.rawValue).sort(\.$heldOn).first() {
            try await ConferenceActionCarry.open(next, services: services, on: db)
        }
    }
}
