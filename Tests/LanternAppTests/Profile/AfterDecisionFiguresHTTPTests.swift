import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The problem profile's figures after the decision over HTTP, on rows written into the real
/// tables (migrations 021–026): each figure is the cell key method's published form of the
/// true count and the sum of its rows' own keys (each derived from its case's key), nothing
/// from 1 to 4 is shown, and the same rows give the same figures asked twice or written in
/// another order.
@Suite struct AfterDecisionFiguresHTTPTests {
    typealias F = AfterDecisionFigures

    /// One row to write, kept so the same rows can be written again in another order.
    struct Insert {
        var table: String
        var columns: [String]
        var values: [any Encodable & Sendable]
    }

    static let hackney = "E09000012", camden = "E09000007"

    static func write(_ rows: [Insert], on sql: any SQLDatabase) async throws {
        for row in rows {
            try await sql.insert(into: row.table).columns(row.columns).values(row.values.map { SQLBind($0) }).run()
        }
    }

    /// The CSV's tables by heading: row label → the row's figures (cells, then the total).
    static func tables(_ csv: String) -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        var current: String?
        var header = false
        for line in csv.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix("# Table: ") {
                current = String(line.dropFirst("# Table: ".count))
                header = true
                continue
            }
            guard let table = current, !line.hasPrefix("#") else { continue }
            if header { header = false; continue }
            let fields = line.components(separatedBy: ",")
            result[table, default: [:]][fields[0]] = Array(fields.dropFirst())
        }
        return result
    }

    @Test(arguments: TestDatabase.available)
    func theFiguresAreTheKeyedCountsOfTheirRowsProtectedAndStable(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Hackney Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let owner = SyntheticSeeder.Owner(organisationID: council.id!, userID: worker.id, responderType: .localAuthority, weight: 1)
            try await SyntheticSeeder.seed(lantern.app, count: 70, seed: 11, owners: [owner])
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            // Only the move-on periods written below end in the period.
            try await sql.delete(from: "case_events").where("name", .equal, PathwayEventKind.recoveryNeedsAssessment.rawValue).run()
            try await sql.update("cases").set("borough_identified", to: Self.hackney).set(SQLIdentifier("closed_on"), to: SQLLiteral.null).run()
            let cases = try await sql.select().column("id").column("record_key").from("cases").orderBy("id").all()
                .map { (id: try $0.decode(column: "id", as: UUID.self), key: try $0.decode(column: "record_key", as: Int.self)) }
            #expect(cases.count == 70)
            let today = lantern.today, now = lantern.clock.now, me = worker.id, organisation = council.id!
            let question = F.Question(from: Quarter(containing: today).adding(quarters: -1), to: Quarter(containing: today), rows: .borough)
            let day = 86_400.0

            var rows: [Insert] = []
            /// Expected cells: figure → row label → column label → the counted rows' keys.
            var expected: [String: [String: [String: [RecordKey]]]] = [:]
            func expect(_ table: String, _ row: String, _ column: String, _ key: RecordKey) {
                expected[table, default: [:]][row, default: [:]][column, default: []].append(key)
            }
            func rowKey(_ c: Int, _ table: String, _ id: UUID) -> RecordKey {
                RecordKey(cases[c].key)!.mentionKey(code: "\(table):\(id.uuidString.lowercased())")
            }
            func stay(_ c: Int, kind: String, borough: String, from: Int, until: Int?) -> UUID {
                let id = UUID()
                rows.append(Insert(table: "case_accommodation",
                                   columns: ["id", "case_id", "kind", "borough_code", "from_day", "until_day", "recorded_by", "recorded_at"],
                                   values: [id, cases[c].id, kind, borough, from, until, me, now]))
                return id
            }
            let bandLabels = ["Up to 7 days", "8 to 28 days", "29 to 42 days", "43 to 90 days", "Over 90 days"]
            let bands = Dictionary(uniqueKeysWithValues: zip(F.StayBand.allCases, bandLabels))
            // Time in B&B: 30 stays in Hackney, open ones counted to today; two in Camden.
            for c in 0..<30 {
                let from = today.daysSinceEpoch - 10 - 2 * c
                let until: Int? = c % 3 == 0 ? nil : from + (c * 4) % 100
                let id = stay(c, kind: "bed_and_breakfast", borough: Self.hackney, from: from, until: until)
                let band = F.StayBand(days: (until ?? today.daysSinceEpoch) - from)
                expect("Time in B&B", "Hackney", bands[band]!, rowKey(c, "case_accommodation", id))
            }
            for c in 30..<32 {
                let id = stay(c, kind: "bed_and_breakfast", borough: Self.camden, from: today.daysSinceEpoch - 5, until: nil)
                expect("Time in B&B", "Camden", "Up to 7 days", rowKey(c, "case_accommodation", id))
            }
            _ = stay(32, kind: "hostel", borough: Self.hackney, from: today.daysSinceEpoch - 5, until: nil)
            _ = stay(33, kind: "bed_and_breakfast", borough: Self.hackney, from: question.firstDay.daysSinceEpoch - 5, until: nil)

            // Move-on: twelve periods end 15 days ago; one ends in the future (not counted).
            let entered = today.daysSinceEpoch - 60, end = entered + PathwayTimeLimits().moveOnDays
            func moveOn(_ c: Int, on day: Int) {
                rows.append(Insert(table: "case_events",
                                   columns: ["id", "case_id", "name", "label", "event", "occurred_on", "recorded_at", "recorded_by"],
                                   values: [UUID(), cases[c].id, PathwayEventKind.recoveryNeedsAssessment.rawValue, "Recovery Needs Assessment",
                                            "{}", day, now, me]))
            }
            for c in 40..<52 {
                moveOn(c, on: entered)
                let label: String
                switch c {
                case ..<48: _ = stay(c, kind: "private_tenancy", borough: Self.hackney, from: end - 10, until: nil); label = "Settled"
                case ..<51: _ = stay(c, kind: "hostel", borough: Self.hackney, from: entered, until: nil); label = "Not settled"
                default: label = "Not recorded at its end"
                }
                expect("Settled accommodation at move-on", "Hackney", label, RecordKey(cases[c].key)!.mentionKey(code: "move_on:\(cases[c].id.uuidString.lowercased())"))
            }
            moveOn(52, on: today.daysSinceEpoch - 20)

            // Alerts: twenty raised three days ago (four of each kind), one before the period.
            let alertLabels = ["B&B over 42 days", "Move-on ending and not settled", "No contact", "No recourse to public funds and no support",
                               "Child turning 18"]
            for c in 0..<21 {
                let id = UUID()
                let kind = AlertKind.allCases[c % 5]
                let raised = c == 20 ? question.firstDay.daysSinceEpoch - 1 : today.daysSinceEpoch - 3
                rows.append(Insert(table: "case_alerts",
                                   columns: ["id", "case_id", "kind", "window_key", "raised_on", "raised_at", "organisation_id", "state"],
                                   values: [id, cases[c].id, kind.rawValue, "w\(c)", raised, now, organisation, "open"]))
                if c < 20 { expect("Alerts by kind and borough", "Hackney", alertLabels[AlertKind.allCases.firstIndex(of: kind)!], rowKey(c, "case_alerts", id)) }
            }

            // Concerns: ten on cases (standard: six on time, four not yet), six on their own (urgent, late).
            func concern(_ c: Int?, urgency: String, acknowledged: Date?) -> UUID {
                let id = UUID()
                rows.append(Insert(table: "safeguarding_concerns",
                                   columns: ["id", "case_id", "raised_by", "raised_by_organisation_id", "subject", "kind", "urgency", "police_box",
                                             "borough_code", "sealed_seen", "routed_organisation_id", "routed_at", "acknowledge_by",
                                             "acknowledged_at", "recorded_by", "recorded_at"],
                                   values: [id, c.map { cases[$0].id }, me, organisation, "adult", "other", urgency, false, Self.hackney, "-",
                                            organisation, now.addingTimeInterval(-3 * day), now.addingTimeInterval(-day), acknowledged,
                                            me, now.addingTimeInterval(-3 * day)]))
                return id
            }
            for c in 53..<63 {
                let onTime = c < 59
                let id = concern(c, urgency: "standard", acknowledged: onTime ? now.addingTimeInterval(-2 * day) : nil)
                expect("Safeguarding concerns acknowledged on time", "Standard", onTime ? "Acknowledged on time" : "Not yet acknowledged",
                       rowKey(c, "safeguarding_concerns", id))
            }
            for _ in 0..<6 {
                let id = concern(nil, urgency: "urgent", acknowledged: now.addingTimeInterval(-day + 3600))
                let hex = lantern.app.lantern.cipher.blindIndex(id.uuidString.lowercased(), purpose: "cell-key.safeguarding-concern")
                expect("Safeguarding concerns acknowledged on time", "Urgent", "Acknowledged late", RecordKey(Int(hex.prefix(2), radix: 16)!)!)
            }

            // Missing episodes: ten returned nine days ago, six interviewed the next day.
            for c in 0..<10 {
                let id = UUID(), back = now.addingTimeInterval(-9 * day)
                rows.append(Insert(table: "child_missing_episodes",
                                   columns: ["id", "case_id", "from_at", "until_at", "rhi_held_at", "recorded_by", "recorded_at", "updated_by", "updated_at"],
                                   values: [id, cases[c].id, now.addingTimeInterval(-10 * day), back, c < 6 ? back.addingTimeInterval(day) : nil,
                                            me, now, me, now]))
                expect("Children's missing episodes", "Hackney", c < 6 ? "Interview within 72 hours" : "No interview within 72 hours",
                       rowKey(c, "child_missing_episodes", id))
            }
            try await Self.write(rows, on: sql)

            let analyst = try await lantern.makePerson(in: council, roles: [.analyst])
            let browser = try await lantern.signedIn(analyst)
            let query = "from=\(question.from.text)&to=\(question.to.text)&by=borough"
            let page = try await browser.get("/profile/after-the-decision?\(query)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.components(separatedBy: "<caption").count - 1 == 5)
            #expect(html.contains("cell key method"))
            #expect(ProfileHTTPTests.cellNumbers(html).allSatisfy { $0 == 0 || $0 >= 5 })
            #expect(try await browser.get("/profile").body.string.contains("after-the-decision"))

            let csv = try await browser.get("/profile/after-the-decision/download.csv?\(query)")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let published = Self.tables(csv.body.string)
            #expect(published.count == 5)
            guard case .cellKey(let method) = try DisclosureMethod.cellKey(threshold: 5) else { Issue.record("cell key method"); return }
            func figure(_ keys: [RecordKey]) -> String {
                String(method.published(KeyedCount(count: keys.count, keySum: keys.reduce(0) { $0 + $1.value })))
            }
            // Every figure is 0 or at least 5.
            for (_, table) in published {
                for (_, figures) in table { #expect(figures.allSatisfy { (Int($0) ?? -1) == 0 || (Int($0) ?? -1) >= 5 }) }
            }
            // Each cell, row total and grand total is the published form of exactly its rows.
            for (tableName, byRow) in expected {
                let table = try #require(published[tableName], "\(tableName)")
                let header = csv.body.string.components(separatedBy: "\r\n")
                    .drop { $0 != "# Table: \(tableName)" }.dropFirst().first!.components(separatedBy: ",").dropFirst()
                var all: [RecordKey] = []
                for (rowName, byColumn) in byRow {
                    let figures = try #require(table[rowName], "\(tableName) \(rowName)")
                    for (index, column) in header.enumerated() where column != "Total" {
                        #expect(figures[index] == figure(byColumn[column] ?? []), "\(tableName) \(rowName) \(column)")
                    }
                    let rowKeys = byColumn.values.flatMap { $0 }
                    #expect(figures.last == figure(rowKeys), "\(tableName) \(rowName) total")
                    all += rowKeys
                }
                #expect(table["Total"]?.last == figure(all), "\(tableName) grand total")
            }

            // Asked again: the same figures. Written again in the reverse order: the same figures.
            let again = try await browser.get("/profile/after-the-decision/download.csv?\(query)")
            #expect(again.body.string == csv.body.string)
            for table in ["case_alerts", "case_accommodation", "safeguarding_concerns", "child_missing_episodes"] {
                try await sql.delete(from: table).run()
            }
            try await sql.delete(from: "case_events").where("name", .equal, PathwayEventKind.recoveryNeedsAssessment.rawValue).run()
            try await Self.write(rows.reversed(), on: sql)
            let reordered = try await browser.get("/profile/after-the-decision/download.csv?\(query)")
            #expect(reordered.body.string == csv.body.string)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exported").count() == 3)

            // By quarter: the same records, so the same grand totals.
            let byQuarter = Self.tables(try await browser.get("/profile/after-the-decision/download.csv?from=\(question.from.text)&to=\(question.to.text)&by=quarter").body.string)
            for name in ["Time in B&B", "Settled accommodation at move-on", "Children's missing episodes"] {
                #expect(byQuarter[name]?["Total"]?.last == published[name]?["Total"]?.last, "\(name)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func whoMaySeeTheFiguresAndBadQuestions(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            for role in Role.allCases {
                let person = try await lantern.makePerson(in: council, roles: [role])
                let status = try await lantern.signedIn(person).get("/profile/after-the-decision").status
                let allowed = AccessPolicy.lantern.allowsSome([role], .viewStatistics)
                #expect(status == (allowed ? .ok : .forbidden), "\(role)")
            }
            #expect(try await lantern.browser().get("/profile/after-the-decision").location == "/sign-in")
            let browser = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.analyst]))
            let empty = try await browser.get("/profile/after-the-decision")
            #expect(empty.status == .ok)
            #expect(ProfileHTTPTests.cellNumbers(empty.body.string).allSatisfy { $0 == 0 })
            for (query, message) in [("from=2026-Q4&to=2026-Q1", "The first quarter must be before the last"),
                                     ("to=last-year", "Enter a quarter like 2026-Q3"),
                                     ("by=%3Cscript%3Ealert(1)%3C/script%3E", "Choose borough or quarter"),
                                     ("from=2001-Q1&to=2001-Q2", "the NRM began in April 2009"),
                                     ("to=2039-Q4", "later quarters have no figures yet"),
                                     ("from=2010-Q1", "Choose at most 10 years")] {
                let page = try await browser.get("/profile/after-the-decision?\(query)")
                #expect(page.status == .unprocessableEntity, "\(query)")
                #expect(page.body.string.contains(message), "\(query)")
                #expect(!page.body.string.contains("<script>alert"))
            }
            #expect(try await browser.get("/profile/after-the-decision/download.csv?to=nonsense").status == .unprocessableEntity)
        }
    }
}
