import Foundation
import Testing
@testable import LanternCore

/// Files in the CTDC's published format: one row per person with the year only. Each
/// combination of the values read becomes a figure for its whole year; the other fields are
/// not read; -99 and empty fields are not known; flags combine into exploitation types.
@Suite struct CTDCMappingTests {
    /// The global dataset's layout (a few of its many columns), -99 for not recorded.
    static let sample = """
        yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,majorityStatusAtExploit,majorityEntry,citizenship,meansOfControlDebtBondage,isForcedLabour,isSexualExploit,isOtherExploit,typeOfExploitConcatenated,CountryOfExploitation
        2019,Case Management,Female,18--20,Adult,Adult,-99,UA,-99,0,1,0,Sexual exploitation,GB
        2019,Case Management,Female,18--20,Adult,Adult,-99,UA,1,0,1,0,Sexual exploitation,GB
        2019,Case Management,Male,30--38,Adult,Adult,-99,AL,-99,1,1,0,Forced labour;Sexual exploitation,GB
        2019,Case Management,Male,9--17,Minor,Minor,Minor,VN,-99,1,0,0,Forced labour,GB
        2020,Hotline,-99,-99,-99,-99,-99,-99,-99,-99,-99,1,Other,-99
        2020,Hotline,Female,,,,,,,,,,,
        2020,Case Management,Transgender/NonConforming,18--20,Adult,-99,-99,XX,-99,0,0,0,,GB
        """

    static func figures(_ text: String) throws -> [String: Int] {
        let parsed = try StatisticsImporter.parse(Data(text.utf8), mapping: nil, boroughs: .london)
        #expect(parsed.mapping.name == "ctdc-global-dataset")
        var out: [String: Int] = [:]
        for f in parsed.figures {
            let key = [f.values[.period], f.values[.gender], f.values[.ageGroup], f.values[.nationality], f.values[.exploitationType]]
                .map { $0 ?? "-" }.joined(separator: " | ")
            out[key, default: 0] += f.count
        }
        return out
    }

    @Test func aCaseLevelFileIsRecognisedByItsHeaderAndCountedByWholeYear() throws {
        #expect(try Self.figures(Self.sample) == [
            "2019 | Female | Adult (18 or over) | UKR | Sexual": 2,
            "2019 | Male | Adult (18 or over) | ALB | Labour & Sexual": 1,
            "2019 | Male | Child (17 or under) | VNM | Labour": 1,
            "2020 | Not specified or unknown | Not specified or unknown | UNKNOWN | Not specified or unknown": 1,
            "2020 | Female | Not specified or unknown | UNKNOWN | Not specified or unknown": 1,
            "2020 | Other | Not specified or unknown | XXA | Not specified or unknown": 1,
        ])
    }

    @Test func itsFiguresCoverWholeYearsAndAreCountedOnlyInSpansHoldingAllFourQuarters() throws {
        let y2019 = try #require(ImportedPeriod(text: "2019"))
        #expect(y2019.code == 20190 && ImportedPeriod(code: 20190) == y2019)
        #expect(y2019.first.text == "2019-Q1" && y2019.last.text == "2019-Q4")
        #expect(y2019.counted(from: Quarter(text: "2019-Q1")!, to: Quarter(text: "2019-Q4")!))
        #expect(y2019.counted(from: Quarter(text: "2018-Q3")!, to: Quarter(text: "2020-Q1")!))
        #expect(!y2019.counted(from: Quarter(text: "2019-Q2")!, to: Quarter(text: "2020-Q4")!))
        #expect(!y2019.counted(from: Quarter(text: "2018-Q1")!, to: Quarter(text: "2019-Q3")!))
        let q = try #require(ImportedPeriod(text: "2019-Q3"))
        #expect(q.code == 20193 && !q.isWholeYear && ImportedPeriod(code: 20193) == q)
        #expect(ImportedPeriod(text: "19") == nil && ImportedPeriod(text: "2019-Q5") == nil && ImportedPeriod(code: 20195) == nil)
    }

    @Test func aFlagThatIsNeitherYesNorNoAndAYearThatIsNotOneAreRefusedByLineAndColumn() {
        let text = Self.sample.replacingOccurrences(of: "2019,Case Management,Male,9--17,Minor,Minor,Minor,VN,-99,1,0,0",
                                                    with: "2019,Case Management,Male,9--17,Minor,Minor,Minor,VN,-99,maybe,0,0")
            .replacingOccurrences(of: "2020,Hotline,Female", with: "twenty,Hotline,Female")
        do {
            _ = try StatisticsImporter.parse(Data(text.utf8), mapping: nil, boroughs: .london)
            Issue.record("a bad flag and a bad year were read")
        } catch let rejection as ImportRejection {
            let said = rejection.problems.map(\.description)
            #expect(rejection.totalProblems == 2, "\(said)")
            #expect(said.contains { $0.contains("line 5") && $0.contains("isForcedLabour") && $0.contains("\"maybe\" is not a yes or no") }, "\(said)")
            #expect(said.contains { $0.contains("line 7") && $0.contains("yearOfRegistration") && $0.contains("is not a year") }, "\(said)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Only a period with no quarter yields whole years: a long table's "2022" beside its
    /// quarters is a problem, not a year counted again on top of them.
    @Test func aBareYearInAQuarterlyTableIsNotAWholeYear() {
        let mapping = StatisticsMapping(name: "q", measure: "crimes", columns: ["Borough": .borough, "Quarter": .period], countColumn: "Offences")
        let text = "Borough,Quarter,Offences\nCamden,2022-Q1,4\nCamden,2022,4\n"
        #expect(throws: ImportRejection.self) { try StatisticsImporter.parse(Data(text.utf8), mapping: mapping, boroughs: .london) }
        #expect(ImportedPeriod(wholeYearLabel: "2022 (whole year)") == .year(2022) && ImportedPeriod(wholeYearLabel: "2022") == nil)
    }

    /// A table of people has no totals: a "Total" quarter or year is not one.
    @Test func aTableOfPeopleHasNoTotalRows() throws {
        var mapping = CTDCMapping.globalDataset
        mapping.period = .init(year: "yearOfRegistration", quarter: "quarter")
        let text = "yearOfRegistration,quarter,gender,majorityStatusAtExploit,citizenship,isForcedLabour,isSexualExploit,isOtherExploit\n"
            + "2022,Q1,Female,Adult,UA,1,0,0\n2022,Total,Female,Adult,UA,1,0,0\nTotal,Q1,Female,Adult,UA,1,0,0\n"
        do {
            _ = try StatisticsImporter.parse(Data(text.utf8), mapping: mapping, boroughs: .london)
            Issue.record("totals read in a table of people")
        } catch let rejection as ImportRejection {
            let said = rejection.problems.map(\.description)
            #expect(said.count == 2 && said[0].contains("line 3") && said[0].contains("is not a quarter")
                    && said[1].contains("line 4") && said[1].contains("is not a year"), "\(said)")
        }
        let one = try StatisticsImporter.parse(Data(text.components(separatedBy: "\n").prefix(2).joined(separator: "\n").utf8),
                                               mapping: mapping, boroughs: .london)
        #expect(one.figures.map { $0.values[.period] } == ["2022-Q1"])
    }

    @Test func columnsNotReadMayRepeatANameOrHaveNone() {
        let header = ["yearOfRegistration", "gender", "majorityStatusAtExploit", "citizenship", "isForcedLabour", "isSexualExploit",
                      "isOtherExploit", "", "", "notes", "notes"]
        #expect(StatisticsMapping.detect(header: header)?.name == "ctdc-global-dataset")
        #expect(StatisticsMapping.detect(header: header + ["gender"]) == nil, "a column read must be there once")
    }

    @Test func aFileMissingAColumnTheMappingReadsSaysWhich() {
        let text = Self.sample.replacingOccurrences(of: ",isOtherExploit,", with: ",isOtherThing,")
        #expect(StatisticsMapping.detect(header: Self.sample.components(separatedBy: "\n")[0].components(separatedBy: ",")) != nil)
        do {
            _ = try StatisticsImporter.parse(Data(text.utf8), mapping: CTDCMapping.globalDataset, boroughs: .london)
            Issue.record("read without isOtherExploit")
        } catch let rejection as ImportRejection {
            #expect(rejection.problems.map(\.description).joined().contains("missing: isOtherExploit"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Any file of people: the figures add up to the rows, and each figure is the number of
    /// rows with its values (checked against a count made here, row by row).
    @Test func everyPersonIsCountedOnceWhateverTheRows() throws {
        var generator = SplitMix64(seed: 11)
        let genders = ["Female", "Male", "-99", "", "Transgender/NonConforming"], ages = ["Adult", "Minor", "-99", ""]
        let countries = ["UA", "AL", "VN", "GB", "-99", "", "NG"], flags = ["0", "1", "-99", ""]
        for _ in 0..<20 {
            let n = Int.random(in: 1...300, using: &generator)
            var lines = ["yearOfRegistration,gender,majorityStatusAtExploit,citizenship,isForcedLabour,isSexualExploit,isOtherExploit,notes"]
            var expected: [String: Int] = [:]
            for _ in 0..<n {
                let row = [String(Int.random(in: 2015...2024, using: &generator)), genders.randomElement(using: &generator)!,
                           ages.randomElement(using: &generator)!, countries.randomElement(using: &generator)!,
                           flags.randomElement(using: &generator)!, flags.randomElement(using: &generator)!, flags.randomElement(using: &generator)!]
                lines.append(row.joined(separator: ",") + ",\"free, text\"")
                expected[row.map { $0 == "-99" ? "" : $0 }.joined(separator: "|"), default: 0] += 1
            }
            let parsed = try StatisticsImporter.parse(Data(lines.joined(separator: "\n").utf8), mapping: nil, boroughs: .london)
            #expect(parsed.figures.reduce(0) { $0 + $1.count } == n)
            // Rows that differ only in how "not known" is written are one figure.
            let gender = ["Female": "Female", "Male": "Male", "Transgender/NonConforming": "Other", "": Gender.unknown.rawValue]
            let age = ["Adult": AgeGroup.adult.rawValue, "Minor": AgeGroup.child.rawValue, "": AgeGroup.unknown.rawValue]
            let country = ["UA": "UKR", "AL": "ALB", "VN": "VNM", "GB": "GBR", "NG": "NGA", "": "UNKNOWN"]
            var merged: [String: Int] = [:]
            for (key, count) in expected {
                let p = key.components(separatedBy: "|")
                let types = [p[4] == "1" ? "Labour" : nil, p[5] == "1" ? "Sexual" : nil].compactMap { $0 }
                let merge = [p[0], gender[p[1]]!, age[p[2]]!, country[p[3]]!,
                             types.isEmpty ? ExploitationType.unknown.rawValue : types.joined(separator: " & ")].joined(separator: "|")
                merged[merge, default: 0] += count
            }
            var read: [String: Int] = [:]
            for f in parsed.figures {
                let key = [f.values[.period], f.values[.gender], f.values[.ageGroup], f.values[.nationality], f.values[.exploitationType]]
                read[key.map { $0 ?? "-" }.joined(separator: "|"), default: 0] += f.count
            }
            #expect(read == merged)
        }
    }

    /// Lantern's own HTCDS export, at its most detailed, reads back as the people it holds.
    @Test func lanternsOwnHTCDSExportReadsBack() throws {
        let people = [
            HTCDSExport.Person(year: 2025, gender: Gender.female.rawValue, ageGroup: AgeGroup.adult.rawValue,
                               ageGroupAtExploitation: AgeGroup.child.rawValue, nationality: "ALB", exploitation: "Sexual"),
            HTCDSExport.Person(year: 2025, gender: Gender.male.rawValue, ageGroup: AgeGroup.adult.rawValue,
                               ageGroupAtExploitation: AgeGroup.adult.rawValue, nationality: "VNM", exploitation: "Labour & Sexual"),
        ]
        var lines = [HTCDSExport.fields.joined(separator: ",")]
        for person in people + [people[0]] {
            lines.append(HTCDSExport.row(person, at: .none, regions: .bundled).values.joined(separator: ","))
        }
        #expect(try Self.figures(lines.joined(separator: "\n")) == [
            "2025 | Female | Child (17 or under) | ALB | Sexual": 2,
            "2025 | Male | Adult (18 or over) | VNM | Labour & Sexual": 1,
        ])
    }

    @Test func aMappingOfPeopleIsWrittenAndReadAsJSON() throws {
        let json = try JSONEncoder().encode(CTDCMapping.globalDataset)
        let read = try JSONDecoder().decode(StatisticsMapping.self, from: json)
        #expect(read == CTDCMapping.globalDataset)
        #expect(read.problems.isEmpty)
        var wrong = read
        wrong.people?.flags?.columns["isForcedMarriage"] = "Marriage"
        #expect(wrong.problems.contains { $0.contains("isForcedMarriage") && $0.contains("not an exploitation type") })
    }
}
