import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// Writes generated cases straight into the database in large batches (thousands of rows
/// per statement, one transaction per batch), for the demo and for benchmarks at up to a
/// million cases. Every case gets a sealed, fictional referral like a real one.
enum SyntheticSeeder {
    static let batchSize = 500

    struct Owner {
        let organisationID: UUID
        let userID: UUID
        let responderType: FirstResponderType
        let weight: Double
    }

    /// Returns how many cases were written. Timelines are written for up to 100,000 cases;
    /// beyond that only the case rows (what the statistics read) are written.
    @discardableResult
    static func seed(_ app: Application, count: Int, seed: UInt64, owners: [Owner], progress: (Int) -> Void = { _ in }) async throws -> Int {
        guard let sql = app.db as? any SQLDatabase, !owners.isEmpty else { return 0 }
        // The summary table's triggers would add a cell upsert per cuboid for each row, most
        // of the seeding time at a million cases: they are off while the seeder writes (before
        // anyone is served), and the cells are counted once at the end.
        try await ProfileCellTriggers.drop(on: sql)
        do {
            let written = try await write(app, count: count, seed: seed, owners: owners, progress: progress)
            try await ProfileCellTriggers.create(on: sql)
            try await ProfileCellStore(db: app.db).rebuild()
            return written
        } catch {
            try? await ProfileCellTriggers.create(on: sql)
            throw error
        }
    }

    private static func write(_ app: Application, count: Int, seed: UInt64, owners: [Owner], progress: (Int) -> Void) async throws -> Int {
        let services = app.lantern
        let today = services.today
        var generator = SyntheticCaseGenerator(seed: seed, boroughs: services.boroughs.all,
                                               from: Day(year: today.components.year - 3, month: 1, day: 1)!, to: today)
        var picker = SyntheticRandom(seed: seed ^ 0xA5A5)
        var names = SyntheticNames(seed: seed)
        let searchKey = CaseSearchIndex.key(services)
        let withTimeline = count <= 100_000
        let now = services.now
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var written = 0
        while written < count {
            let size = min(batchSize, count - written)
            var caseRows: [[any Encodable & Sendable]] = []
            var typeRows: [[any Encodable & Sendable]] = []
            var eventRows: [[any Encodable & Sendable]] = []
            var searchRows: [(caseID: UUID, organisationID: UUID, tokens: Set<String>)] = []
            for _ in 0..<size {
                let generated = generator.next()
                let owner = picker.pick(owners.map { ($0, $0.weight) })
                let id = UUID()
                // A UUID's first byte is random: a uniform record key for the cell key method.
                let recordKey = RecordKey(Int(id.uuid.0)) ?? RecordKey.random()
                var details = ReferralDetails()
                let person = names.next(today: today, child: generated.ageGroup.treatedAsChild)
                details.firstName = person.firstName
                details.lastName = person.lastName
                details.dateOfBirth = person.dateOfBirth.iso
                searchRows.append((id, owner.organisationID, CaseSearchIndex.tokens(of: details)))
                details.whatHappened = "Fictional account generated for the demo."
                var plain = generated.state
                plain.closedReason = nil
                let sealed = try services.cipher.seal(String(decoding: try encoder.encode(details), as: UTF8.self),
                                                      context: "case.referral:\(id.uuidString)")
                caseRows.append([
                    id, CaseReference.generate(), owner.organisationID, owner.userID, now, now,
                    generated.ageGroup.rawValue, generated.ageGroupAtExploitation.rawValue, generated.gender.rawValue,
                    generated.nationality, generated.language, generated.interpreterNeeded, generated.boroughIdentified,
                    generated.boroughExploited, generated.exploitationLocation.rawValue, generated.countyLines,
                    owner.responderType.rawValue, generated.identifiedOn.daysSinceEpoch, generated.state.stage.rawValue,
                    generated.state.deadline(limits: CaseService.limits)?.due.daysSinceEpoch,
                    String(decoding: try encoder.encode(plain), as: UTF8.self),
                    generated.state.reasonableGrounds?.outcome.rawValue, generated.state.conclusiveGrounds?.outcome.rawValue,
                    sealed, String?.none, generated.identifiedOn.components.year,
                    generated.identifiedOn.components.year * 10 + generated.identifiedOn.quarter,
                    generated.identifiedOn.components.year * 100 + generated.identifiedOn.components.month,
                    ExploitationType.combinationLabel(generated.exploitationTypes),
                    generated.state.referralSubmittedOn.map { Quarter(containing: $0).code },
                    recordKey.value, CaseSearchTokens.version,
                ])
                for type in generated.exploitationTypes {
                    typeRows.append([UUID(), id, type.rawValue, recordKey.mentionKey(code: type.rawValue).value])
                }
                if withTimeline {
                    eventRows.append([UUID(), id, "identified", "Potential victim identified", "{}", generated.identifiedOn.daysSinceEpoch,
                                      now, owner.userID, String?.none])
                    for (event, day) in generated.events {
                        let stored = String(decoding: try encoder.encode(CaseService.withoutFreeText(event)), as: UTF8.self)
                        eventRows.append([UUID(), id, event.name, event.label, stored, day.daysSinceEpoch, now, owner.userID, String?.none])
                    }
                }
            }
            let (cases, types, events, search) = (caseRows, typeRows, eventRows, searchRows)
            try await app.db.transaction { tx in
                guard let tx = tx as? any SQLDatabase else { return }
                try await insert(cases, into: "cases", columns: [
                    "id", "reference", "organisation_id", "created_by", "created_at", "updated_at", "age_group",
                    "age_group_at_exploitation", "gender", "nationality", "language", "interpreter_needed", "borough_identified",
                    "borough_exploited", "exploitation_location", "county_lines", "first_responder_type", "identified_on", "stage",
                    "due_on", "pathway_state", "rg_outcome", "cg_outcome", "sealed_referral", "person_match_key", "identified_year",
                    "identified_quarter", "identified_month", "exploitation_combination", "referred_quarter", "record_key",
                    "search_tokens_version"], on: tx)
                try await insert(types, into: "case_exploitation_types", columns: ["id", "case_id", "type", "mention_key"], on: tx)
                try await insert(events, into: "case_events", columns: [
                    "id", "case_id", "name", "label", "event", "occurred_on", "recorded_at", "recorded_by", "sealed_note"], on: tx)
                try await CaseSearchIndex.insert(search, key: searchKey, on: tx)
            }
            written += size
            progress(written)
        }
        return written
    }

    /// Multi-row INSERTs, chunked to stay under every database's bound-parameter limit.
    private static func insert(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String],
                               on sql: any SQLDatabase) async throws {
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            var builder = sql.insert(into: table).columns(columns)
            for row in chunk { builder = builder.values(row) }
            try await builder.run()
            start += perStatement
        }
    }
}
