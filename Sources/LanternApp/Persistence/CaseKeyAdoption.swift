import Fluent
import Foundation
import SQLKit
import LanternCore

/// Brings cases that were written without `CaseService` up to date: gives each case without
/// a data key its own (see `CaseKeyring`), re-sealing its identifying fields from the field
/// key under it, and fills in the retention columns. Used by migration 013 (every case
/// recorded before case keys) and by the demo (the synthetic seeder writes rows directly).
///
/// Written in SQL against the columns as they are at 013, not through the models, so later
/// columns cannot break it; the seal contexts are the models' (`case.referral:<id>`,
/// `case.event:<id>`, `consent.purpose:<id>`, `consent.interpreter_language:<id>`,
/// `share.purpose:<id>`). Run it inside one transaction.
enum CaseKeyAdoption {
    /// Cases are handled this many at a time, in id order.
    static let pageSize = 500

    /// Returns how many cases were given a key. Erased cases are left alone (nothing of them
    /// is left to seal). A value the field key cannot open is left as it is and counted in
    /// `unreadable`: it was unreadable before, and stays so. `pages` bounds the work done in
    /// one call (call again, in a new transaction, until it returns 0 keyed).
    static func adoptUnkeyed(on sql: any SQLDatabase, fieldCipher: FieldCipher, at date: Date, pages: Int = .max) async throws
        -> (keyed: Int, unreadable: Int) {
        let keyring = CaseKeyring(fieldCipher: fieldCipher)
        var after: UUID?
        var keyed = 0
        var unreadable = 0
        var remaining = pages
        func reseal(_ value: String, context: String, with cipher: FieldCipher) throws -> String {
            // 010 sealed all free text; anything still plain is sealed now rather than lost.
            guard value.hasPrefix("v1.") else { return try cipher.seal(value, context: context) }
            guard let plain = try? fieldCipher.open(value, context: context) else { unreadable += 1; return value }
            return try cipher.seal(plain, context: context)
        }
        while true {
            let page: SQLQueryString = after.map { " AND c.id > \(bind: $0)" } ?? ""
            let rows = try await sql.raw("""
                SELECT c.id, c.sealed_referral FROM cases c
                WHERE c.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = c.id)\(page)
                ORDER BY c.id LIMIT \(literal: pageSize)
                """).all()
            guard !rows.isEmpty, remaining > 0 else { return (keyed, unreadable) }
            remaining -= 1
            var ciphers: [UUID: FieldCipher] = [:]
            var keys: [[any Encodable & Sendable]] = []
            var referrals: [(UUID, String)] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let sealed = try row.decode(column: "sealed_referral", as: String.self)
                let (key, cipher) = try keyring.newKey(for: id, at: date)
                ciphers[id] = cipher
                keys.append([id, key.sealedKey, date])
                if !sealed.isEmpty { referrals.append((id, try reseal(sealed, context: "case.referral:\(id.uuidString)", with: cipher))) }
            }
            let ids = Array(ciphers.keys)
            var insert = sql.insert(into: CaseKey.schema).columns("case_id", "sealed_key", "created_at")
            for key in keys { insert = insert.values(key) }
            try await insert.run()
            try await setColumn("sealed_referral", of: referrals, on: sql)

            for row in try await sql.raw("""
                SELECT id, case_id, sealed_note FROM case_events WHERE sealed_note IS NOT NULL AND case_id IN (\(binds: ids))
                """).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                guard let cipher = ciphers[try row.decode(column: "case_id", as: UUID.self)] else { continue }
                let note = try reseal(try row.decode(column: "sealed_note", as: String.self), context: "case.event:\(id.uuidString)", with: cipher)
                try await sql.update("case_events").set("sealed_note", to: note).where("id", .equal, id).run()
            }
            for row in try await sql.raw("""
                SELECT id, case_id, purpose, interpreter_language FROM consent_records WHERE case_id IN (\(binds: ids))
                """).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                guard let cipher = ciphers[try row.decode(column: "case_id", as: UUID.self)] else { continue }
                let purpose = try reseal(try row.decode(column: "purpose", as: String.self), context: "consent.purpose:\(id.uuidString)", with: cipher)
                let language = try row.decode(column: "interpreter_language", as: String?.self).map {
                    try reseal($0, context: "consent.interpreter_language:\(id.uuidString)", with: cipher)
                }
                try await sql.update("consent_records").set("purpose", to: purpose).set("interpreter_language", to: language)
                    .where("id", .equal, id).run()
            }
            for row in try await sql.raw("SELECT id, case_id, purpose FROM case_shares WHERE case_id IN (\(binds: ids))").all() {
                let id = try row.decode(column: "id", as: UUID.self)
                guard let cipher = ciphers[try row.decode(column: "case_id", as: UUID.self)] else { continue }
                let purpose = try reseal(try row.decode(column: "purpose", as: String.self), context: "share.purpose:\(id.uuidString)", with: cipher)
                try await sql.update("case_shares").set("purpose", to: purpose).where("id", .equal, id).run()
            }
            keyed += rows.count
            after = try rows.last?.decode(column: "id", as: UUID.self)
        }
    }

    /// Sets `closed_on` (the day a closed case entered its closed stage) and `duty_to_notify`
    /// (the adult declined referral) where they are missing. Returns how many cases changed.
    static func fillRetentionColumns(on sql: any SQLDatabase, pages: Int = .max) async throws -> Int {
        let declined = PathwayEvent.referralDecision(consentGiven: false)
        var after: UUID?
        var changed = 0
        var remaining = pages
        while true {
            let page: SQLQueryString = after.map { " AND id > \(bind: $0)" } ?? ""
            let rows = try await sql.raw("""
                SELECT id, stage, pathway_state, identified_on FROM cases
                WHERE ((stage = \(bind: Stage.closed.rawValue) AND closed_on IS NULL)
                    OR (stage = \(bind: Stage.dutyToNotify.rawValue) AND duty_to_notify = \(bind: false)))\(page)
                ORDER BY id LIMIT \(literal: pageSize)
                """).all()
            guard !rows.isEmpty, remaining > 0 else { return changed }
            remaining -= 1
            var closed: [(UUID, Int)] = []
            var notified: [UUID] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let json = try row.decode(column: "pathway_state", as: String.self)
                let state = (try? JSONDecoder().decode(PathwayState.self, from: Data(json.utf8))) ?? PathwayState()
                if try row.decode(column: "stage", as: String.self) == Stage.dutyToNotify.rawValue {
                    notified.append(id)
                } else {
                    // Every closed state carries its day; the identification day is the floor.
                    let identified = try row.decode(column: "identified_on", as: Int.self)
                    closed.append((id, (state.stageEnteredOn ?? state.lastEventOn)?.daysSinceEpoch ?? identified))
                }
            }
            if !closed.isEmpty {
                // A closed case that was a Duty to Notify says so on its timeline.
                let ids: [any Encodable & Sendable] = closed.map(\.0)
                let wasNotified = try await sql.raw("""
                    SELECT DISTINCT case_id FROM case_events
                    WHERE name = \(bind: declined.name) AND label = \(bind: declined.label) AND case_id IN (\(binds: ids))
                    """).all().map { try $0.decode(column: "case_id", as: UUID.self) }
                notified += wasNotified
                try await setColumn("closed_on", of: closed, on: sql)
            }
            if !notified.isEmpty {
                try await sql.raw("UPDATE cases SET duty_to_notify = \(bind: true) WHERE id IN (\(binds: notified))").run()
            }
            changed += rows.count
            after = try rows.last?.decode(column: "id", as: UUID.self)
        }
    }

    /// One UPDATE for many cases: `SET column = CASE id WHEN … THEN … END WHERE id IN (…)`.
    private static func setColumn<Value: Encodable & Sendable>(_ column: String, of values: [(UUID, Value)],
                                                                on sql: any SQLDatabase) async throws {
        guard !values.isEmpty else { return }
        var statement: SQLQueryString = "UPDATE cases SET \(ident: column) = CASE id"
        for (id, value) in values { statement += " WHEN \(bind: id) THEN \(bind: value)" }
        let ids: [any Encodable & Sendable] = values.map(\.0)
        statement += " END WHERE id IN (\(binds: ids))"
        try await sql.raw(statement).run()
    }
}
