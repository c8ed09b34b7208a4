import Testing
@testable import LanternCore

/// Member surveys' rules: questions as typed, answers all or nothing, no results before the
/// survey closes or below five responses, and no hidden count that can be worked out from
/// what is shown (checked over random tallies).
@Suite struct SurveyRulesTests {
    typealias Draft = SurveyRules.Draft

    @Test func questionsSkipBlankRowsAndNameEveryBadOne() throws {
        let good = SurveyRules.questions(from: [
            Draft(text: "The network meets often enough", kind: "scale", options: ""),
            Draft(text: "", kind: "scale", options: ""),
            Draft(text: "Which borough?", kind: "choice", options: "Camden\r\nCroydon\n\n"),
            Draft(text: "Anything else?", kind: "text", options: ""),
        ])
        let questions = try good.get()
        #expect(questions.map(\.kind) == [.scale, .choice, .text])
        #expect(questions[1].options == ["Camden", "Croydon"])

        let bad = SurveyRules.questions(from: [
            Draft(text: "One option", kind: "choice", options: "Only"),
            Draft(text: "Twice", kind: "choice", options: "A\nA"),
            Draft(text: "Kind?", kind: "grid", options: ""),
            Draft(text: "", kind: "choice", options: "A\nB"),
            Draft(text: "Bell\u{7}", kind: "text", options: ""),
        ])
        guard case .failure(let problems) = bad else { Issue.record("bad rows accepted"); return }
        #expect(problems.byRow == [0: .options, 1: .options, 2: .kind, 3: .text, 4: .text])
        guard case .failure(let none) = SurveyRules.questions(from: [Draft(text: " ", kind: "scale", options: "")]) else {
            Issue.record("a survey without questions accepted"); return
        }
        #expect(none.byRow == [-1: .count])
        let many = Array(repeating: Draft(text: "Q", kind: "scale", options: ""), count: SurveyRules.maxQuestions + 1)
        #expect((try? SurveyRules.questions(from: many).get()) == nil)
    }

    @Test func answersAreAllOrNothing() throws {
        let questions = [SurveyQuestion(text: "Scale", kind: .scale), SurveyQuestion(text: "Pick", kind: .choice, options: ["A", "B"]),
                         SurveyQuestion(text: "Words", kind: .text)]
        let fine = try SurveyRules.answers([0: "5", 1: "1", 2: "  "], to: questions).get()
        #expect(fine == [SurveyAnswer(questionIndex: 0, choice: 5), SurveyAnswer(questionIndex: 1, choice: 1)])
        guard case .failure(let problems) = SurveyRules.answers([0: "6", 1: "2", 2: String(repeating: "x", count: 2_001)], to: questions) else {
            Issue.record("bad answers accepted"); return
        }
        #expect(problems.byQuestion == [0: .missing, 1: .missing, 2: .text])
        #expect((try? SurveyRules.answers([0: "0", 1: "-1"], to: questions).get()) == nil)
        // ordinary words with format characters are words: a Persian word with its zero-width
        // non-joiner, an emoji family, a soft hyphen; a NUL or an escape is not
        for words in ["می\u{200C}خواهم", "👨\u{200D}👩\u{200D}👧", "Anti\u{00AD}slavery"] {
            #expect((try? SurveyRules.answers([0: "3", 1: "0", 2: words], to: questions).get()) != nil, "\(words)")
        }
        for words in ["a\u{0}b", "a\u{1B}[31m"] { #expect((try? SurveyRules.answers([0: "3", 1: "0", 2: words], to: questions).get()) == nil) }
    }

    @Test func resultsOnlyOnceClosedAndFromFiveResponses() {
        let questions = [SurveyQuestion(text: "Scale", kind: .scale)]
        let four = (1...4).map { SurveyAnswer(questionIndex: 0, choice: $0) }
        #expect(SurveyRules.results(questions, answers: four, responses: 4, state: .closed) == nil)
        let five = four + [SurveyAnswer(questionIndex: 0, choice: 4)]
        #expect(SurveyRules.results(questions, answers: five, responses: 5, state: .open) == nil)
        let shown = SurveyRules.results(questions, answers: five, responses: 5, state: .closed)
        #expect(shown?.first?.answered == 5)
        // 1, 2 and 3 once each and 4 twice: small counts, so all are withheld, and no mean
        #expect(shown?.first?.counts == [.suppressed, .suppressed, .suppressed, .suppressed, .suppressed])
        #expect(shown?.first?.mean == nil)
        let even = (0..<10).map { SurveyAnswer(questionIndex: 0, choice: $0 < 5 ? 4 : 5) }
        let clear = SurveyRules.results(questions, answers: even, responses: 10, state: .closed)?.first
        #expect(clear?.counts == [.exact(0), .exact(0), .exact(0), .exact(5), .exact(5)] && clear?.mean == 4.5)
        #expect(SurveyRules.state(.open, closesOn: Day(year: 2027, month: 1, day: 10)!, today: Day(year: 2027, month: 1, day: 11)!) == .closed)
        #expect(SurveyRules.state(.open, closesOn: Day(year: 2027, month: 1, day: 10)!, today: Day(year: 2027, month: 1, day: 10)!) == .open)
    }

    /// An attacker who sees what is published (the counts shown, which are withheld, and the
    /// total) lists every tally that would publish the same; for each withheld cell, at least
    /// two values must remain possible. Every tally of 2 to 6 cells, each 0 to 6, of five or
    /// more answers. (Withholding only the small cells fails this: 6, 2, 2 gives 6, [c], [c]
    /// of 10, and the two must be 2 each.)
    @Test(arguments: 2...6)
    func noWithheldCountCanBeWorkedOut(cells: Int) {
        var groups: [String: [[Int]]] = [:]
        func all(_ prefix: [Int]) {
            guard prefix.count < cells else {
                guard prefix.reduce(0, +) >= SurveyRules.minimumResponses else { return }
                let shown = SurveyRules.suppressed(prefix).map(\.csv).joined(separator: ",") + "|\(prefix.reduce(0, +))"
                groups[shown, default: []].append(prefix)
                return
            }
            for value in 0...6 { all(prefix + [value]) }
        }
        all([])
        var pinned: [String] = []
        for (shown, tallies) in groups {
            let withheld = SurveyRules.suppressed(tallies[0]).indices.filter { SurveyRules.suppressed(tallies[0])[$0] == .suppressed }
            for cell in withheld where Set(tallies.map { $0[cell] }).count < 2 {
                pinned.append("\(shown): cell \(cell) is \(tallies[0][cell])")
            }
        }
        #expect(pinned.isEmpty, "\(pinned.prefix(10))")
        // every count from 1 to 2 is withheld, and so is a question all answered alike
        for tallies in groups.values {
            for tally in tallies {
                for (count, published) in zip(tally, SurveyRules.suppressed(tally)) where count > 0 && count < SurveyRules.smallCount {
                    #expect(published == .suppressed)
                }
                if tally.filter({ $0 > 0 }).count == 1 { #expect(SurveyRules.suppressed(tally).allSatisfy { $0 == .suppressed }) }
            }
        }
    }
}
