import ConsoleKit
import Fluent
import Foundation
import Vapor
import LanternCore

/// `lantern import FILE --period 2022-Q2 [--mapping NAME|mapping.json] …`: brings a
/// long-format statistics table in as a dataset. The whole file is checked first (every
/// rejected row is listed with its line and reason, and nothing is stored); then it is
/// written in one transaction, with progress on the terminal.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The CSV file to import")
        var file: String
        @Option(name: "period", help: "The quarter the table covers, e.g. 2022-Q2 (or the first, with --to); default: the table's own period column")
        var period: String?
        @Option(name: "to", help: "The last quarter covered, if more than one")
        var to: String?
        @Option(name: "mapping", help: "A built-in mapping's name or a mapping JSON file (default: detected from the header)")
        var mapping: String?
        @Option(name: "title", help: "What the dataset is called (default: the file name)")
        var title: String?
        @Option(name: "source", help: "Who published it (default: the mapping's description)")
        var source: String?
        @Option(name: "licence", help: "Its licence (default: Open Government Licence v3.0)")
        var licence: String?
        @Option(name: "covers", help: "What the table covers: national (default), london_councils, london_police or london_nhs")
        var covers: String?
        @Option(name: "replace", help: "The id of a dataset this one replaces")
        var replace: String?
        @Option(name: "by", help: "The email of the Lantern account doing the import, for the record")
        var by: String?
    }

    var help: String { "Imports a statistics table: `lantern import FILE --period 2022-Q2 [--mapping NAME|FILE.json]`" }

    struct Refused: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let started = Date()
        if let text = signature.period, Quarter(text: text) == nil { throw Refused(description: "--period must be a quarter such as 2022-Q2") }
        if let text = signature.to, Quarter(text: text) == nil { throw Refused(description: "--to must be a quarter such as 2022-Q4") }
        let replacing = try signature.replace.map { text -> UUID in
            guard let id = UUID(exactly: text) else { throw Refused(description: "--replace must be a dataset id (see `lantern datasets list`)") }
            return id
        }
        let coverage = try signature.covers.map { text -> DatasetCoverage in
            guard let c = DatasetCoverage(rawValue: text) else {
                throw Refused(description: "--covers must be one of \(DatasetCoverage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return c
        } ?? .national
        let mapping = try Self.mapping(named: signature.mapping)
        let url = URL(fileURLWithPath: signature.file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Refused(description: "cannot read \(signature.file)")
        }
        let console = context.console
        let parsed: ParsedStatistics
        do {
            parsed = try StatisticsImporter.parse(data, mapping: mapping, boroughs: app.lantern.boroughs) { lines in
                FileHandle.standardError.write(Data("  checked \(lines) lines\n".utf8))
            }
        } catch let rejection as ImportRejection {
            console.error("\(signature.file) was not imported: nothing was stored. Problems:")
            for problem in rejection.problems { console.error("  \(problem)") }
            throw Refused(description: "\(rejection.totalProblems) problem(s) in \(signature.file)")
        }
        // The quarters given, or the table's own (its period column, whole years included).
        let from: Quarter, to: Quarter
        switch DatasetUploadReading.period(of: parsed, from: signature.period ?? "", to: signature.to ?? "") {
        case .success(let span): (from, to) = span
        case .failure(let problem):
            throw Refused(description: "--period and --to: \(problem.message)")
        }
        var who: (UUID?, String) = (nil, "command line (\(ProcessInfo.processInfo.environment["USER"] ?? "operator"))")
        if let email = signature.by {
            guard let user = try await User.query(on: app.db).filter(\.$email == email.lowercased()).first() else {
                throw Refused(description: "no account with the email given to --by")
            }
            who = (user.id, "command line, \(user.email)")
        }
        let importer = who
        let metadata = DatasetMetadata(title: signature.title ?? url.lastPathComponent,
                                       source: signature.source ?? parsed.mapping.description,
                                       licence: signature.licence ?? "Open Government Licence v3.0",
                                       from: from, to: to, fileName: url.lastPathComponent,
                                       importedBy: importer.0, importedByLabel: importer.1, coverage: coverage)
        let total = parsed.figures.count
        let dataset = try await DatasetStore.store(parsed, file: data, metadata: metadata, replacing: replacing, on: app.db,
                                                   audit: { db, dataset in
            try await AuditLog.appendFromCommandLine(AuditEvent(action: replacing == nil ? "dataset.imported" : "dataset.replaced",
                                                                recordType: "dataset", recordID: dataset.id?.uuidString),
                                                     actor: importer.0, organisation: nil, at: app.lantern.now, key: app.lantern.auditChainKey, on: db)
        }, progress: { written in
            if written % 10_000 < DatasetStore.batchSize || written == total {
                FileHandle.standardError.write(Data("  stored \(written) of \(total) figures\n".utf8))
            }
        })
        let seconds = Date().timeIntervalSince(started)
        console.print("""
        imported \(dataset.id!.uuidString): \(parsed.linesRead) lines read, \(total) figures stored, \
        \(parsed.totalRows) total rows recognised (\(parsed.totalsChecked) checked against the rows), \
        measure \(dataset.measure), \(from.description)\(to == from ? "" : " to \(to.description)") \
        in \(String(format: "%.2f", seconds)) s
        """)
    }

    /// A built-in mapping by name, a JSON mapping file, or nil to detect from the header.
    static func mapping(named name: String?) throws -> StatisticsMapping? {
        guard let name, !name.isEmpty else { return nil }
        if let builtIn = StatisticsMapping.builtIn.first(where: { $0.name == name }) { return builtIn }
        guard let data = FileManager.default.contents(atPath: name) else {
            let names = StatisticsMapping.builtIn.map(\.name).joined(separator: ", ")
            throw Refused(description: "--mapping must be one of \(names) or a readable JSON mapping file")
        }
        do { return try JSONDecoder().decode(StatisticsMapping.self, from: data) } catch {
            throw Refused(description: "the mapping file \(name) is not a valid mapping: \(error)")
        }
    }
}

/// `lantern datasets list` and `lantern datasets remove --id ID`.
struct DatasetsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "list or remove")
        var action: String
        @Option(name: "id", help: "the dataset to remove")
        var id: String?
    }

    var help: String { "Lists imported datasets or removes one: `lantern datasets list`, `lantern datasets remove --id ID`" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "list":
            let datasets = try await StatisticsDataset.query(on: app.db).sort(\.$importedAt).all()
            if datasets.isEmpty { context.console.print("no datasets") }
            for d in datasets {
                let period = Quarter(code: d.periodFrom)?.description ?? "?"
                context.console.print("\(d.id!.uuidString)  \(d.measure)  \(period)  \(d.figureCount) figures  \(d.title)")
            }
        case "remove":
            guard let id = signature.id.flatMap(UUID.init(exactly:)) else {
                throw ImportCommand.Refused(description: "give the id of the dataset to remove (see `lantern datasets list`)")
            }
            try await DatasetStore.remove(id, on: app.db) { db, dataset in
                try await AuditLog.appendFromCommandLine(AuditEvent(action: "dataset.removed", recordType: "dataset",
                                                                    recordID: dataset.id?.uuidString),
                                                         organisation: nil, at: app.lantern.now, key: app.lantern.auditChainKey, on: db)
            }
            context.console.print("removed \(id.uuidString)")
        default:
            throw ImportCommand.Refused(description: "unknown action \(signature.action); use list or remove")
        }
    }
}
