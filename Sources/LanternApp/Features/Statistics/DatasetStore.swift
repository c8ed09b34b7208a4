import Crypto
import Fluent
import Foundation
import SQLKit
import LanternCore

/// What an import says about the table it brings in, beside the figures themselves.
struct DatasetMetadata: Sendable {
    var title: String
    var source: String
    var licence: String
    var from: Quarter
    var to: Quarter
    var fileName: String
    var importedBy: UUID?
    var importedByLabel: String
    /// What the table covers; a national table's London rows are still found (`LondonBodies`).
    var coverage: DatasetCoverage = .national
}

/// Stores a checked table as a dataset and its figures in one transaction with its audit
/// entry, so a dataset is there whole or not at all. Replacing one removes the old rows in
/// the same transaction; removing one deletes its figures with it.
enum DatasetStore {
    /// Rows per INSERT: 12 bound values each stays far below both databases' bind limits.
    static let batchSize = 500

    static func store(_ parsed: ParsedStatistics, file: Data, metadata: DatasetMetadata, replacing: UUID?,
                      on database: any Database,
                      claim: (@Sendable (any Database) async throws -> Void)? = nil,
                      audit: @escaping @Sendable (any Database, StatisticsDataset) async throws -> Void,
                      progress: (@Sendable (Int) -> Void)? = nil) async throws -> StatisticsDataset {
        let dataset = StatisticsDataset()
        dataset.id = UUID()
        dataset.title = metadata.title
        dataset.measure = parsed.mapping.measure
        dataset.mapping = parsed.mapping.name
        dataset.source = metadata.source
        dataset.licence = metadata.licence
        dataset.periodFrom = metadata.from.code
        dataset.periodTo = metadata.to.code
        dataset.importedBy = metadata.importedBy
        dataset.importedByLabel = metadata.importedByLabel
        dataset.importedAt = Date()
        dataset.fileName = metadata.fileName
        dataset.fileSHA256 = SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
        dataset.contentSHA256 = parsed.contentDigest
        dataset.coverage = metadata.coverage.rawValue
        dataset.linesRead = parsed.linesRead
        dataset.figureCount = parsed.figures.count
        dataset.totalsChecked = parsed.totalsChecked
        do {
            try await write(dataset, figures: parsed.figures, quarter: metadata.from.code, coverage: metadata.coverage, replacing: replacing,
                            on: database, claim: claim, audit: audit, progress: progress)
        } catch {
            // Another import of the same content won the race: the unique index refused this one.
            if (error as? any DatabaseError)?.isConstraintFailure == true, let earlier = try await sameContent(as: dataset, on: database) {
                throw DuplicateDataset(earlier: earlier)
            }
            throw error
        }
        return dataset
    }

    /// An earlier dataset with the same figures for the same measure and period, if any.
    static func sameContent(as dataset: StatisticsDataset, on database: any Database) async throws -> StatisticsDataset? {
        try await sameContent(as: dataset.contentSHA256, measure: dataset.measure, from: Quarter(code: dataset.periodFrom),
                              to: Quarter(code: dataset.periodTo), on: database)
    }

    static func sameContent(as digest: String, measure: String, from: Quarter?, to: Quarter?,
                            on database: any Database) async throws -> StatisticsDataset? {
        try await StatisticsDataset.query(on: database).filter(\.$contentSHA256 == digest)
            .filter(\.$measure == measure).filter(\.$periodFrom == (from?.code ?? 0))
            .filter(\.$periodTo == (to?.code ?? 0)).first()
    }

    private static func write(_ dataset: StatisticsDataset, figures: [ImportedFigure], quarter: Int, coverage: DatasetCoverage,
                              replacing: UUID?,
                              on database: any Database, claim: (@Sendable (any Database) async throws -> Void)?,
                              audit: @escaping @Sendable (any Database, StatisticsDataset) async throws -> Void,
                              progress: (@Sendable (Int) -> Void)?) async throws {
        try await database.transaction { tx in
            // First, so that of two confirmations of one upload only one goes on.
            try await claim?(tx)
            // The same content for the same measure and period again would count every figure
            // twice: refused, unless it replaces the dataset it repeats.
            if let earlier = try await sameContent(as: dataset, on: tx), earlier.id != replacing {
                throw DuplicateDataset(earlier: earlier)
            }
            if let replacing {
                guard let old = try await StatisticsDataset.find(replacing, on: tx) else { throw LanternError.notFound }
                try await DatasetFigure.query(on: tx).filter(\.$dataset.$id == replacing).delete()
                try await old.delete(on: tx)
            }
            try await dataset.create(on: tx)
            guard let sql = tx as? any SQLDatabase else { throw LanternError.conflict("this database cannot hold statistics") }
            let columns = ["dataset_id", "measure", "quarter", "first_responder_type", "first_responder", "exploitation_type",
                           "age_group", "gender", "nationality", "borough", "count", "in_london"]
            let bodies = LondonBodies(.london)
            var londonResponders: [String: Bool] = [:]
            var written = 0
            for start in stride(from: 0, to: figures.count, by: batchSize) {
                var insert = sql.insert(into: DatasetFigure.schema).columns(columns)
                for figure in figures[start..<min(start + batchSize, figures.count)] {
                    let v = figure.values
                    let rowQuarter = v[.period].flatMap { ImportedPeriod(text: $0)?.code } ?? quarter
                    let responder = v[.firstResponder] ?? ""
                    let responderIsLondons = londonResponders[responder] ?? {
                        let answer = bodies.isLondon(firstResponder: responder)
                        londonResponders[responder] = answer
                        return answer
                    }()
                    let inLondon = coverage.isLondon || !(v[.borough] ?? "").isEmpty || responderIsLondons
                    insert = insert.values([
                        SQLBind(dataset.id!), SQLBind(dataset.measure), SQLBind(rowQuarter),
                        SQLBind(v[.firstResponderType] ?? ""), SQLBind(v[.firstResponder] ?? ""),
                        SQLBind(v[.exploitationType] ?? ""), SQLBind(v[.ageGroup] ?? ""), SQLBind(v[.gender] ?? ""),
                        SQLBind(v[.nationality] ?? ""), SQLBind(v[.borough] ?? ""), SQLBind(figure.count), SQLBind(inLondon),
                    ])
                }
                try await insert.run()
                written = min(start + batchSize, figures.count)
                progress?(written)
            }
            try await audit(tx, dataset)
        }
    }

    static func remove(_ id: UUID, on database: any Database,
                       audit: @escaping @Sendable (any Database, StatisticsDataset) async throws -> Void) async throws {
        try await database.transaction { tx in
            guard let dataset = try await StatisticsDataset.find(id, on: tx) else { throw LanternError.notFound }
            try await DatasetFigure.query(on: tx).filter(\.$dataset.$id == id).delete()
            try await dataset.delete(on: tx)
            try await audit(tx, dataset)
        }
    }

    /// The measures that have figures, for the dashboard's choice of source.
    static func measures(on database: any Database) async throws -> [String] {
        let datasets = try await StatisticsDataset.query(on: database).all()
        return Array(Set(datasets.map(\.measure))).sorted()
    }
}

/// A file already imported for the same measure and period.
struct DuplicateDataset: Error, CustomStringConvertible {
    let earlier: StatisticsDataset

    var description: String {
        let id = earlier.id?.uuidString ?? ""
        return "the same figures were already imported as dataset \(id) (\(earlier.title), \(earlier.measure)) for this period; "
            + "nothing was stored. To import them again, replace that dataset: --replace \(id)"
    }
}
