import Fluent
import Foundation
import LanternCore

/// The next meeting's agenda opens with what earlier meetings of the series left: cases with
/// outstanding actions, then cases whose review date falls on or before the new meeting. Called
/// when a meeting is created (in its transaction); each carried case becomes an accepted item
/// at the top of the agenda naming the item it came from (`carried_from_item_id`), once per case.
enum ConferenceActionCarry {
    /// Carries items into `meeting` (already created on `db`); returns how many.
    @discardableResult
    static func open(_ meeting: ConferenceMeeting, services: LanternServices, on db: any Database) async throws -> Int {
        let meetingID = try meeting.requireID()
        let earlier = try await ConferenceMeeting.query(on: db).filter(\.$seriesID == meeting.seriesID)
            .filter(\.$heldOn < meeting.heldOn).filter(\.$id != meetingID).all()
        guard !earlier.isEmpty else { return 0 }
        let heldOn = Dictionary(uniqueKeysWithValues: earlier.compactMap { m in m.id.map { ($0, m.heldDay) } })
        let items = try await ConferenceAgendaItem.query(on: db).filter(\.$meetingID ~~ Array(heldOn.keys))
            .filter(\.$state == ConferenceAgendaState.accepted.rawValue).all()
        guard !items.isEmpty else { return 0 }
        let itemIDs = items.compactMap(\.id)
        let open = try await ConferenceAction.query(on: db).filter(\.$agendaItemID ~~ itemIDs)
            .filter(\.$state == ConferenceActionState.open.rawValue).all()
        let outcomes = try await ConferenceCaseOutcome.query(on: db).filter(\.$agendaItemID ~~ itemIDs).all()
        let byID = Dictionary(uniqueKeysWithValues: items.compactMap { item in item.id.map { ($0, item) } })
        var candidates: [ConferenceActionRules.Carryable] = []
        for action in open {
            guard let item = byID[action.agendaItemID], let day = heldOn[item.meetingID] else { continue }
            candidates.append(.init(itemID: action.agendaItemID.uuidString, caseID: item.caseID.uuidString, heldOn: day, reason: .outstandingActions))
        }
        // Only a case's latest outcome in the series says when it is next reviewed.
        var latest: [UUID: (outcome: ConferenceCaseOutcome, item: ConferenceAgendaItem, day: Day)] = [:]
        for outcome in outcomes {
            guard let item = byID[outcome.agendaItemID], let day = heldOn[item.meetingID] else { continue }
            if let current = latest[item.caseID], current.day >= day { continue }
            latest[item.caseID] = (outcome, item, day)
        }
        for (caseID, entry) in latest where ConferenceActionRules.reviewDue(reviewOn: entry.outcome.reviewDay, meetingDay: meeting.heldDay) {
            candidates.append(.init(itemID: entry.outcome.agendaItemID.uuidString, caseID: caseID.uuidString, heldOn: entry.day, reason: .reviewDue))
        }
        let present = try await ConferenceAgendaItem.query(on: db).filter(\.$meetingID == meetingID).all()
        let carried = ConferenceActionRules.carried(candidates, existingCaseIDs: Set(present.map(\.caseID.uuidString)))
        guard !carried.isEmpty else { return 0 }
        // Carried items go first; anything already on the agenda moves down after them.
        for item in present {
            item.position += carried.count
            try await item.save(on: db)
        }
        let l = Localiser.englishGB
        var made = 0
        for (index, carry) in carried.enumerated() {
            guard let fromID = UUID(exactly: carry.itemID), let caseID = UUID(exactly: carry.caseID),
                  let from = byID[fromID],
                  let cipher = try await services.caseKeys.cipher(for: caseID, on: db) else { continue }
            let id = UUID()
            let reason = carry.reason == .outstandingActions
                ? l("conference-outcomes.carried.actions", ["date": carry.heldOn.iso])
                : l("conference-outcomes.carried.review", ["date": carry.heldOn.iso])
            let risk = outcomes.first { $0.agendaItemID == fromID }?.risk ?? from.risk
            let item = ConferenceAgendaItem(id: id, meetingID: meetingID, caseID: caseID, nominatedBy: meeting.createdBy,
                                            nominatedByOrganisationID: from.nominatedByOrganisationID,
                                            sealedReason: try cipher.seal(reason, context: ConferenceOutcomeService.reasonContext(id)),
                                            // Nominated, never accepted here: the chair accepts it again, so no
                                            // member reads the case without a decision for this meeting.
                                            riskLevel: risk, state: .nominated, position: index + 1, carriedFromItemID: fromID,
                                            createdAt: services.now)
            try await item.create(on: db)
            made += 1
        }
        return made
    }
}
