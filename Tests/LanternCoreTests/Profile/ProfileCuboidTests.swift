import Testing
@testable import LanternCore

/// Which questions the summary table answers, and from which of its cuboids.
@Suite struct ProfileCuboidTests {
    let from = Quarter(year: 2025, quarter: 1)!
    let to = Quarter(year: 2026, quarter: 4)!

    @Test func everyPairOfDimensionsIsKeptOnceWithTheTypeMentionsLast() {
        let all = ProfileCuboid.all
        #expect(all.count == 1 + 13 + 78)
        #expect(Set(all.map(\.code)).count == all.count)
        // Counted per case first, then per type mention; each group in code order (the lock order).
        let firstMention = all.firstIndex(where: \.countsTypeMentions)!
        #expect(all[..<firstMention].allSatisfy { !$0.countsTypeMentions })
        #expect(all[firstMention...].allSatisfy { $0.countsTypeMentions })
        #expect(all[..<firstMention].map(\.code) == all[..<firstMention].map(\.code).sorted())
        #expect(all[firstMention...].map(\.code) == all[firstMention...].map(\.code).sorted())
    }

    @Test func aQuestionIsAnsweredByTheCuboidOfEverythingItNeeds() {
        let byBoroughAndType = ProfileQuery(dimensions: [.boroughIdentified, .exploitationType, .quarter], from: from, to: to)
        #expect(ProfileCuboid.answering(byBoroughAndType) == ProfileCuboid([.boroughIdentified, .exploitationType]))
        // BCUs are kept as boroughs; periods are in every cell.
        let byBCU = ProfileQuery(dimensions: [.bcu, .year, .month], filters: [.quarter: ["20261"]], from: from, to: to)
        #expect(ProfileCuboid.answering(byBCU) == ProfileCuboid([.boroughIdentified]))
        // A filter is a dimension too.
        let filtered = ProfileQuery(dimensions: [.gender], filters: [.nationality: ["ALB"]], from: from, to: to)
        #expect(ProfileCuboid.answering(filtered) == ProfileCuboid([.gender, .nationality]))
        // So are an agreement's boroughs and organisations.
        let within = ProfileQuery(dimensions: [.quarter], from: from, to: to,
                                  within: CoveredCases(boroughs: ["E09000012"], organisations: ["ORG"]))
        #expect(ProfileCuboid.answering(within) == ProfileCuboid([.boroughIdentified, .firstResponder]))
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.quarter], from: from, to: to)) == ProfileCuboid(Set()))
    }

    @Test func questionsTheCellsCannotAnswerAreLeftToTheCases() {
        // Three dimensions.
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.gender, .stage, .nationality], from: from, to: to)) == nil)
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.gender, .stage], filters: [.bcu: ["CE"]], from: from, to: to)) == nil)
        // A filter on the type keeps each case once, however many of the types it has.
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.gender], filters: [.exploitationType: ["criminal"]], from: from, to: to)) == nil)
        // An empty value: '' and NULL are one key in the cells.
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.gender], filters: [.nationality: [""]], from: from, to: to)) == nil)
        // An agreement that covers nothing.
        #expect(ProfileCuboid.answering(ProfileQuery(dimensions: [.gender], from: from, to: to,
                                                     within: CoveredCases(boroughs: [], organisations: []))) == nil)
    }
}
