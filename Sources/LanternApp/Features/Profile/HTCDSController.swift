import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The HTCDS exchange (`/profile/htcds`): the anonymised case-level export in the IOM Human
/// Trafficking Case Data Standard's fields that Lantern holds, k-anonymised as the Counter
/// Trafficking Data Collaborative does (`HTCDSExport`), with its generalisation report and
/// data dictionary, and as CSV and JSON streamed a block at a time. Lantern's cases are read
/// once, as one grouped count of their quasi-identifiers (with the sum of their record keys,
/// for the cell key method), so the memory used depends on how many different combinations
/// there are, never on how many cases. Only complete years are exported. For analysts (those
/// who import statistics), one question at a time each, like the profile; every download is
/// audited.
struct HTCDSController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.htcds, access: .action(.importStatistics), use: page)
        routes.get(ProfilePaths.htcdsCSV, access: .action(.importStatistics), use: csv)
        routes.get(ProfilePaths.htcdsJSON, access: .action(.importStatistics), use: json)
    }

    /// The cases of complete years (identified before `beforeYear`), their quasi-identifiers
    /// counted by combination with the sum of their record keys.
    static func caseload(on db: any Database, beforeYear: Int) async throws -> [HTCDSExport.Person: KeyedCount] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let columns = ["identified_year", "gender", "age_group", "age_group_at_exploitation", "nationality", "exploitation_combination"]
        var select = sql.select().from(CaseRecord.schema).where("identified_year", .lessThan, SQLBind(beforeYear))
        for column in columns { select = select.column(SQLIdentifier(column)).groupBy(SQLIdentifier(column)) }
        let rows = try await select.column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLFunction("SUM", args: SQLIdentifier("record_key")), as: SQLIdentifier("s"))).all()
        var counts: [HTCDSExport.Person: KeyedCount] = [:]
        for row in rows {
            let year = Int(ProfileRepository.key(row, "identified_year"))
            let nationality = ProfileRepository.key(row, "nationality"), combination = ProfileRepository.key(row, "exploitation_combination")
            let person = HTCDSExport.Person(year: year, gender: ProfileRepository.key(row, "gender"), ageGroup: ProfileRepository.key(row, "age_group"),
                                            ageGroupAtExploitation: ProfileRepository.key(row, "age_group_at_exploitation"),
                                            nationality: nationality.isEmpty ? nil : nationality,
                                            exploitation: combination.isEmpty ? nil : combination)
            counts[person, default: .zero] = counts[person, default: .zero]
                + KeyedCount(count: ProfileRepository.count(row, "n"), keySum: ProfileRepository.count(row, "s"))
        }
        return counts
    }

    struct Release: Sendable {
        var plan: HTCDSExport.Plan
        var rows: [(row: HTCDSExport.Row, count: Int)]
        /// The last complete year exported.
        var throughYear: Int
        var published: Int { rows.reduce(0) { $0 + $1.count } }
    }

    /// The caseload, its plan and the rows to publish: one at a time for each person (as the
    /// profile's questions are), the planning as a task of its own, away from the thread pool
    /// the database's blocking work runs on.
    static func release(_ request: Request) async throws -> Release {
        let person = try request.requireSignedIn().userID
        let services = request.application.lantern
        let db = request.db, year = request.today.components.year
        let method = try DisclosureMethod.cellKey(threshold: services.settings.disclosureThreshold)
        guard case .cellKey(let perturbation) = method else { throw Abort(.internalServerError) }
        return try await services.profileQuestions.answer(for: person) {
            let counts = try await caseload(on: db, beforeYear: year)
            return await Task.detached {
                let regions = HTCDSRegions.bundled
                let plan = HTCDSExport.plan(counts, regions: regions)
                return Release(plan: plan, rows: HTCDSExport.rows(counts, plan: plan, regions: regions, perturbation: perturbation),
                               throughYear: year - 1)
            }.value
        }
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        let release = try await Self.release(request)
        return request.render(HTCDSPages.page(.init(release: release, producedAt: request.application.lantern.now),
                                              l: HTCDSPages.localiser(request)))
    }

    /// Rows are written a block at a time; each group stands for `count` identical rows.
    static let blockBytes = 64 * 1024

    @Sendable func csv(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        let rows = try await Self.release(request).rows
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "htcds-csv"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "lantern-htcds.csv")
        let body = Response.Body(asyncStream: { writer in
            var block = HTCDSExport.fields.joined(separator: ",") + "\r\n"
            for (row, count) in rows {
                let line = row.values.map(ProfileExport.field).joined(separator: ",") + "\r\n"
                for _ in 0..<count {
                    block += line
                    if block.utf8.count >= Self.blockBytes {
                        try await writer.write(.buffer(ByteBuffer(string: block)))
                        block = ""
                    }
                }
            }
            try await writer.write(.buffer(ByteBuffer(string: block)))
            try await writer.write(.end)
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    @Sendable func json(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        let release = try await Self.release(request)
        let rows = release.rows
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "htcds-json"))
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.contentDisposition = .init(.attachment, filename: "lantern-htcds.json")
        let head = try Self.metadata(release, producedAt: request.application.lantern.now)
        let body = Response.Body(asyncStream: { writer in
            // The metadata object, opened to take the records last.
            var block = String(head.dropLast()) + ",\"records\":["
            var first = true
            for (row, count) in rows {
                let record = try Self.record(row)
                for _ in 0..<count {
                    block += (first ? "" : ",") + record
                    first = false
                    if block.utf8.count >= Self.blockBytes {
                        try await writer.write(.buffer(ByteBuffer(string: block)))
                        block = ""
                    }
                }
            }
            try await writer.write(.buffer(ByteBuffer(string: block + "]}")))
            try await writer.write(.end)
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    struct Metadata: Encodable {
        var standard = "IOM Human Trafficking Case Data Standard (HTCDS), the fields Lantern holds"
        var anonymisation: String
        var k: Int
        var throughYear: Int
        var recordCount: Int
        var groups: Int
        var generalisation: [String: String]
        var fields: [String]
        var producedAt: Date
    }

    static func metadata(_ release: Release, producedAt: Date) throws -> String {
        let plan = release.plan
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let described = Dictionary(HTCDSExport.describe(plan.levels).map { ($0.field, $0.shown) }, uniquingKeysWith: { a, _ in a })
        let metadata = Metadata(anonymisation: "k-anonymity on gender, age, citizenship, year and exploitation types: generalised first, "
                                    + "then anyone still in a group smaller than k left out (at most 5%); each group's size is "
                                    + "published under the cell key method, so it may differ from the true size by a little",
                                k: plan.k, throughYear: release.throughYear, recordCount: release.published, groups: release.rows.count,
                                generalisation: described, fields: HTCDSExport.fields, producedAt: producedAt)
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }

    /// One record as a JSON object, in the fields' order ("" written as null: not known or not shown).
    static func record(_ row: HTCDSExport.Row) throws -> String {
        let pairs = zip(HTCDSExport.fields, row.values).map { field, value in
            "\"\(field)\":" + (value.isEmpty ? "null" : (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "null")
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
