import Testing
@testable import LanternCore

/// London's part of a national table: the rows London's bodies made.
@Suite struct LondonBodiesTests {
    let bodies = LondonBodies(.london)

    @Test func londonsPoliceForcesCouncilsAndNHSBodiesAreLondons() {
        for name in ["Metropolitan Police Service", "City of London Police", "Camden", "London Borough of Camden", "Camden Council",
                     "Royal Borough of Greenwich", "The Royal Borough of Kensington and Chelsea", "Westminster City Council",
                     "City of Westminster", "City of London Corporation", "Hammersmith & Fulham", "London Borough of Barking and Dagenham",
                     "London Ambulance Service NHS Trust", "Barnet, Enfield and Haringey Mental Health NHS Trust"] {
            #expect(bodies.isLondon(firstResponder: name), "\(name)")
        }
    }

    @Test func othersAreNot() {
        for name in ["Kent Police", "British Transport Police", "Greater Manchester Police", "Local Authority", "Salvation Army",
                     "Kent County Council", "Birmingham City Council", "NHS England", "Police total", "", "London"] {
            #expect(!bodies.isLondon(firstResponder: name), "\(name)")
        }
    }

    @Test func onlyNationalTablesAreNotWhollyLondons() {
        #expect(DatasetCoverage.allCases.filter { !$0.isLondon } == [.national])
    }
}
