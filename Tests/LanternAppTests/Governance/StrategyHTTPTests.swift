import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A group's strategy over HTTP, on SQLite and PostgreSQL: members read it, others get 404,
/// the secretariat keeps it (every change audited); bad input is refused with messages and
/// kept; a value entered again for a period is a new version; bound indicators read the
/// imported NRM figures after disclosure control; effectiveness figures are counts out of counts.
@Suite struct StrategyHTTPTests {
    struct World {
        let groupID: UUID
        let otherGroupID: UUID
        let secretary: TestPerson
        let member: TestPerson
        let outsider: TestPerson
        let readOnly: TestPerson
        let camden: Organisation
        var path: String { "/strategy/\(groupID)" }
    }

    /// A board with a secretary and a member (memberships in force), another group, an outsider.
    static func world(_ lantern: TestLantern) async throws -> World {
        let db = lantern.app.db
        let host = try await lantern.makeOrganisation("Partnership host")
        let camden = try await lantern.makeOrganisation("Camden Council")
        let secretary = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let member = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let outsider = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let readOnly = try await lantern.makePerson(in: camden, roles: [.readOnly])
        let board = PartnershipGroup(kind: .board, name: "Strategy Board (test)", slug: "strategy-board-test", purpose: "Leads.",
                                     parentID: nil, hostOrganisationID: host.id!, isPublic: true, createdAt: Date())
        let other = PartnershipGroup(kind: .network, name: "Other Network (test)", slug: "other-network-test", purpose: "Meets.",
                                     parentID: nil, hostOrganisationID: host.id!, isPublic: true, createdAt: Date())
        try await board.create(on: db)
        try await other.create(on: db)
        let from = lantern.today.adding(days: -30)
        try await GroupMember(groupID: board.id!, userID: secretary.id, organisationID: camden.id!, role: .secretariat, from: from, until: nil,
                              createdAt: Date(), createdBy: secretary.id).create(on: db)
        try await GroupMember(groupID: board.id!, userID: member.id, organisationID: camden.id!, role: .member, from: from, until: nil,
                              createdAt: Date(), createdBy: secretary.id).create(on: db)
        // The outsider runs the other group: that gives nothing on this one.
        try await GroupMember(groupID: other.id!, userID: outsider.id, organisationID: camden.id!, role: .secretariat, from: from, until: nil,
                              createdAt: Date(), createdBy: secretary.id).create(on: db)
        return World(groupID: board.id!, otherGroupID: other.id!, secretary: secretary, member: member, outsider: outsider,
                     readOnly: readOnly, camden: camden)
    }

    static func action(_ lantern: TestLantern, group: UUID, owner: TestPerson, organisation: Organisation, title: String,
                       due: Day, status: PartnershipActionStatus, doneOn: Day? = nil) async throws -> UUID {
        let action = PartnershipAction()
        action.id = UUID()
        action.groupID = group
        action.title = title
        action.ownerUserID = owner.id
        action.ownerOrganisationID = organisation.id!
        action.dueOn = due.daysSinceEpoch
        action.status = status.rawValue
        action.doneOn = doneOn?.daysSinceEpoch
        action.createdAt = Date()
        action.createdBy = owner.id
        try await action.create(on: lantern.app.db)
        return action.id!
    }

    @Test(arguments: TestDatabase.available)
    func membersReadTheSecretariatKeepsItOthersGet404(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let secretary = try await lantern.signedIn(w.secretary)

            // The secretariat builds the strategy: priority → objective → indicator → values.
            #expect(try await secretary.get("\(w.path)/priorities/new").status == .ok)
            #expect(try await secretary.post("\(w.path)/priorities/new", [("title", "Identify more victims"), ("description", "")]).status == .seeOther)
            let priority = try #require(try await StrategyPriority.query(on: db).filter(\.$groupID == w.groupID).first())
            #expect(try await secretary.post("\(w.path)/priorities/\(priority.id!)/objectives/new",
                                             [("title", "Every council refers"), ("description", "All 33.")]).status == .seeOther)
            let objective = try #require(try await StrategyObjective.query(on: db).filter(\.$priority.$id == priority.id!).first())
            #expect(try await secretary.post("\(w.path)/objectives/\(objective.id!)/indicators/new", [
                ("name", "Staff trained"), ("source", "entered"), ("periodKind", "quarter"), ("unit", "percent"),
                ("direction", "higher"), ("target", "80")]).status == .seeOther)
            let indicator = try #require(try await StrategyIndicator.query(on: db).filter(\.$objective.$id == objective.id!).first())
            #expect(indicator.target == 80 && indicator.indicatorUnit == .percent && indicator.indicatorBinding == nil)
            let last = IndicatorPeriod.quarter(Quarter(containing: lantern.today).adding(quarters: -1)).text
            let valuesPath = "\(w.path)/indicators/\(indicator.id!)/values"
            #expect(try await secretary.post(valuesPath, [("period", last), ("value", "64")]).status == .seeOther)
            // The same period again: a new version replaces it on the pages; both stay in the history.
            #expect(try await secretary.post(valuesPath, [("period", last), ("value", "85.5")]).status == .seeOther)
            let rows = try await StrategyIndicatorValue.query(on: db).filter(\.$indicator.$id == indicator.id!).sort(\.$version).all()
            #expect(rows.map(\.version) == [1, 2] && rows.map(\.value) == [64, 85.5])
            let indicatorPage = try await secretary.get("\(w.path)/indicators/\(indicator.id!)").body.string
            #expect(indicatorPage.contains("85.5% in \(last)") && indicatorPage.contains("64%"))
            #expect(indicatorPage.contains("On track"))

            // An action of the group is linked; one of another group cannot be.
            let ours = try await Self.action(lantern, group: w.groupID, owner: w.member, organisation: w.camden, title: "Write to every council",
                                             due: lantern.today.adding(days: -3), status: .open)
            let theirs = try await Self.action(lantern, group: w.otherGroupID, owner: w.member, organisation: w.camden, title: "Not ours",
                                               due: lantern.today, status: .open)
            let linkPath = "\(w.path)/objectives/\(objective.id!)/actions/new"
            let refused = try await secretary.post(linkPath, [("actionID", theirs.uuidString)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose one of this group"))
            #expect(try await secretary.post(linkPath, [("actionID", ours.uuidString)]).status == .seeOther)
            let shown = try await secretary.get(w.path).body.string
            #expect(shown.contains("Identify more victims") && shown.contains("Every council refers") && shown.contains("Write to every council"))
            #expect(shown.contains("Add a priority"))

            // Members read every page; they cannot change anything.
            let member = try await lantern.signedIn(w.member)
            for page in [w.path, "\(w.path)/progress", "\(w.path)/impact", "\(w.path)/effectiveness", "\(w.path)/indicators/\(indicator.id!)", "/strategy"] {
                #expect(try await member.get(page).status == .ok, "\(page)")
            }
            let memberView = try await member.get(w.path).body.string
            #expect(memberView.contains("Identify more victims") && !memberView.contains("Add a priority"))
            #expect(try await member.get("/strategy").body.string.contains("Strategy Board (test)"))
            #expect(try await member.post("\(w.path)/priorities/new", [("title", "Taken over"), ("description", "")]).status == .notFound)
            #expect(try await member.post(valuesPath, [("period", last), ("value", "1")]).status == .notFound)
            let progress = try await member.get("\(w.path)/progress").body.string
            #expect(progress.contains("Staff trained") && progress.contains("On track") && progress.contains("<meter"))
            let impact = try await member.get("\(w.path)/impact").body.string
            #expect(impact.contains("Overdue: 1"))

            // Someone of another group (or of none) gets 404 on every page and every change.
            let outsider = try await lantern.signedIn(w.outsider)
            for page in [w.path, "\(w.path)/progress", "\(w.path)/impact", "\(w.path)/effectiveness", "\(w.path)/indicators/\(indicator.id!)"] {
                #expect(try await outsider.get(page).status == .notFound, "\(page)")
            }
            #expect(try await outsider.post("\(w.path)/priorities/new", [("title", "Taken over"), ("description", "")]).status == .notFound)
            #expect(try await outsider.post(linkPath, [("actionID", ours.uuidString)]).status == .notFound)
            #expect(!(try await outsider.get("/strategy").body.string.contains("Strategy Board (test)")))
            // A record of this group reached through the other group's path is not there either.
            #expect(try await outsider.get("/strategy/\(w.otherGroupID)/indicators/\(indicator.id!)").status == .notFound)
            #expect(try await lantern.signedIn(w.readOnly).get(w.path).status == .notFound)
            #expect(try await secretary.post(valuesPath, [("period", last), ("value", "1")], csrf: false).status == .forbidden)

            // Unlinking, and every change audited.
            #expect(try await secretary.post("\(w.path)/objectives/\(objective.id!)/actions/\(ours)/remove").status == .seeOther)
            #expect(try await StrategyObjectiveAction.query(on: db).count() == 0)
            let actions = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(actions.isSuperset(of: ["strategy.priority_added", "strategy.objective_added", "strategy.indicator_added",
                                            "strategy.value_recorded", "strategy.action_linked", "strategy.action_unlinked"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputIsRefusedWithMessagesAndKept(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let secretary = try await lantern.signedIn(w.secretary)
            _ = try await secretary.get(w.path)  // a page first: its form token
            let empty = try await secretary.post("\(w.path)/priorities/new", [("title", "  "), ("description", "kept words")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Enter a title") && empty.body.string.contains("kept words"))
            let long = try await secretary.post("\(w.path)/priorities/new", [("title", String(repeating: "x", count: 201)), ("description", "")])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("200 characters or fewer"))
            #expect(try await StrategyPriority.query(on: db).count() == 0)

            let priority = StrategyPriority(groupID: w.groupID, position: 1, title: "P", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await priority.create(on: db)
            let objective = StrategyObjective(priorityID: priority.id!, position: 1, title: "O", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await objective.create(on: db)
            let newIndicator = "\(w.path)/objectives/\(objective.id!)/indicators/new"
            let bad = try await secretary.post(newIndicator, [("name", "Typed name"), ("source", "made_up"), ("direction", ""), ("target", "ten")])
            let badHTML = bad.body.string
            #expect(bad.status == .unprocessableEntity)
            #expect(badHTML.contains("Choose where the indicator") && badHTML.contains("Choose whether higher or lower is better"))
            #expect(badHTML.contains("Enter the target as a number") && badHTML.contains("value=\"ten\"") && badHTML.contains("value=\"Typed name\""))
            let percent = try await secretary.post(newIndicator, [("name", "Share"), ("source", "entered"), ("periodKind", "year"), ("unit", "percent"),
                                                                 ("direction", "higher"), ("target", "120")])
            #expect(percent.status == .unprocessableEntity && percent.body.string.contains("A percentage must be from 0 to 100"))
            #expect(try await StrategyIndicator.query(on: db).count() == 0)

            let indicator = StrategyIndicator(objectiveID: objective.id!, name: "Yearly", binding: nil, periodKind: .year, unit: .days,
                                              direction: .lower, target: 28, createdAt: Date(), createdBy: w.secretary.id)
            try await indicator.create(on: db)
            let values = "\(w.path)/indicators/\(indicator.id!)/values"
            let format = try await secretary.post(values, [("period", "2025-Q2"), ("value", "12")])
            #expect(format.status == .unprocessableEntity && format.body.string.contains("Enter the financial year like 2025/26"))
            #expect(format.body.string.contains("value=\"2025-Q2\"") && format.body.string.contains("value=\"12\""))
            let next = IndicatorPeriod.financialYear(containing: lantern.today).year + 1
            let future = try await secretary.post(values, [("period", "\(next)/\(String(format: "%02d", (next + 1) % 100))"), ("value", "12")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("The period has not started yet"))
            let word = try await secretary.post(values, [("period", "2024/25"), ("value", "twelve")])
            #expect(word.status == .unprocessableEntity && word.body.string.contains("Enter the value as a number"))
            let negative = try await secretary.post(values, [("period", "2024/25"), ("value", "-2")])
            #expect(negative.status == .unprocessableEntity && negative.body.string.contains("A number of days cannot be below 0"))
            let missing = try await secretary.post(values, [("period", ""), ("value", "")])
            #expect(missing.body.string.contains("Enter the period the value is for") && missing.body.string.contains("Enter the value"))
            #expect(try await StrategyIndicatorValue.query(on: db).count() == 0)
            #expect(try await secretary.post(values, [("period", "2024-25"), ("value", "31")]).status == .seeOther)
            #expect(try await StrategyIndicatorValue.query(on: db).first()?.period == "2024/25")
            // A year that is not one is said, and the current year shown.
            let year = try await secretary.get("\(w.path)/impact?year=nonsense")
            #expect(year.status == .unprocessableEntity && year.body.string.contains("Enter the financial year like 2025/26"))
        }
    }

    /// Imports a small table the way `lantern import` does (parse, then `DatasetStore.store`).
    static func importTable(_ lantern: TestLantern, csv: String, mapping: StatisticsMapping?, quarter: Quarter, title: String) async throws {
        let data = Data(csv.utf8)
        try await importData(lantern, data: data, mapping: mapping, quarter: quarter, title: title, fileName: "\(title).csv")
    }

    static func importData(_ lantern: TestLantern, data: Data, mapping: StatisticsMapping?, quarter: Quarter, title: String, fileName: String) async throws {
        let parsed = try StatisticsImporter.parse(data, mapping: mapping, boroughs: lantern.app.lantern.boroughs)
        let metadata = DatasetMetadata(title: title, source: "Home Office", licence: "OGL v3.0", from: quarter, to: quarter,
                                       fileName: fileName, importedBy: nil, importedByLabel: "test")
        _ = try await DatasetStore.store(parsed, file: data, metadata: metadata, replacing: nil, on: lantern.app.db, audit: { db, dataset in
            try await AuditLog.append(AuditEvent(action: "dataset.imported", recordType: "dataset", recordID: dataset.id?.uuidString),
                                      actor: nil, organisation: nil, requestID: nil, sourceAddress: nil, at: Date(),
                                      key: lantern.app.lantern.auditChainKey, on: db)
        })
    }

    @Test(arguments: TestDatabase.available)
    func boundIndicatorsReadTheImportedFiguresAfterDisclosureControl(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let q2 = Quarter(year: 2022, quarter: 2)!, q3 = Quarter(year: 2022, quarter: 3)!
            // The Home Office's national table of councils' referrals (the fixture): no borough, so no London figure from it.
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/nrm-statistics/nrm_referrals_la_2022_q2.csv")
            try await Self.importData(lantern, data: try Data(contentsOf: fixture), mapping: nil, quarter: q2, title: "LA referrals 2022 Q2",
                                      fileName: fixture.lastPathComponent)

            let secretary = try await lantern.signedIn(w.secretary)
            _ = try await secretary.get(w.path)  // a page first: its form token
            let priority = StrategyPriority(groupID: w.groupID, position: 1, title: "Refer", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await priority.create(on: db)
            let objective = StrategyObjective(priorityID: priority.id!, position: 1, title: "O", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await objective.create(on: db)
            let newIndicator = "\(w.path)/objectives/\(objective.id!)/indicators/new"
            for (name, binding, target) in [("London councils referrals", "nrm_referrals_london_councils", "10"),
                                            ("Positive CG share", "nrm_positive_cg_share", "70"), ("Training coverage", "training_coverage", "90")] {
                #expect(try await secretary.post(newIndicator, [("name", name), ("source", binding), ("direction", "higher"), ("target", target)]).status == .seeOther)
            }
            let referrals = try #require(try await StrategyIndicator.query(on: db).filter(\.$name == "London councils referrals").first())
            #expect(referrals.indicatorUnit == .number && referrals.indicatorPeriodKind == .quarter)
            let before = try await secretary.get("\(w.path)/indicators/\(referrals.id!)").body.string
            #expect(before.contains("No data yet") && before.contains("without naming the council"))
            // Figures for a bound indicator are never typed in.
            #expect(try await secretary.post("\(w.path)/indicators/\(referrals.id!)/values", [("period", "2022-Q2"), ("value", "99")]).status == .notFound)

            // Council referrals by London borough: 13 in Q2, 3 in Q3 (too few to publish).
            let byBorough = StatisticsMapping(name: "test-council-referrals-by-borough", measure: "nrm_referrals",
                                              columns: ["First responder type": .firstResponderType, "Borough": .borough], countColumn: "People",
                                              categories: [.firstResponderType: ["Local Authority": FirstResponderType.localAuthority.rawValue]])
            try await Self.importTable(lantern, csv: "First responder type,Borough,People\nLocal Authority,Camden,7\nLocal Authority,Hackney,6\n",
                                       mapping: byBorough, quarter: q2, title: "q2")
            try await Self.importTable(lantern, csv: "First responder type,Borough,People\nLocal Authority,Camden,3\n",
                                       mapping: byBorough, quarter: q3, title: "q3")
            // Conclusive Grounds decisions: 40 in Q2, 25 of them positive.
            let decisions = StatisticsMapping(name: "test-cg", measure: IndicatorBinding.cgDecisionsMeasure, columns: ["Nationality": .nationality],
                                              countColumn: "Decisions")
            let positives = StatisticsMapping(name: "test-cg-positive", measure: IndicatorBinding.cgPositiveMeasure, columns: ["Nationality": .nationality],
                                              countColumn: "Decisions")
            try await Self.importTable(lantern, csv: "Nationality,Decisions\nAlbanian,30\nVietnamese,10\n", mapping: decisions, quarter: q2, title: "cg")
            try await Self.importTable(lantern, csv: "Nationality,Decisions\nAlbanian,20\nVietnamese,5\n", mapping: positives, quarter: q2, title: "cgp")

            let page = try await secretary.get("\(w.path)/indicators/\(referrals.id!)").body.string
            #expect(page.contains("Too few to publish in 2022-Q3"))
            #expect(page.contains("<td class=\"table__cell\">13</td>"))
            #expect(!page.contains("<td class=\"table__cell\">3</td>"))
            let progress = try await secretary.get("\(w.path)/progress").body.string
            #expect(progress.contains("62.5% in 2022-Q2") && progress.contains("Behind"))
            #expect(progress.contains("Not available yet: there are no training records in Lantern"))

            // The public tree: latest figures after disclosure, target and progress.
            let tree = try await StrategyPublication.tree(groupID: w.groupID, on: db, rules: DisclosureRules(threshold: 5))
            let indicators = tree.flatMap { $0.objectives.flatMap(\.indicators) }
            let cg = try #require(indicators.first { $0.binding == .positiveConclusiveGroundsShare })
            #expect(cg.latest == .value(62.5, period: .quarter(q2)) && cg.progress.status == .behind && cg.target == 70)
            #expect(indicators.first { $0.binding == .nrmReferralsLondonCouncils }?.latest == .suppressed(period: .quarter(q3)))
            #expect(indicators.first { $0.binding == .trainingCoverage }?.latest == .unavailable)
        }
    }

    @Test(arguments: TestDatabase.available)
    func effectivenessFiguresAreCountsOutOfCountsFromTheRecords(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let year = IndicatorPeriod.financialYear(containing: lantern.today)
            let first = year.firstDay
            // Two actions due in the year: one done on time, one late.
            _ = try await Self.action(lantern, group: w.groupID, owner: w.member, organisation: w.camden, title: "On time",
                                      due: first.adding(days: 5), status: .done, doneOn: first.adding(days: 4))
            _ = try await Self.action(lantern, group: w.groupID, owner: w.member, organisation: w.camden, title: "Late",
                                      due: first.adding(days: 6), status: .done, doneOn: first.adding(days: 9))
            let page = try await lantern.signedIn(w.member).get("\(w.path)/effectiveness?year=\(year.text)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("1 out of 2 (50%)"))
            #expect(html.contains("Minutes published within 28 days of approval") && html.contains("Nothing to measure (0 in the year)"))
            #expect(html.contains("No meetings were held in this year."))
        }
    }
    @Test(arguments: TestDatabase.available)
    func fortyValuesAtOnceForOnePeriodEachGetTheirOwnVersion(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let priority = StrategyPriority(groupID: w.groupID, position: 1, title: "P", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await priority.create(on: db)
            let objective = StrategyObjective(priorityID: priority.id!, position: 1, title: "O", details: "", createdAt: Date(), createdBy: w.secretary.id)
            try await objective.create(on: db)
            let indicator = StrategyIndicator(objectiveID: objective.id!, name: "I", binding: nil, periodKind: .quarter, unit: .number,
                                              direction: .higher, target: 10, createdAt: Date(), createdBy: w.secretary.id)
            try await indicator.create(on: db)
            let period = IndicatorPeriod.quarter(Quarter(year: 2025, quarter: 1)!)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...40 {
                    group.addTask {
                        try await StrategyController.recordValue(Double(n), period: period, indicatorID: indicator.id!, by: w.secretary.id,
                                                                 at: Date(), on: db) { _, _ in }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await StrategyIndicatorValue.query(on: db).filter(\.$indicator.$id == indicator.id!).all()
            #expect(rows.map(\.version).sorted() == Array(1...40))
            #expect(Set(rows.map(\.value)).count == 40)
        }
    }
    @Test(arguments: TestDatabase.available)
    func theDemoGivesTheBoardAStrategyOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            _ = try await Self.action(lantern, group: w.groupID, owner: w.member, organisation: w.camden, title: "Demo action",
                                      due: lantern.today, status: .open)
            let demo = DemoContext(services: lantern.app.lantern, now: Date(), today: lantern.today, organisations: [:], people: [:])
            try await StrategyDemo.seedDemo(demo, on: db)
            try await StrategyDemo.seedDemo(demo, on: db)  // again: left alone
            let tree = try await StrategyStore(db: db, rules: .standard).tree(groupID: w.groupID)
            #expect(tree.priorities.count == 3 && tree.indicators.count == 4)
            #expect(tree.indicators.filter { $0.model.indicatorBinding != nil }.count == 2)
            let entered = tree.indicators.filter { $0.model.indicatorBinding == nil }
            #expect(entered.count == 2 && entered.allSatisfy { $0.latest.value != nil })
            #expect(tree.priorities.flatMap { $0.objectives.flatMap(\.actions) }.map(\.title) == ["Demo action"])
            let page = try await lantern.signedIn(w.member).get("\(w.path)/progress")
            #expect(page.status == .ok && page.body.string.contains("Boroughs whose frontline staff had modern slavery training"))
        }
    }
}
