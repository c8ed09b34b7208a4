import Fluent
import Foundation
import LanternCore

/// The demo's case conference: the council hosts "Lambeth MACC" (seven days' access after a
/// meeting), with a meeting in five days chaired by its lead, members from the council, the
/// police and the NHS (or a charity), and the council's first open case accepted to its agenda,
/// so the other agencies' members read it now. Fictional throughout.
enum ConferenceSeriesDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let leadID = demo.person(.modernSlaveryLead),
              let lead = try await User.find(leadID, on: db), lead.$organisation.id == council else { return }
        let series = ConferenceSeries(boroughCode: "E09000022", kind: "macc", name: "Lambeth MACC", organisationID: council, accessDaysAfter: 7,
                                      createdBy: leadID, createdAt: demo.now)
        try await series.create(on: db)
        let meeting = ConferenceMeeting(seriesID: try series.requireID(), heldOn: demo.today.adding(days: 5), chairUserID: leadID,
                                        createdBy: leadID, createdAt: demo.now)
        try await meeting.create(on: db)
        let meetingID = try meeting.requireID()
        var members: [(UUID, UUID, String)] = [(leadID, council, "Host: modern slavery lead")]
        for (kind, role) in [(OrganisationKind.police, "Police"), (.nhs, "Health"), (.charity, "Support provider")] {
            guard let organisation = demo.organisation(kind),
                  let person = try await User.query(on: db).filter(\.$organisation.$id == organisation).filter(\.$disabledAt == nil).sort(\.$email).first(),
                  let personID = person.id else { continue }
            members.append((personID, organisation, role))
        }
        for (userID, organisationID, role) in members {
            try await ConferenceMember(meetingID: meetingID, userID: userID, organisationID: organisationID, agencyRole: role).create(on: db)
        }
        guard let caseRecord = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$stage != Stage.closed.rawValue)
            .filter(\.$erasedAt == nil).sort(\.$reference).first(), let caseID = caseRecord.id,
              let cipher = try await demo.services.caseKeys.cipher(for: caseID, on: db) else { return }
        let itemID = UUID()
        let item = ConferenceAgendaItem(id: itemID, meetingID: meetingID, caseID: caseID, nominatedBy: leadID, nominatedByOrganisationID: council,
                                        sealedReason: try cipher.seal("Housing, police and health each hold part of the picture; risk of re-exploitation.",
                                                                      context: ConferenceAgendaController.reasonContext(itemID)),
                                        riskLevel: .high, state: .accepted, position: 1, createdAt: demo.now)
        item.decidedBy = leadID
        item.decidedAt = demo.now
        try await item.create(on: db)
    }
}
