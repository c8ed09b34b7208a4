import Foundation
import Testing
@testable import LanternCore

/// Civil orders, prosecutions and convictions as imported measures: a return holds two
/// measures side by side, each read by its own built-in mapping (the other column ignored),
/// its year's "Total" quarter checked, never added; a header that fits two is not guessed.
@Suite struct CriminalJusticeMappingsTests {
    static let civilOrders = """
        Borough,Year,Quarter,Applications,Orders made
        Camden,2025,Q1,3,2
        Camden,2025,Q2,1,1
        Camden,2025,Total,4,3
        Hackney,2025,Q1,2,0
        Hackney,2025,Q2,0,1
        Hackney,2025,Total,2,1
        """

    static let mojOutcomes = """
        Police force area,Year,Quarter,Proceeded against,Convicted
        Metropolitan Police,2024,Q4,41,19
        City of London,2024,Q4,2,1
        West Midlands,2024,Q4,17,9
        Total,2024,Q4,60,29
        """

    static func figures(_ text: String, _ mapping: StatisticsMapping) throws -> Set<String> {
        let parsed = try StatisticsImporter.parse(Data(text.utf8), mapping: mapping, boroughs: .london)
        #expect(parsed.mapping.measure == mapping.measure)
        return Set(parsed.figures.map { figure in
            let place = figure.values[.borough] ?? figure.values[.firstResponder] ?? "?"
            return "\(place) \(figure.values[.period] ?? "?") \(figure.count)"
        })
    }

    @Test func oneReturnGivesApplicationsAndOrdersMadeEachByItsOwnMapping() throws {
        #expect(try Self.figures(Self.civilOrders, CriminalJusticeMappings.londonCivilOrderApplications) == [
            "E09000007 2025-Q1 3", "E09000007 2025-Q2 1", "E09000012 2025-Q1 2",
        ])
        #expect(try Self.figures(Self.civilOrders, CriminalJusticeMappings.londonCivilOrdersMade) == [
            "E09000007 2025-Q1 2", "E09000007 2025-Q2 1", "E09000012 2025-Q2 1",
        ])
    }

    /// The preview says the year totals were checked: they are, while the return is shaped.
    @Test func theYearTotalsCheckedAreCounted() throws {
        let parsed = try StatisticsImporter.parse(Data(Self.civilOrders.utf8), mapping: CriminalJusticeMappings.londonCivilOrdersMade,
                                                  boroughs: .london)
        #expect(parsed.totalRows == 2 && parsed.totalsChecked == 2)
    }

    @Test func aYearTotalThatDisagreesIsRefusedForTheMeasureItBelongsTo() {
        let text = Self.civilOrders.replacingOccurrences(of: "Camden,2025,Total,4,3", with: "Camden,2025,Total,4,9")
        #expect(throws: ImportRejection.self) { try Self.figures(text, CriminalJusticeMappings.londonCivilOrdersMade) }
        #expect((try? Self.figures(text, CriminalJusticeMappings.londonCivilOrderApplications))?.count == 3,
                "the applications are read; the orders column is not this mapping's")
    }

    @Test func nationalProsecutionsAndConvictionsCountByPoliceForceAreaWithTheirTotalChecked() throws {
        #expect(try Self.figures(Self.mojOutcomes, CriminalJusticeMappings.mojProsecutions) == [
            "Metropolitan Police 2024-Q4 41", "City of London 2024-Q4 2", "West Midlands 2024-Q4 17",
        ])
        #expect(try Self.figures(Self.mojOutcomes, CriminalJusticeMappings.mojConvictions) == [
            "Metropolitan Police 2024-Q4 19", "City of London 2024-Q4 1", "West Midlands 2024-Q4 9",
        ])
        let wrongTotal = Self.mojOutcomes.replacingOccurrences(of: "Total,2024,Q4,60,29", with: "Total,2024,Q4,60,30")
        #expect(throws: ImportRejection.self) { try Self.figures(wrongTotal, CriminalJusticeMappings.mojConvictions) }
    }

    @Test func aHeaderThatFitsTwoMeasuresIsNotGuessedAndSaysWhichToChoose() {
        let header = ["Borough", "Year", "Quarter", "Applications", "Orders made"]
        #expect(StatisticsMapping.candidates(header: header).map(\.name).sorted() == ["london-civil-order-applications", "london-civil-orders-made"])
        #expect(StatisticsMapping.detect(header: header) == nil)
        do {
            _ = try StatisticsImporter.parse(Data(Self.civilOrders.utf8), mapping: nil, boroughs: .london)
            Issue.record("a header that fits two mappings was guessed")
        } catch let rejection as ImportRejection {
            #expect(rejection.problems.first?.description.contains("fits more than one table Lantern knows") == true)
            #expect(rejection.problems.first?.description.contains("london-civil-orders-made") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
        // The Home Office tables are still recognised on their own.
        #expect(StatisticsMapping.detect(header: StatisticsMapping.homeOfficeNRMReferrals.expectedHeader)?.name == "home-office-nrm-referrals")
    }

    @Test func aColumnBothReadAndIgnoredIsAProblemWithTheMapping() {
        var mapping = CriminalJusticeMappings.londonProsecutions
        mapping.ignoredColumns = ["Prosecutions"]
        #expect(mapping.problems.contains("the column prosecutions is both read and ignored"))
        for builtIn in StatisticsMapping.builtIn { #expect(builtIn.problems.isEmpty, "\(builtIn.name)") }
        #expect(Set(StatisticsMapping.builtIn.map(\.name)).count == StatisticsMapping.builtIn.count)
    }

    @Test func ignoredColumnsSurviveTheJSONAnAnalystWrites() throws {
        let json = """
            {"name": "return", "measure": "prosecutions", "columns": {"Borough": "borough"}, "countColumn": "Charged",
             "period": {"year": "Year", "quarter": "Quarter"}, "ignoredColumns": ["Notes"]}
            """
        let mapping = try JSONDecoder().decode(StatisticsMapping.self, from: Data(json.utf8))
        #expect(mapping.ignoredColumns == ["Notes"])
        let again = try JSONDecoder().decode(StatisticsMapping.self, from: try JSONEncoder().encode(mapping))
        #expect(again == mapping)
        let text = "Borough,Year,Quarter,Charged,Notes\nCamden,2025,Q1,4,from the Met's return\n"
        #expect(try Self.figures(text, mapping) == ["E09000007 2025-Q1 4"])
    }
}
