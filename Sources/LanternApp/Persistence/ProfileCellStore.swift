import Fluent
import Foundation
import SQLKit
import LanternCore

/// Rebuilding the summary table from the cases, and checking it against them
/// (`lantern profile rebuild` and `lantern profile verify`; see `ProfileCellTriggers`).
struct ProfileCellStore {
    let db: any Database

    /// One cell that differs from the count over the cases.
    struct Difference: Sendable, CustomStringConvertible {
        let cuboid: ProfileCuboid
        let cell: String
        let expected: (n: Int, s: Int)
        let stored: (n: Int, s: Int)
        var description: String {
            "\(cuboid), \(cell): the cases count \(expected.n) (key sum \(expected.s)), the table holds \(stored.n) (key sum \(stored.s))"
        }
    }

    struct Report: Sendable {
        var cuboids = 0
        var cells = 0
        var differences: [Difference] = []
        var missingTriggers: [String] = []
        /// The list of cuboids the triggers count by is not `ProfileCuboid.all`.
        var cuboidsDiffer = false
        var isExact: Bool { differences.isEmpty && missingTriggers.isEmpty && !cuboidsDiffer }
    }

    /// Empties the table and counts every cell again from the cases, in one transaction that
    /// keeps writers out meanwhile (readers go on). Returns how many cells it wrote.
    @discardableResult
    func rebuild() async throws -> Int {
        try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return 0 }
            if ProfileCellTriggers.Dialect(sql) == .postgres {
                try await sql.raw("LOCK TABLE \(ident: ProfileCellTriggers.casesTable), \(ident: ProfileCellTriggers.typesTable) IN SHARE MODE").run()
            }
            try await ProfileCellTriggers.fillCuboids(on: sql)
            try await sql.raw("DELETE FROM \(ident: ProfileCellTriggers.schema)").run()
            for cuboid in ProfileCuboid.all {
                try await sql.raw("""
                    INSERT INTO \(ident: ProfileCellTriggers.schema) (dims, quarter, month, year, k0, k1, n, s) \
                    \(ProfileCellTriggers.countedFromCases(cuboid))
                    """).run()
            }
            let row = try await sql.raw("SELECT COUNT(*) AS cells FROM \(ident: ProfileCellTriggers.schema)").first()
            return row.map { Self.integer($0, "cells") } ?? 0
        }
    }

    /// Compares every cell with the count over the cases, in one snapshot of both, and says
    /// which triggers are missing. `limit`: at most this many differences are listed.
    func verify(limit: Int = 50) async throws -> Report {
        try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return Report() }
            if ProfileCellTriggers.Dialect(sql) == .postgres {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").run()
            }
            var report = Report()
            report.missingTriggers = try await ProfileCellTriggers.missing(on: sql)
            report.cuboidsDiffer = try await !ProfileCellTriggers.cuboidsMatch(on: sql)
            for cuboid in ProfileCuboid.all {
                report.cuboids += 1
                let expected = try await Self.cells(sql.raw(ProfileCellTriggers.countedFromCases(cuboid)).all())
                let stored = try await Self.cells(sql.raw("""
                    SELECT quarter, month, year, k0, k1, n, s FROM \(ident: ProfileCellTriggers.schema) \
                    WHERE dims = \(bind: cuboid.code) AND (n <> 0 OR s <> 0)
                    """).all())
                report.cells += expected.count
                for cell in Set(expected.keys).union(stored.keys).sorted() {
                    let want = expected[cell] ?? (0, 0), have = stored[cell] ?? (0, 0)
                    if want != have, report.differences.count < limit {
                        report.differences.append(Difference(cuboid: cuboid, cell: cell, expected: want, stored: have))
                    }
                }
            }
            return report
        }
    }

    /// Cells keyed by their month and key values, as a person reads them
    /// ("month 202502 (2025 Q1) · Female · ALB"), with their count and key sum.
    static func cells(_ rows: [any SQLRow]) -> [String: (n: Int, s: Int)] {
        var cells: [String: (n: Int, s: Int)] = [:]
        for row in rows {
            let quarter = integer(row, "quarter")
            let keys = ["month \(integer(row, "month")) (\(integer(row, "year")) Q\(quarter % 10))", text(row, "k0"), text(row, "k1")]
            cells[keys.filter { !$0.isEmpty }.joined(separator: " · ")] = (integer(row, "n"), integer(row, "s"))
        }
        return cells
    }

    /// An integer, whatever type the database returned it as (PostgreSQL sums as NUMERIC).
    static func integer(_ row: any SQLRow, _ column: String) -> Int {
        if let n = try? row.decode(column: column, as: Int.self) { return n }
        if let n = try? row.decode(column: column, as: Int64.self) { return Int(n) }
        if let n = try? row.decode(column: column, as: Int32.self) { return Int(n) }
        if let d = try? row.decode(column: column, as: Decimal.self) { return NSDecimalNumber(decimal: d).intValue }
        if let t = try? row.decode(column: column, as: String.self) { return Int(t) ?? 0 }
        return 0
    }

    static func text(_ row: any SQLRow, _ column: String) -> String {
        (try? row.decode(column: column, as: String.self)) ?? ""
    }
}
