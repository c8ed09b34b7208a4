import Foundation
import Testing
@testable import LanternCore

/// The four real Home Office tables (excerpts) import whole, with every total agreeing with its rows;
/// a file with anything wrong is rejected naming the line and the reason.
@Suite struct StatisticsImportTests {
    static let header = "First responder type,First responder,Exploitation type,Age at exploitation,Gender,Nationality,People"

    /// Excerpts of the real tables, shipped in Tests/Fixtures/nrm-statistics (see its README):
    /// real lines, unchanged, fewer of them.
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nrm-statistics/\(name)")
        return try #require(FileManager.default.contents(atPath: url.path), "missing fixture \(url.path)")
    }

    static func parse(_ text: String, mapping: StatisticsMapping? = nil) throws -> ParsedStatistics {
        try StatisticsImporter.parse(Data(text.utf8), mapping: mapping, boroughs: .london)
    }

    /// The problems a rejected file gives, or an empty list if it was accepted.
    static func problems(_ data: Data, mapping: StatisticsMapping? = nil) -> [ImportProblem] {
        do {
            _ = try StatisticsImporter.parse(data, mapping: mapping, boroughs: .london)
            return []
        } catch let rejection as ImportRejection {
            return rejection.problems
        } catch {
            return [ImportProblem(line: -1, message: "unexpected error \(error)")]
        }
    }

    static func problems(_ text: String, mapping: StatisticsMapping? = nil) -> [ImportProblem] {
        problems(Data(text.utf8), mapping: mapping)
    }

    /// A small referral table whose totals agree: lines 2–3 detail, 4–5 totals.
    static let small = """
        \(header)
        Police,Police A,Labour,Adult (18 or over),Male,Albanian,3.0
        Police,Police A,Sexual,Adult (18 or over),Female,Albanian,2.0
        Police,Police A,Total,Total,Total,Albanian,5.0
        Police,Police total,Total,Total,Total,Total,5.0

        """

    static func sum(_ figures: [ImportedFigure], where test: (ImportedFigure) -> Bool = { _ in true }) -> Int {
        figures.filter(test).reduce(0) { $0 + $1.count }
    }

    // MARK: - The real tables

    @Test func policeReferralsReadWithEveryTotalMatching() throws {
        let data = try Self.fixture("nrm_referrals_police_2022_q2.csv")
        let parsed = try StatisticsImporter.parse(data, mapping: nil, boroughs: .london)
        #expect(parsed.mapping == .homeOfficeNRMReferrals)
        #expect(parsed.dimensions == [.firstResponderType, .firstResponder, .exploitationType, .ageGroup, .gender, .nationality])
        #expect(parsed.linesRead == 534)
        #expect(parsed.detailRows == 124)
        #expect(parsed.totalRows == 410)
        #expect(parsed.totalsChecked == parsed.totalRows)
        #expect(parsed.figures.count == 124)
        #expect(parsed.figures.allSatisfy { $0.count > 0 && $0.values.count == 6 })
        #expect(Self.sum(parsed.figures) == 230)
        #expect(Self.sum(parsed.figures) { $0.values[.firstResponder] == "Metropolitan Police Service" } == 163)
        #expect(Set(parsed.figures.map { $0.values[.firstResponderType] }) == [FirstResponderType.police.rawValue])
        #expect(Set(parsed.figures.compactMap { $0.values[.exploitationType] }).contains("Domestic & Organ harvesting"))
        let lines = parsed.figures.map(\.line)
        #expect(lines == lines.sorted() && lines.first! > 1)
    }

    @Test func aTamperedTotalInTheRealPoliceTableIsFoundAtItsLine() throws {
        var text = String(decoding: try Self.fixture("nrm_referrals_police_2022_q2.csv"), as: UTF8.self)
        let row = "Police,Metropolitan Police Service,Total,Total,Total,Total,"
        text = text.replacingOccurrences(of: row + "163.0", with: row + "164.0")
        #expect(Self.problems(text).map(\.description)
                == ["line 111: the table's total (164) does not match the sum of its rows (163)"])
    }

    @Test func localAuthorityReferralsReadWithEveryTotalMatching() throws {
        let parsed = try StatisticsImporter.parse(try Self.fixture("nrm_referrals_la_2022_q2.csv"), mapping: nil, boroughs: .london)
        #expect(parsed.linesRead == 808)
        #expect(parsed.detailRows == 229)
        #expect(parsed.totalRows == 579)
        #expect(parsed.totalsChecked == parsed.totalRows)
        #expect(Self.sum(parsed.figures) == 852)
        #expect(Set(parsed.figures.map { $0.values[.firstResponderType] }) == [FirstResponderType.localAuthority.rawValue])
        // "Not Recorded" is mapped; the quoted "Labour, Domestic & Criminal" becomes the canonical label.
        #expect(Self.sum(parsed.figures) { $0.values[.gender] == Gender.unknown.rawValue } > 0)
        #expect(!parsed.figures.contains { $0.values[.gender] == "Not Recorded" })
        #expect(Self.sum(parsed.figures) { $0.values[.exploitationType] == "Labour & Criminal & Domestic" } == 3)
        let labels = Set(parsed.figures.compactMap { $0.values[.exploitationType] })
        let canonical = labels.allSatisfy { label in
            ExploitationType.combinationLabel(Set(ExploitationType.allCases.filter {
                label.components(separatedBy: " & ").contains($0 == .domestic ? "Domestic" : $0.rawValue) })) == label
        }
        #expect(canonical)
    }

    @Test func ngoReferralsReadWithEveryTotalMatching() throws {
        let parsed = try StatisticsImporter.parse(try Self.fixture("nrm_referrals_ngo_2022_q2.csv"), mapping: nil, boroughs: .london)
        #expect(parsed.linesRead == 327)
        #expect(parsed.totalRows == 246)
        #expect(parsed.totalsChecked == parsed.totalRows)
        #expect(Self.sum(parsed.figures) == 147)
        #expect(Set(parsed.figures.map { $0.values[.firstResponderType] }) == [FirstResponderType.ngo.rawValue])
        #expect(Self.sum(parsed.figures) { $0.values[.firstResponder] == "The Salvation Army" } == 144)
    }

    @Test func dutyToNotifyGrandTotalMatchesItsRows() throws {
        let parsed = try StatisticsImporter.parse(try Self.fixture("nrm_duty_to_notify_2022_q2.csv"), mapping: nil, boroughs: .london)
        #expect(parsed.mapping == .homeOfficeDutyToNotify)
        #expect(parsed.dimensions == [.nationality])
        #expect(parsed.linesRead == 90)
        #expect(parsed.figures.count == 89)
        #expect(parsed.totalRows == 1 && parsed.totalsChecked == 1)
        #expect(Self.sum(parsed.figures) == 1_125)
        #expect(parsed.figures.first == ImportedFigure(line: 2, values: [.nationality: "Afghan"], count: 2))
    }

    @Test func progressIsReportedEveryTenThousandLines() throws {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var counts: [Int] = []
            func add(_ n: Int) { lock.lock(); counts.append(n); lock.unlock() }
        }
        let seen = Seen()
        _ = try StatisticsImporter.parse(try Self.fixture("nrm_referrals_ngo_2022_q2.csv"), mapping: nil, boroughs: .london) {
            seen.add($0)
        }
        #expect(seen.counts == [327])
        let many = "Nationality,Total\n" + (0..<25_000).map { "N\($0),1.0" }.joined(separator: "\n")
        let other = Seen()
        _ = try StatisticsImporter.parse(Data(many.utf8), mapping: nil, boroughs: .london) { other.add($0) }
        #expect(other.counts == [10_000, 20_000, 25_000])
    }

    // MARK: - CSV

    @Test func readsCRLFByteOrderMarkQuotesAndNoFinalLineEnd() throws {
        let text = "\u{FEFF}Nationality,Total\r\n\"Côte d'Ivoire\",2.0\r\n\"The \"\"Other\"\" one\",1\r\n\" Albanian \",3\r\nTotal,6"
        let parsed = try Self.parse(text)
        #expect(parsed.figures.map(\.values) == [[.nationality: "Côte d'Ivoire"], [.nationality: "The \"Other\" one"],
                                                  [.nationality: "Albanian"]])
        #expect(parsed.figures.map(\.line) == [2, 3, 4])
        #expect(parsed.totalsChecked == 1)
    }

    @Test func aLineBreakInsideQuotesKeepsLaterLineNumbersTrue() {
        let text = "Nationality,Total\n\"Two\nlines\",2.0\nBad,x\n"
        #expect(Self.problems(text).map(\.description) == ["line 4, column Total: \"x\" is not a number"])
    }

    @Test func blankLinesAreSkipped() throws {
        #expect(try Self.parse("Nationality,Total\n\nAfghan,2.0\n\n\n").figures.count == 1)
    }

    // MARK: - Rejections

    @Test func aWrongHeaderIsOneProblemAtLineOne() {
        let text = Self.small.replacingOccurrences(of: "Age at exploitation", with: "Age")
        let found = Self.problems(text, mapping: .homeOfficeNRMReferrals)
        #expect(found.count == 1)
        #expect(found.first?.line == 1)
        #expect(found.first?.message == "the header does not match the mapping \"home-office-nrm-referrals\": expected the columns "
                + "First responder type, First responder, Exploitation type, Age at exploitation, Gender, Nationality, People; "
                + "missing: Age at exploitation; not in the mapping: Age")
    }

    @Test func aHeaderNoMappingKnowsIsRejectedWhenDetecting() {
        let found = Self.problems("Area,Count\nX,1\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 1)
        #expect(found.first?.message.hasPrefix("the header (Area, Count) matches no table Lantern knows") == true)
        #expect(Self.problems("").map(\.description) == ["line 1: the file is empty"])
        #expect(Self.problems("\u{FEFF}Nationality,Total\r\n").map(\.description) == ["line 1: the file has a header but no rows"])
    }

    @Test func badCountsAreNamedByLineAndColumn() {
        let text = """
            Nationality,Total
            Afghan,2.0
            Albanian,3.5
            Algerian,many
            Angolan,-1.0
            Belgian,12000000
            Chinese,
            Total,2.0
            """
        #expect(Self.problems(text).map(\.description) == [
            "line 3, column Total: \"3.5\" is not a whole number",
            "line 4, column Total: \"many\" is not a number",
            "line 5, column Total: \"-1.0\" is negative",
            "line 6, column Total: \"12000000\" is more than 10,000,000, too large to be a count",
            "line 7, column Total: no count is given",
        ])
    }

    @Test func wholeCountsInOtherFormsAreAccepted() throws {
        let parsed = try Self.parse("Nationality,Total\nA,3\nB,4.00\nC,1e+05\nD,-0.0\nE, 7.0 \nTotal,100014\n")
        #expect(parsed.figures.map(\.count) == [3, 4, 100_000, 7])
    }

    @Test func anUnknownCategoryIsRejectedUntilTheMappingMapsIt() throws {
        var mapping = StatisticsMapping(name: "by-gender", measure: "nrm_referrals",
                                        columns: ["Gender": .gender, "Nationality": .nationality], countColumn: "People")
        let text = "Gender,Nationality,People\nMale,Afghan,2.0\nNot Recorded,Afghan,1.0\nNot Recorded,Albanian,1.0\nTotal,Total,4.0\n"
        #expect(Self.problems(text, mapping: mapping).map(\.description) == [
            "line 3, column Gender: unknown gender \"Not Recorded\" (add it to the mapping)",
            "line 4, column Gender: unknown gender \"Not Recorded\" (add it to the mapping)",
        ])
        mapping.categories[.gender] = ["not recorded": Gender.unknown.rawValue]
        let parsed = try Self.parse(text, mapping: mapping)
        #expect(parsed.figures.map { $0.values[.gender] } == ["Male", Gender.unknown.rawValue, Gender.unknown.rawValue])
        #expect(parsed.totalsChecked == 1)

        mapping.categories[.gender] = ["Not Recorded": "Unrecorded"]
        #expect(Self.problems(text, mapping: mapping).first?.message
                == "\"Not Recorded\" is mapped to \"Unrecorded\", which is not a known gender")
    }

    @Test func anUnknownExploitationTypeIsNamed() {
        let text = Self.small.replacingOccurrences(of: "Police A,Labour,", with: "Police A,Labour & Slavery,")
        #expect(Self.problems(text).map(\.description)
                == ["line 2, column Exploitation type: unknown exploitation type \"Labour & Slavery\" (add it to the mapping)"])
    }

    @Test func aTruncatedFileIsRejectedAtTheCutLine() {
        let openQuote = Self.small + "Police,Police B,\"Labour, Domestic"
        #expect(Self.problems(openQuote).map(\.description)
                == ["line 6: a quoted field is never closed (the file may be cut short)"])
        let missingFields = Self.small + "Police,Police B,Labour"
        #expect(Self.problems(missingFields).map(\.description) == ["line 6: expected 7 fields, found 3"])
        let extraText = Self.small + "Police,\"Police B\"x,Labour,Total,Total,Total,1.0\n"
        #expect(Self.problems(extraText).map(\.description) == ["line 6: field 2 has text after its closing quote"])
    }

    @Test func aTotalThatDisagreesWithItsRowsIsNamed() {
        let text = Self.small.replacingOccurrences(of: "Police,Police A,Total,Total,Total,Albanian,5.0",
                                                    with: "Police,Police A,Total,Total,Total,Albanian,6.0")
        #expect(Self.problems(text).map(\.description)
                == ["line 4: the table's total (6) does not match the sum of its rows (5)"])
        let missingRow = Self.small.replacingOccurrences(of: "Police,Police A,Sexual,Adult (18 or over),Female,Albanian,2.0\n", with: "")
        #expect(Self.problems(missingRow).map(\.description) == [
            "line 3: the table's total (5) does not match the sum of its rows (3)",
            "line 4: the table's total (5) does not match the sum of its rows (3)",
        ])
    }

    @Test func invalidUTF8IsRejectedAtItsLine() {
        var data = Data("Nationality,Total\nAfghan,2.0\nIvoirian ".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Array(",1.0\nTotal,3.0\n".utf8))
        #expect(Self.problems(data).map(\.description) == ["line 3: is not UTF-8 text (save the file as CSV UTF-8)"])
    }

    @Test func aRepeatedRowIsRejected() {
        let text = "Nationality,Total\nAfghan,2.0\nAlbanian,1.0\nAfghan,2.0\n"
        #expect(Self.problems(text).map(\.description) == ["line 4: repeats line 2"])
    }

    @Test func everyProblemIsCountedButAThousandListed() throws {
        let text = "Nationality,Total\n" + (0..<1_500).map { "N\($0),x" }.joined(separator: "\n")
        do {
            _ = try Self.parse(text)
            Issue.record("accepted")
        } catch let rejection as ImportRejection {
            #expect(rejection.problems.count == StatisticsImporter.problemLimit)
            #expect(rejection.totalProblems == 1_500)
            #expect(rejection.problems.last?.line == 1_001)
            #expect(rejection.description.hasSuffix("… and 500 more not listed"))
            #expect(rejection.description.hasPrefix("The file was rejected and nothing was imported (1500 problems):\nline 2,"))
        }
    }

    @Test func aMappingThatMapsTwoColumnsToOneDimensionIsRejected() {
        let mapping = StatisticsMapping(name: "twice", measure: "crimes", columns: ["A": .borough, "B": .borough], countColumn: "N")
        #expect(Self.problems("A,B,N\nbrn,brn,1\n", mapping: mapping).map(\.description)
                == ["the mapping: the columns A and B are both mapped to borough"])
        let unnamed = StatisticsMapping(name: " ", measure: "", columns: ["A": .borough], countColumn: "a")
        #expect(unnamed.problems == ["it has no name", "it does not say what is counted (measure)",
                                     "a column is named twice (names are compared ignoring case)"])
    }

    // MARK: - Mappings

    @Test func aCustomMappingFromJSONResolvesBoroughsAndPeriods() throws {
        let json = """
            {"name": "met-crimes-by-borough", "measure": "crimes",
             "columns": {"Borough": "borough", "Quarter": "period"}, "countColumn": "Offences",
             "totalLabels": ["Total", "All London"]}
            """
        let mapping = try JSONDecoder().decode(StatisticsMapping.self, from: Data(json.utf8))
        #expect(mapping.totalLabels == ["Total", "All London"] && mapping.categories.isEmpty && mapping.description.isEmpty)
        let text = """
            Borough,Quarter,Offences
            Westminster,2022-Q2,120
            hck,2022 Q2,80
            E09000001,Q2 2022,5
            Hammersmith & Fulham,2022Q2,7
            All London,2022-Q2,212
            Westminster,2022-Q3,100
            Borough total,2022-Q3,100
            Total,Total,312
            """
        let parsed = try Self.parse(text, mapping: mapping)
        #expect(parsed.dimensions == [.borough, .period])
        #expect(parsed.figures.map(\.values) == [
            [.borough: "E09000033", .period: "2022-Q2"], [.borough: "E09000012", .period: "2022-Q2"],
            [.borough: "E09000001", .period: "2022-Q2"], [.borough: "E09000013", .period: "2022-Q2"],
            [.borough: "E09000033", .period: "2022-Q3"],
        ])
        #expect(parsed.totalRows == 3 && parsed.totalsChecked == 3)
        #expect(Self.problems("Borough,Quarter,Offences\nGotham,2022-Q2,1\nbrn,Spring,2\n", mapping: mapping).map(\.description) == [
            "line 2, column Borough: unknown borough \"Gotham\" (add it to the mapping)",
            "line 3, column Quarter: unknown period \"Spring\" (add it to the mapping)",
        ])
    }

    @Test func bcusResolveByCodeOrName() throws {
        let mapping = StatisticsMapping(name: "by-bcu", measure: "crimes", columns: ["BCU": .bcu], countColumn: "N")
        let parsed = try Self.parse("BCU,N\nCentral West,3\nne,4\n", mapping: mapping)
        #expect(parsed.figures.map { $0.values[.bcu] } == ["AW", "NE"])
    }

    @Test func mappingsRoundTripThroughJSONWithCategoriesAsAnObject() throws {
        for mapping in StatisticsMapping.builtIn {
            let json = try JSONEncoder().encode(mapping)
            #expect(try JSONDecoder().decode(StatisticsMapping.self, from: json) == mapping)
        }
        let json = String(decoding: try JSONEncoder().encode(StatisticsMapping.homeOfficeNRMReferrals), as: UTF8.self)
        #expect(json.contains("\"gender\":{\"Not Recorded\":\"Not specified or unknown\"}"))
        let typo = #"{"name": "x", "measure": "m", "columns": {"A": "ward"}, "countColumn": "N"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StatisticsMapping.self, from: Data(typo.utf8)) }
    }

    @Test func detectionPicksTheBuiltInByItsColumns() {
        #expect(StatisticsMapping.detect(header: Self.header.components(separatedBy: ",")) == .homeOfficeNRMReferrals)
        #expect(StatisticsMapping.detect(header: ["Nationality", "Total"]) == .homeOfficeDutyToNotify)
        #expect(StatisticsMapping.detect(header: [" nationality", "TOTAL "]) == .homeOfficeDutyToNotify)
        #expect(StatisticsMapping.detect(header: ["Nationality", "Total", "Extra"]) == nil)
        #expect(StatisticsMapping.detect(header: ["Nationality"]) == nil)
    }

    @Test func labelsInOtherSpellingsBecomeOneFigure() throws {
        let text = """
            \(Self.header)
            NGO and third sector,Charity,Sexual & Labour,child,male,Afghan,1.0
            NGO and third sector,Charity,Labour & Sexual,Child (17 or under),Male,Afghan,2.0
            NGO and third sector,Charity,Organ Harvesting,Child (17 or under),Male,Afghan,1.0
            NGO and third sector,NGO and third sector total,Total,Total,Total,Total,4.0
            """
        let parsed = try Self.parse(text)
        #expect(parsed.figures == [
            ImportedFigure(line: 2, values: [.firstResponderType: "NGO or third sector", .firstResponder: "Charity",
                                             .exploitationType: "Labour & Sexual", .ageGroup: "Child (17 or under)",
                                             .gender: "Male", .nationality: "Afghan"], count: 3),
            ImportedFigure(line: 4, values: [.firstResponderType: "NGO or third sector", .firstResponder: "Charity",
                                             .exploitationType: "Organ harvesting", .ageGroup: "Child (17 or under)",
                                             .gender: "Male", .nationality: "Afghan"], count: 1),
        ])
    }

    @Test func aColumnOfNothingButTotalsIsNoBreakdown() throws {
        let mapping = StatisticsMapping(name: "g", measure: "m", columns: ["Gender": .gender, "Nationality": .nationality],
                                        countColumn: "N")
        let parsed = try Self.parse("Gender,Nationality,N\nTotal,Afghan,2\nTotal,Albanian,3\nTotal,Total,5\n", mapping: mapping)
        #expect(parsed.dimensions == [.nationality])
        #expect(parsed.figures.map(\.values) == [[.nationality: "Afghan"], [.nationality: "Albanian"]])
        #expect(parsed.totalRows == 1 && parsed.totalsChecked == 1)
    }

    @Test func zeroRowsAreReadButNotFigures() throws {
        let parsed = try Self.parse("Nationality,Total\nAfghan,0.0\nAlbanian,2.0\nTotal,2.0\n")
        #expect(parsed.detailRows == 2)
        #expect(parsed.figures == [ImportedFigure(line: 3, values: [.nationality: "Albanian"], count: 2)])
    }
}
