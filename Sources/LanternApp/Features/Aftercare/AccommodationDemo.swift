import Fluent
import Foundation
import LanternCore

/// The demo's stays, support and contact log, all fictional, on the demo council's open cases
/// taken from the end of the list (the status demo takes its first): a person in bed and
/// breakfast for 50 days, one not reached for 40 days, one settled in a social tenancy, and a
/// case in move-on with no settled accommodation recorded. Does nothing without such cases.
enum AccommodationDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) ?? demo.person(.modernSlaveryLead) else { return }
        let open = CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$erasedAt == nil)
            .filter(\.$stage != Stage.closed.rawValue)
        let moveOn = try await open.copy().filter(\.$stage == Stage.moveOn.rawValue).sort(\.$reference, .descending).first()
        var others = try await open.copy().sort(\.$reference, .descending).limit(4).all().filter { $0.id != moveOn?.id }
        let today = demo.today
        func day(_ offset: Int) -> Day { today.adding(days: offset) }
        let writer = Writer(demo: demo, worker: worker, db: db)

        if !others.isEmpty {
            // Bed and breakfast for 50 days, after a government safe house.
            let id = try others.removeFirst().requireID()
            try await writer.stay(id, .governmentSafeHouse, provider: "Safe house (demo)", borough: nil, from: day(-140), until: day(-50), ended: .movedOn)
            try await writer.stay(id, .bedAndBreakfast, provider: "Example Guest House, 1 Demo Street (demo)", borough: "E09000007", from: day(-50))
            try await writer.support(id, .vccOutreach, from: day(-50), until: nil)
            try await writer.contact(id, on: day(-2), .phone, note: "Spoke about a move to longer-term housing (demo).")
        }
        if !others.isEmpty {
            // No contact for 40 days (an attempt since does not count).
            let id = try others.removeFirst().requireID()
            try await writer.stay(id, .hostel, provider: "Demo Hostel (demo)", borough: "E09000014", from: day(-90))
            try await writer.contact(id, on: day(-40), .inPerson, note: "Met at the hostel (demo).")
            try await writer.contact(id, on: day(-10), .attempted, note: "No answer (demo).")
        }
        if !others.isEmpty {
            // Settled: a social tenancy after a refuge.
            let id = try others.removeFirst().requireID()
            try await writer.stay(id, .refuge, provider: "Demo Refuge (demo)", borough: "E09000007", from: day(-200), until: day(-100), ended: .movedOn)
            try await writer.stay(id, .socialTenancy, provider: "Demo Housing Association (demo)", borough: "E09000007", from: day(-100))
            try await writer.support(id, .legalAdvice, from: day(-100), until: day(-30), ended: .completed)
            try await writer.contact(id, on: day(-7), .video, note: nil)
        }
        if let moveOn {
            // Move-on support ending, and only temporary accommodation recorded.
            let id = try moveOn.requireID()
            try await writer.stay(id, .temporaryAccommodation, provider: "Demo temporary flat (demo)", borough: "E09000007", from: day(-20))
            try await writer.support(id, .vccOutreach, from: day(-60), until: moveOn.dueOn.map(Day.init(daysSinceEpoch:)) ?? day(10))
            try await writer.contact(id, on: day(-5), .inPerson, note: nil)
        }
    }

    private struct Writer {
        let demo: DemoContext
        let worker: UUID
        let db: any Database

        func stay(_ caseID: UUID, _ kind: AccommodationKind, provider: String, borough: String?, from: Day, until: Day? = nil,
                  ended: AccommodationEndReason? = nil) async throws {
            let cipher = try await demo.services.caseKeys.cipher(for: caseID, on: db)
            let row = AccommodationEpisode()
            row.id = UUID()
            row.$case.id = caseID
            row.kind = kind.rawValue
            row.sealedProvider = try cipher.map { try $0.seal(provider, context: row.providerContext) }
            row.boroughCode = borough
            row.fromDay = from.daysSinceEpoch
            row.untilDay = until?.daysSinceEpoch
            row.endReason = ended?.rawValue
            row.recordedBy = worker
            row.recordedAt = demo.now
            try await row.create(on: db)
        }

        func support(_ caseID: UUID, _ kind: SupportKind, from: Day, until: Day?, ended: SupportEndReason? = nil) async throws {
            let row = SupportEpisode()
            row.id = UUID()
            row.$case.id = caseID
            row.kind = kind.rawValue
            row.fromDay = from.daysSinceEpoch
            row.untilDay = until?.daysSinceEpoch
            row.endReason = ended?.rawValue
            row.recordedBy = worker
            row.recordedAt = demo.now
            try await row.create(on: db)
        }

        func contact(_ caseID: UUID, on day: Day, _ method: ContactMethod, note: String?) async throws {
            let cipher = try await demo.services.caseKeys.cipher(for: caseID, on: db)
            let row = ContactLogEntry()
            row.id = UUID()
            row.$case.id = caseID
            row.contactOn = day.daysSinceEpoch
            row.method = method.rawValue
            row.sealedNote = try note.flatMap { note in try cipher.map { try $0.seal(note, context: row.noteContext) } }
            row.recordedBy = worker
            row.recordedAt = demo.now
            try await row.create(on: db)
        }
    }
}
