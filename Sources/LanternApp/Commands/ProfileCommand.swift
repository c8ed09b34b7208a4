import ConsoleKit
import Fluent
import SQLKit
import LanternCore
import Vapor

/// `lantern profile verify` compares the profile's summary table with a count over the cases
/// (every cell of every cuboid, in one snapshot) and exits non-zero on any difference or
/// missing trigger, so it can run from a scheduler; `lantern profile rebuild` counts every
/// cell again from the cases (writers wait meanwhile; readers do not).
struct ProfileCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or rebuild")
        var action: String
    }

    var help: String { "Checks the profile's summary table against the cases (`verify`) or counts it again from them (`rebuild`)" }

    struct Failed: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let store = ProfileCellStore(db: app.db)
        try await Self.requireMigrated(app.db)
        switch signature.action {
        case "verify":
            let report = try await store.verify()
            for trigger in report.missingTriggers { context.console.error("missing trigger: \(trigger)") }
            if report.cuboidsDiffer { context.console.error("the list of cuboids (profile_cuboids) is not the one this Lantern counts by") }
            for difference in report.differences { context.console.error("differs: \(difference)") }
            if report.isExact {
                context.console.print("exact (\(report.cells) cells in \(report.cuboids) cuboids match the cases)")
            } else {
                throw Failed(description: "the summary table does not match the cases (\(report.differences.count) cells listed, "
                             + "\(report.missingTriggers.count) triggers missing); run `lantern profile rebuild`")
            }
        case "rebuild":
            let cells = try await { () async throws -> Int in
                if let sql = app.db as? any SQLDatabase {
                    // Put back any trigger that went missing, then count.
                    if try await !ProfileCellTriggers.missing(on: sql).isEmpty {
                        try await ProfileCellTriggers.drop(on: sql)
                        try await ProfileCellTriggers.create(on: sql)
                    }
                }
                return try await store.rebuild()
            }()
            context.console.print("rebuilt (\(cells) cells)")
        default:
            throw Failed(description: "unknown profile action \(signature.action); use: lantern profile verify | lantern profile rebuild")
        }
    }

    /// A database not yet migrated has no summary table: say so rather than print SQL errors.
    static func requireMigrated(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        // A database that was never migrated has no migration log either.
        let row = try? await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations WHERE name = \(bind: CreateProfileCells().name)").first()
        if (row.flatMap { $0 }.map { ProfileCellStore.integer($0, "n") } ?? 0) == 0 {
            throw Failed(description: "this database has no summary table yet; run `lantern migrate --yes` first")
        }
    }
}
