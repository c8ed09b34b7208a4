import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Partner returns on the web: upload, preview, confirm, exactly as `lantern import` reads
/// them; refused files store nothing; the same figures are not counted twice; an upload is
/// its uploader's alone; and forty confirmations at once store one dataset.
@Suite(.serialized) struct DatasetUploadHTTPTests {
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nrm-statistics/\(name)")
        return try Data(contentsOf: url)
    }

    struct People {
        let analyst: TestPerson
        let other: TestPerson
        let caseworker: TestPerson
    }

    static func people(_ lantern: TestLantern) async throws -> People {
        let council = try await lantern.makeOrganisation("Camden Council")
        return People(analyst: try await lantern.makePerson(in: council, roles: [.analyst]),
                      other: try await lantern.makePerson(in: council, roles: [.analyst]),
                      caseworker: try await lantern.makePerson(in: council, roles: [.caseWorker]))
    }

    /// Uploads a file through the form (after loading it, as a person does); the response.
    static func upload(_ browser: TestBrowser, _ name: String, _ bytes: [UInt8], _ fields: [(String, String)] = []) async throws -> TestingHTTPResponse {
        try await browser.get("/profile/datasets/upload")
        let covers = fields.contains { $0.0 == "covers" } ? [] : [("covers", "national")]
        return try await browser.postMultipart("/profile/datasets/upload", fields + covers, file: ("file", name, bytes))
    }

    static let crimesMapping = """
        {"name": "met-crimes-return", "measure": "crimes", "columns": {"Borough": "borough"},
         "period": {"year": "Year", "quarter": "Quarter"},
         "wide": {"dimension": "exploitation_type", "columns": ["Labour", "Sexual", "Total"]},
         "keepRows": {"Location": "Total"}}
        """
    static let crimesReturn = """
        Borough,Year,Quarter,Location,Labour,Sexual,Total
        Camden,2022,Q1,Total,2,1,3
        Camden,2022,Q1,Street,1,0,1
        Camden,2022,Q2,Total,0,4,4
        Camden,2022,Total,Total,2,5,7
        Hackney,2022,Q1,Total,5,0,5
        Hackney,2022,Q2,Total,1,1,2
        Hackney,2022,Total,Total,6,1,7
        """

    @Test(arguments: TestDatabase.available)
    func anAnalystUploadsThePoliceTableSeesThePreviewAndStoresIt(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            let data = try Self.fixture("nrm_referrals_police_2022_q2.csv")
            let expected = try StatisticsImporter.parse(data, mapping: nil, boroughs: .london)

            // The datasets page offers the upload.
            #expect(try await browser.get("/profile/datasets").body.string.contains("href=\"/profile/datasets/upload\""))
            let uploaded = try await Self.upload(browser, "police.csv", Array(data), [("from", "2022-Q2")])
            #expect(uploaded.status == .seeOther)
            let preview = try #require(uploaded.location)
            #expect(try await DatasetUpload.query(on: lantern.app.db).count() == 1)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 0)

            // The preview: the mapping detected, the totals check, the first rows.
            let page = try await browser.get(preview)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("home-office-nrm-referrals"))
            #expect(html.contains("\(expected.totalsChecked.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))) of"))
            #expect(html.contains("The first 10 figures"))
            #expect(html.contains("Store this dataset"))

            // MUT: stored, with the same figures `lantern import` stores.
            let stored = try await browser.post("\(preview)/confirm")
            #expect(stored.status == .seeOther)
            #expect(stored.location?.hasPrefix("/profile/datasets?imported=") == true)
            let dataset = try #require(try await StatisticsDataset.query(on: lantern.app.db).first())
            #expect(dataset.figureCount == expected.figures.count)
            #expect(dataset.contentSHA256 == expected.contentDigest)
            #expect(dataset.importedBy == people.analyst.id)
            #expect(try await DatasetFigure.query(on: lantern.app.db).count() == expected.figures.count)
            #expect(try await DatasetUpload.query(on: lantern.app.db).count() == 0)
            #expect(try await browser.get("/profile/datasets?imported=1").body.string.contains("Dataset stored"))
            let actions = try await AuditEntry.query(on: lantern.app.db).all().map(\.action)
            #expect(actions.contains("dataset.uploaded") && actions.contains("dataset.imported"))

            // The same figures again are refused unless they replace that dataset.
            let again = try #require(try await Self.upload(browser, "police-again.csv", Array(data), [("from", "2022-Q2")]).location)
            let same = try await browser.get(again)
            #expect(same.body.string.contains("These figures are already stored"))
            #expect(!same.body.string.contains("Store this dataset"))
            #expect(try await browser.post("\(again)/confirm").status == .conflict)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 1)
            let replacing = try #require(try await Self.upload(browser, "police-corrected.csv", Array(data),
                                                              [("from", "2022-Q2"), ("replace", dataset.id!.uuidString)]).location)
            #expect(try await browser.get(replacing).body.string.contains("Store it in place of the dataset it replaces"))
            #expect(try await browser.post("\(replacing)/confirm").status == .seeOther)
            let now = try await StatisticsDataset.query(on: lantern.app.db).all()
            #expect(now.count == 1 && now[0].id != dataset.id && now[0].fileName == "police-corrected.csv")
            #expect(try await AuditEntry.query(on: lantern.app.db).all().map(\.action).contains("dataset.replaced"))

            // The analysts' trail says who did each, in words, newest first.
            let trail = try await browser.get("/profile/datasets/activity")
            #expect(trail.status == .ok)
            let words = trail.body.string
            #expect(words.contains("Replaced a statistics dataset") && words.contains("Imported a statistics dataset"))
            #expect(words.contains("Uploaded a statistics table to check"))
            #expect(words.contains("Camden Council"))
            #expect(words.contains("A dataset since removed"))
            #expect(words.range(of: "Replaced a statistics dataset")!.lowerBound < words.range(of: "Imported a statistics dataset")!.lowerBound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefusedFileListsEveryProblemByLineAndColumnAndStoresNothing(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            let text = """
                First responder type,First responder,Exploitation type,Age at exploitation,Gender,Nationality,People
                Police,Kent Police,Labour,Adult (18 or over),Male,Albanian,3
                Police,Kent Police,Labour,Adult (18 or over),Female,Albanian,three
                Police,Kent Police,Juggling,Adult (18 or over),Male,UK,1
                """
            let refused = try await Self.upload(browser, "bad.csv", Array(text.utf8), [("from", "2022-Q2")])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("bad.csv was not stored: 2 problems were found"))
            #expect(html.contains("&quot;three&quot; is not a number"))
            #expect(html.contains("unknown exploitation type"))
            #expect(html.contains("<td class=\"table__cell\">3</td>") || html.contains(">3</td>"))
            #expect(try await DatasetUpload.query(on: lantern.app.db).count() == 0)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 0)

            // Not a table at all, an empty form, a period that is not one, a mapping that is not JSON.
            let pdf = Array("%PDF-1.4\n%…".utf8)
            #expect(try await Self.upload(browser, "return.csv", pdf).body.string.contains("this is not a table"))
            #expect(try await browser.postMultipart("/profile/datasets/upload", [], file: nil).status == .unprocessableEntity)
            let badPeriod = try await Self.upload(browser, "police.csv", Array(try Self.fixture("nrm_duty_to_notify_2022_q2.csv")), [("from", "spring")])
            #expect(badPeriod.status == .unprocessableEntity)
            #expect(badPeriod.body.string.contains("the first quarter must be a quarter such as 2022-Q2"))
            let noPeriod = try await Self.upload(browser, "dtn.csv", Array(try Self.fixture("nrm_duty_to_notify_2022_q2.csv")))
            #expect(noPeriod.body.string.contains("say which quarter the table covers"))
            let badMapping = try await Self.upload(browser, "return.csv", Array(Self.crimesReturn.utf8),
                                                   [("mapping", "written"), ("mappingJSON", "{not json")])
            #expect(badMapping.status == .unprocessableEntity)
            #expect(badMapping.body.string.contains("the mapping is not JSON"))
            #expect(try await DatasetUpload.query(on: lantern.app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aWidePartnerReturnByYearAndQuarterIsStoredQuarterByQuarter(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            let uploaded = try await Self.upload(browser, "met-return.csv", Array(Self.crimesReturn.utf8),
                                                 [("mapping", "written"), ("mappingJSON", Self.crimesMapping), ("title", "Met crimes 2022")])
            let preview = try #require(uploaded.location, "\(uploaded.body.string)")
            let html = try await browser.get(preview).body.string
            // The period from the table's own columns, how each column is read.
            #expect(html.contains("2022 Q1 to 2022 Q2"))
            #expect(html.contains("Only rows where it is Total are kept"))
            #expect(html.contains("One column per Exploitation type"))
            #expect(try await browser.post("\(preview)/confirm").status == .seeOther)
            let dataset = try #require(try await StatisticsDataset.query(on: lantern.app.db).first())
            #expect(dataset.title == "Met crimes 2022" && dataset.measure == "crimes")
            #expect(dataset.periodFrom == 20221 && dataset.periodTo == 20222)
            let figures = try await DatasetFigure.query(on: lantern.app.db).all()
            #expect(Set(figures.map { "\($0.borough) \($0.quarter) \($0.exploitationType) \($0.count)" }) == [
                "E09000007 20221 Labour 2", "E09000007 20221 Sexual 1", "E09000007 20222 Sexual 4",
                "E09000012 20221 Labour 5", "E09000012 20222 Labour 1", "E09000012 20222 Sexual 1",
            ])
        }
    }

    /// A Met return with applications and orders made side by side: uploaded once for each
    /// measure with its built-in mapping (a header that fits two is not guessed), each then
    /// answers in the profile by borough.
    @Test(arguments: TestDatabase.available)
    func aCivilOrdersReturnIsStoredOnceForEachMeasureItHolds(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            let text = """
                Borough,Year,Quarter,Applications,Orders made
                Camden,2025,Q1,3,2
                Camden,2025,Q2,1,1
                Camden,2025,Total,4,3
                Hackney,2025,Q1,2,0
                Hackney,2025,Q2,0,1
                Hackney,2025,Total,2,1
                """
            let guessed = try await Self.upload(browser, "met-civil-orders.csv", Array(text.utf8), [("covers", "london_police")])
            #expect(guessed.status == .unprocessableEntity)
            #expect(guessed.body.string.contains("fits more than one table Lantern knows"))
            for (mapping, measure) in [("london-civil-order-applications", "civil_order_applications"), ("london-civil-orders-made", "civil_orders_made")] {
                let uploaded = try await Self.upload(browser, "met-civil-orders.csv", Array(text.utf8),
                                                     [("mapping", mapping), ("covers", "london_police"), ("title", "Met civil orders 2025")])
                let preview = try #require(uploaded.location, "\(uploaded.body.string)")
                let html = try await browser.get(preview).body.string
                #expect(html.contains("Not read by this mapping"))
                #expect(try await browser.post("\(preview)/confirm").status == .seeOther)
                let page = try await browser.get("/profile?source=imported:\(measure)&rows=borough_identified&from=2025-Q1&to=2025-Q2")
                #expect(page.status == .ok, "\(measure)")
                #expect(page.body.string.contains(StatisticsMappingLabels.measure(measure)))
            }
            let made = try await DatasetFigure.query(on: lantern.app.db).all()
            #expect(made.count == 6)
            #expect(Set(try await StatisticsDataset.query(on: lantern.app.db).all().map(\.measure)) == ["civil_order_applications", "civil_orders_made"])
        }
    }

    /// A file in the CTDC's published format: case level, one row per person, the year only.
    /// Recognised by its header, counted into one figure per combination of values for each
    /// whole year, and answered by year (never by quarter, and only in spans holding a whole
    /// year) for all areas: it names no London body.
    @Test(arguments: TestDatabase.available)
    func aCaseLevelCTDCFileGoesFromPreviewToTheProfileByWholeYear(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            var lines = ["yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,majorityStatusAtExploit,citizenship,"
                         + "meansOfControlDebtBondage,isForcedLabour,isSexualExploit,isOtherExploit,CountryOfExploitation"]
            lines += Array(repeating: "2019,Case Management,Female,18--20,Adult,Adult,UA,-99,0,1,0,GB", count: 20)
            lines += Array(repeating: "2019,Case Management,Male,30--38,Adult,Adult,AL,1,1,1,0,GB", count: 12)
            lines += Array(repeating: "2020,Hotline,Female,9--17,Minor,Minor,VN,-99,1,0,-99,-99", count: 15)
            lines += Array(repeating: "2025,Hotline,Male,18--20,Adult,Adult,NA,-99,1,0,0,GB", count: 11)
            let file = Array(lines.joined(separator: "\n").utf8)
            let uploaded = try await Self.upload(browser, "ctdc-global.csv", file, [("title", "CTDC global dataset")])
            let preview = try #require(uploaded.location, "\(uploaded.body.string)")
            let html = try await browser.get(preview).body.string
            #expect(html.contains("ctdc-global-dataset"))
            #expect(html.contains("Every row") && html.contains("this source records no quarter"))
            #expect(html.contains("Ukraine") && !html.contains(">UKR<"), "the preview names a nationality, not its code")
            #expect(html.contains("2019 Q1") && html.contains("2025 Q4"), "the whole years are the dataset's period")
            #expect(try await browser.post("\(preview)/confirm").status == .seeOther)

            let figures = try await DatasetFigure.query(on: lantern.app.db).all()
            #expect(figures.count == 4 && figures.reduce(0) { $0 + $1.count } == 58)
            #expect(Set(figures.map(\.quarter)) == [20190, 20200, 20250], "a whole year's figures carry quarter 0")
            #expect(Set(figures.map(\.nationality)) == ["UKR", "ALB", "VNM", "NAM"], "NA is Namibia, not missing")

            func release(_ query: String) async throws -> (TestingHTTPResponse, ProfileExport.ReleaseDTO?) {
                let response = try await browser.get("/profile/download.json?source=imported:ctdc_victims&scope=national&\(query)")
                return (response, try? JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(response.body.string.utf8)))
            }
            let (byYearResponse, byYear) = try await release("rows=year&from=2019-Q1&to=2020-Q4")
            let years = try #require(byYear, "\(byYearResponse.body.string)")
            #expect(years.tables[0].rows.map(\.key) == ["2019", "2020"])
            #expect(years.tables[0].rows.map(\.total) == ["32", "15"])
            #expect(years.trend.rowDimension == "year", "its trend is by year")
            let (byTypeResponse, byType) = try await release("rows=exploitation_combination&from=2019-Q1&to=2020-Q4")
            #expect(Set(try #require(byType).tables[0].rows.map(\.label)).isSuperset(of: ["Labour", "Sexual", "Labour & Sexual"]),
                    "\(byTypeResponse.body.string)")

            // A span that cuts a year is refused: never answered with the year shared among
            // quarters, or shown as nothing. With no span chosen, the whole years within the usual one.
            for span in ["from=2019-Q2&to=2020-Q4", "from=2019-Q1&to=2020-Q3", "from=2020-Q2&to=2020-Q3"] {
                let (cut, _) = try await release("rows=year&\(span)")
                #expect(cut.status == .unprocessableEntity && cut.body.string.contains("counts whole years"), "\(span)")
            }
            let (usualResponse, usual) = try await release("rows=year")
            let metadata = try #require(usual, "\(usualResponse.body.string)").metadata
            // The test clock's day is in 2027-Q1: the usual span, 2025-Q2 to 2027-Q1, holds one whole year.
            #expect(metadata.from == "2026-Q1" && metadata.to == "2026-Q4", "\(metadata.from) to \(metadata.to)")
            let (byQuarter, _) = try await release("rows=quarter&from=2019-Q1&to=2020-Q4")
            #expect(byQuarter.status == .unprocessableEntity)
            #expect(byQuarter.body.string.contains("Quarter is not available in this source"))
            let london = try await browser.get("/profile/download.json?source=imported:ctdc_victims&rows=year&from=2019-Q1&to=2020-Q4")
            #expect(london.status == .unprocessableEntity && london.body.string.contains("figures are not available in this source"),
                    "\(london.body.string)")
        }
    }

    @Test(arguments: TestDatabase.available)
    func spreadsheetsAreReadAsTheirSavedValuesAndWhatHidesFiguresIsRefused(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            let rows = SpreadsheetSamples.rows(ofCSV: Self.crimesReturn)
            let fields = [("mapping", "written"), ("mappingJSON", Self.crimesMapping)]

            // A sheet with a formula whose result was saved, and a notes sheet beside it.
            var options = SpreadsheetSamples.Options()
            options.savedFormula = "G2"
            options.secondSheet = "Notes"
            let workbook = try SpreadsheetSamples.xlsx(rows, options: options)
            let uploaded = try await Self.upload(browser, "met-return.xlsx", workbook, fields)
            let preview = try #require(uploaded.location, "\(uploaded.body.string)")
            let html = try await browser.get(preview).body.string
            #expect(html.contains("Excel spreadsheet"))
            #expect(html.contains("sheet read: Data") && html.contains("other sheets, not read: Notes"))
            #expect(try await browser.post("\(preview)/confirm").status == .seeOther)
            // The same figures as the CSV file: one digest.
            let csv = try StatisticsImporter.parse(Data(Self.crimesReturn.utf8),
                                                   mapping: try JSONDecoder().decode(StatisticsMapping.self, from: Data(Self.crimesMapping.utf8)),
                                                   boroughs: .london)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).first()?.contentSHA256 == csv.contentDigest)

            // Refused, each with its reason, nothing stored.
            func refusal(_ change: (inout SpreadsheetSamples.Options) -> Void) async throws -> String {
                var o = SpreadsheetSamples.Options()
                change(&o)
                let response = try await Self.upload(browser, "return.xlsx", try SpreadsheetSamples.xlsx(rows, options: o), fields)
                #expect(response.status == .unprocessableEntity)
                return response.body.string
            }
            #expect(try await refusal { $0.hiddenSheet = true }.contains("the workbook has a hidden sheet (&quot;Workings&quot;)"))
            #expect(try await refusal { $0.hiddenRow = 3 }.contains("row 3 is hidden"))
            #expect(try await refusal { $0.merged = "A1:B1" }.contains("the sheet has merged cells (A1:B1)"))
            #expect(try await refusal { $0.macros = true }.contains("the spreadsheet carries macros"))
            #expect(try await refusal { $0.unsavedFormula = "G3" }.contains("cell G3 holds a formula whose result was not saved"))
            #expect(try await refusal { $0.errorCell = "E4" }.contains("cell E4 holds an error (#DIV/0!)"))
            // A wrong figure in a spreadsheet is named by its row, as the analyst sees it.
            var wrong = rows
            wrong[1][6] = "4"
            let wrongTotal = try await Self.upload(browser, "return.xlsx", try SpreadsheetSamples.xlsx(wrong), fields).body.string
            #expect(wrongTotal.contains("the table&#39;s total (4) does not match the sum of its rows (3)")
                    || wrongTotal.contains("the table's total (4) does not match the sum of its rows (3)"))
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 1)
            #expect(try await DatasetUpload.query(on: lantern.app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anUploadIsItsUploadersAloneAndFortyConfirmationsStoreOneDataset(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let analyst = try await lantern.signedIn(people.analyst)
            let data = Array(try Self.fixture("nrm_duty_to_notify_2022_q2.csv"))
            let preview = try #require(try await Self.upload(analyst, "dtn.csv", data, [("from", "2022-Q2")]).location)

            // Another analyst, and a caseworker, find nothing there.
            let other = try await lantern.signedIn(people.other)
            #expect(try await other.get(preview).status == .notFound)
            try await other.get("/profile/datasets")
            #expect(try await other.post("\(preview)/confirm").status == .notFound)
            #expect(try await other.post("\(preview)/discard").status == .notFound)
            let caseworker = try await lantern.signedIn(people.caseworker)
            #expect(try await caseworker.get("/profile/datasets/upload").status == .forbidden)
            #expect(try await caseworker.get(preview).status == .forbidden)

            // MUT: forty confirmations at once.
            try await analyst.get(preview)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await analyst.post("\(preview)/confirm").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { [.seeOther, .notFound, .conflict].contains($0) }, "\(statuses)")
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 1)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "dataset.imported").count() == 1)

            // A discarded upload is gone.
            let second = try #require(try await Self.upload(analyst, "la.csv", Array(try Self.fixture("nrm_referrals_la_2022_q2.csv")),
                                                            [("from", "2022-Q2")]).location)
            try await analyst.get(second)
            #expect(try await analyst.post("\(second)/discard").status == .seeOther)
            #expect(try await analyst.get(second).status == .notFound)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).count() == 1)

            // An upload left waiting for more than a day is gone, and removed at the next upload.
            let third = try #require(try await Self.upload(analyst, "la.csv", Array(try Self.fixture("nrm_referrals_la_2022_q2.csv")),
                                                           [("from", "2022-Q2")]).location)
            #expect(try await analyst.get(third).status == .ok)
            let waiting = try #require(try await DatasetUpload.query(on: lantern.app.db).filter(\.$userID == people.analyst.id).first())
            waiting.createdAt = lantern.clock.now.addingTimeInterval(-DatasetUploadController.lifetime - 60)
            try await waiting.save(on: lantern.app.db)
            #expect(try await analyst.get(third).status == .notFound)
            _ = try await Self.upload(other, "dtn.csv", data, [("from", "2023-Q1")])
            #expect(try await DatasetUpload.query(on: lantern.app.db).filter(\.$userID == people.analyst.id).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theProfileAnswersForLondonAndSaysWhenASourceCannot(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let people = try await Self.people(lantern)
            let browser = try await lantern.signedIn(people.analyst)
            // A national table that names none of London's bodies, and a London police return.
            let national = try #require(try await Self.upload(browser, "dtn.csv", Array(try Self.fixture("nrm_duty_to_notify_2022_q2.csv")),
                                                              [("from", "2022-Q2"), ("covers", "national")]).location)
            #expect(try await browser.get(national).body.string.contains("National (England and Wales, or the UK)"))
            #expect(try await browser.post("\(national)/confirm").status == .seeOther)
            let met = try #require(try await Self.upload(browser, "met.csv", Array(Self.crimesReturn.utf8),
                                                         [("mapping", "written"), ("mappingJSON", Self.crimesMapping),
                                                          ("covers", "london_police")]).location)
            #expect(try await browser.post("\(met)/confirm").status == .seeOther)
            #expect(try await StatisticsDataset.query(on: lantern.app.db).all().map(\.coverage).sorted() == ["london_police", "national"])
            #expect(try await DatasetFigure.query(on: lantern.app.db).filter(\.$measure == "crimes").all().allSatisfy(\.inLondon))
            #expect(try await DatasetFigure.query(on: lantern.app.db).filter(\.$measure == "duty_to_notify_reports").all().allSatisfy { !$0.inLondon })

            // London, by default: the national table cannot say, and says so; all areas answer.
            let token = try await lantern.apiToken(for: people.analyst)
            let refused = try await lantern.api(token).get("/api/v1/profile?source=imported:duty_to_notify_reports&from=2022-Q2&to=2022-Q2")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("London's figures are not available in this source"))
            let page = try await browser.get("/profile?source=imported:duty_to_notify_reports&from=2022-Q2&to=2022-Q2")
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("London&#39;s figures are not available") || page.body.string.contains("London's figures are not available"))
            let everywhere = try await lantern.api(token).get("/api/v1/profile?source=imported:duty_to_notify_reports&from=2022-Q2&to=2022-Q2&scope=national")
            #expect(everywhere.status == .ok)
            let crimes = try await lantern.api(token).get("/api/v1/profile?source=imported:crimes&rows=borough_identified&from=2022-Q1&to=2022-Q2")
            #expect(crimes.status == .ok)
            let release = try JSONDecoder().decode(ProfileExport.ReleaseDTO.self, from: Data(buffer: crimes.body))
            #expect(release.tables[0].grandTotal == "14")
            // The datasets list and API say what each covers.
            #expect(try await browser.get("/profile/datasets").body.string.contains("The Met and City of London Police"))
            let items = try #require(try await lantern.api(token).get("/api/v1/datasets").json["items"] as? [[String: Any]])
            #expect(Set(items.compactMap { $0["covers"] as? String }) == ["london_police", "national"])
        }
    }
}
