import Foundation
import Testing
@testable import LanternCore

@Suite struct VoiceRulesTests {
    @Test func aMessageIsTrimmedAndMayHaveLineBreaksButNotControlCharacters() {
        #expect(VoiceRules.message("  I was helped.\nThank you.  ") == .success("I was helped.\nThank you."))
        #expect(VoiceRules.message(" \n\t ") == .failure(.empty))
        #expect(VoiceRules.message(String(repeating: "a", count: VoiceRules.messageLimit + 1)) == .failure(.tooLong))
        // One character with thousands of combining marks is still too long.
        #expect(VoiceRules.message("e" + String(repeating: "\u{301}", count: 20_000)) == .failure(.tooLong))
        #expect(VoiceRules.message("bell\u{07}") == .failure(.controlCharacters))
        // Format characters are part of words (Arabic with a zero-width non-joiner, an emoji's joiner).
        #expect(VoiceRules.message("شكرا\u{200C}لكم 👩\u{200D}👧") == .success("شكرا\u{200C}لكم 👩\u{200D}👧"))
    }

    @Test func anExcerptNeedsTheSendersConsentAndAKeptMessage() {
        let themes: Set<VoiceTheme> = [.housing]
        let message = "The hostel was safe.\nThank you Amira."
        #expect(VoiceRules.decide(state: .kept, themes: themes, excerpt: "The hostel was safe.", consentToQuote: false, message: message) == .failure(.noConsent))
        #expect(VoiceRules.decide(state: .kept, themes: themes, excerpt: " The hostel was safe. ", consentToQuote: true, message: message)
                == .success(.init(state: .kept, themes: themes, excerpt: "The hostel was safe.")))
        #expect(VoiceRules.decide(state: .new, themes: themes, excerpt: "words", consentToQuote: true, message: message) == .failure(.notKept))
        #expect(VoiceRules.decide(state: .kept, themes: [], excerpt: "", consentToQuote: true, message: message) == .failure(.noTheme))
        #expect(VoiceRules.decide(state: .kept, themes: themes, excerpt: String(repeating: "a", count: VoiceRules.excerptLimit + 1),
                                  consentToQuote: true, message: message) == .failure(.excerptTooLong))
        // Discarding keeps nothing, whatever was sent with it.
        #expect(VoiceRules.decide(state: .discarded, themes: themes, excerpt: "words", consentToQuote: true, message: message)
                == .success(.init(state: .discarded, themes: [], excerpt: nil)))
    }

    @Test func anExcerptIsCutFromTheSendersOwnWords() {
        let message = "My caseworker   Amira found me a room.\nThe benefits office in Croydon did not answer."
        #expect(VoiceRules.isCut("My caseworker Amira found me a room.", from: message))
        // Words left out (a name, a place) are marked with an ellipsis; fragments keep their order.
        #expect(VoiceRules.isCut("My caseworker … found me a room. The benefits office ... did not answer.", from: message))
        #expect(!VoiceRules.isCut("did not answer … My caseworker", from: message))
        // Words the sender did not write, or changed, are not an excerpt.
        #expect(!VoiceRules.isCut("My caseworker found me a lovely room.", from: message))
        #expect(!VoiceRules.isCut("…", from: message))
        // Fragments are whole words: "safe" is not cut from "unsafe", nor "kind" from "unkind".
        let police = "The police did not help me. They were unkind and I felt unsafe."
        #expect(!VoiceRules.isCut("They were…kind and I felt…safe.", from: police))
        #expect(!VoiceRules.isCut("safe", from: police))
        #expect(VoiceRules.isCut("They were unkind … I felt unsafe.", from: police))
        #expect(VoiceRules.decide(state: .kept, themes: [.housing], excerpt: "The police were great.", consentToQuote: true, message: message)
                == .failure(.notTheirWords))
    }

    @Test func themesRoundTripThroughTheirStoredForm() {
        for _ in 0..<200 {
            let themes = Set(VoiceTheme.allCases.filter { _ in Bool.random() })
            #expect(VoiceTheme.parse(VoiceTheme.stored(themes)) == themes)
        }
        #expect(VoiceTheme.parse("housing,unknown,,police") == [.housing, .police])
    }

    @Test func aTicketTellsAHumanFromAMachine() {
        let ticket = FormTicket(keyBytes: Array(repeating: 7, count: 32), purpose: "voice")
        let drawn = Date(timeIntervalSince1970: 1_800_000_000)
        let stamp = ticket.issue(at: drawn)
        func verdict(_ value: String?, after seconds: TimeInterval) -> FormTicket.Verdict {
            ticket.verify(value, now: drawn.addingTimeInterval(seconds), minimumAge: 5, maximumAge: 7_200)
        }
        #expect(verdict(stamp, after: 30) == .fresh)
        #expect(verdict(stamp, after: 1) == .tooFast)
        #expect(verdict(stamp, after: 7_201) == .expired)
        #expect(verdict(nil, after: 30) == .forged)
        #expect(verdict("", after: 30) == .forged)
        // A stamp moved back in time keeps the old hash, which no longer fits.
        let parts = stamp.split(separator: ".")
        #expect(verdict("1799999000.\(parts[1]).\(parts[2])", after: 30) == .forged)
        // Only the text Lantern wrote: the same signed numbers written another way ("+…", "0…")
        // would be another text, and so another stamp to spend.
        for respelt in ["+\(stamp)", "0\(stamp)", "00\(stamp)", "+0\(stamp)", " \(stamp)", "\(stamp) "] {
            #expect(verdict(respelt, after: 30) == .forged, "\(respelt)")
        }
        #expect(verdict("\(parts[0]).\(parts[1].uppercased()).\(parts[2])", after: 30) == .forged)
        #expect(verdict("\(parts[0]).\(parts[1]).\(parts[2].uppercased())", after: 30) == .forged)
        // Each drawing is its own stamp, even in the same second.
        #expect(ticket.issue(at: drawn) != stamp)
        // Another form's stamp, or another key's, is not this form's.
        #expect(verdict(FormTicket(keyBytes: Array(repeating: 7, count: 32), purpose: "other").issue(at: drawn), after: 30) == .forged)
        #expect(verdict(FormTicket(keyBytes: Array(repeating: 8, count: 32), purpose: "voice").issue(at: drawn), after: 30) == .forged)
        #expect(verdict(ticket.issue(at: drawn.addingTimeInterval(3_600)), after: 30) == .forged)
    }

    @Test func theBoardSeesEndedQuartersOnly() {
        let today = Day(year: 2027, month: 1, day: 15)!
        #expect(VoiceThemeFigures.endedQuarters(before: today, count: 4).map(\.text) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
    }

    @Test func aQuarterIsPublishedWholeOrWithheldWhole() {
        let q = Quarter(year: 2026, quarter: 4)!
        let day = Day(year: 2026, month: 11, day: 2)!
        func filed(_ themes: [Set<VoiceTheme>]) -> [VoiceThemeFigures.Filed] { themes.map { .init(received: day, themes: $0) } }
        // Two messages: nothing is published, not even how many.
        let two = VoiceThemeFigures.columns(filed([[.housing], [.police]]), quarters: [q])[0]
        #expect(two.messages == .suppressed && two.themes.allSatisfy { $0 == .suppressed })
        // Six messages, every theme count 0 or at least 3: published.
        let six = VoiceThemeFigures.columns(filed(Array(repeating: [.housing], count: 3) + Array(repeating: [.police, .support], count: 3)), quarters: [q])[0]
        #expect(six.messages == .exact(6))
        #expect(six.themes[VoiceTheme.allCases.firstIndex(of: .housing)!] == .exact(3))
        // One theme count of 1: the whole column is withheld, the total stays.
        let oneOff = VoiceThemeFigures.columns(filed(Array(repeating: [.housing], count: 5) + [[.work]]), quarters: [q])[0]
        #expect(oneOff.messages == .exact(6) && oneOff.themes.allSatisfy { $0 == .suppressed })
        // Every message under one theme (with others beside it): who wrote about it is known.
        let everyone = VoiceThemeFigures.columns(filed(Array(repeating: [.support], count: 3) + Array(repeating: [.support, .safety], count: 4)), quarters: [q])[0]
        #expect(everyone.messages == .exact(7) && everyone.themes.allSatisfy { $0 == .suppressed })
        // All but two under a theme: those two are known to lack it.
        let allButTwo = VoiceThemeFigures.columns(filed(Array(repeating: [.housing, .police], count: 3) + Array(repeating: [.housing, .work], count: 3)
                                                         + Array(repeating: [.police, .work], count: 2)), quarters: [q])[0]
        #expect(allButTwo.themes.allSatisfy { $0 == .suppressed })
        // A message still waiting to be filed: the quarter waits too.
        let waiting = VoiceThemeFigures.columns(filed(Array(repeating: [.housing], count: 3) + Array(repeating: [.police], count: 3)), quarters: [q], waiting: [q])[0]
        #expect(waiting.waiting && waiting.messages == .suppressed)
        // Nothing that quarter: zeros, published.
        let none = VoiceThemeFigures.columns([], quarters: [q])[0]
        #expect(none.messages == .exact(0) && none.themes.allSatisfy { $0 == .exact(0) })
    }

    /// An attacker who sees a published column learns nothing about a withheld one: every
    /// withheld column of small tallies is consistent with at least two different tallies
    /// that give the same published page (the total, when shown).
    @Test func noWithheldThemeCountCanBeWorkedOut() {
        let q = Quarter(year: 2026, quarter: 3)!
        let day = Day(year: 2026, month: 8, day: 1)!
        let themes: [VoiceTheme] = [.housing, .police, .work]
        // Every way of filing 1...6 messages each under one of three themes.
        var pages: [String: Set<[Int]>] = [:]
        func walk(_ counts: [Int], left: Int, total: Int) {
            if counts.count == themes.count - 1 {
                let tally = counts + [left]
                let filed = zip(themes, tally).flatMap { theme, n in Array(repeating: VoiceThemeFigures.Filed(received: day, themes: [theme]), count: n) }
                let column = VoiceThemeFigures.columns(filed, quarters: [q])[0]
                let page = "\(column.messages) \(column.themes)"
                pages[page, default: []].insert(tally)
                return
            }
            for n in 0...left { walk(counts + [n], left: left - n, total: total) }
        }
        for total in 1...6 { walk([], left: total, total: total) }
        for (page, tallies) in pages where page.contains("suppressed") {
            #expect(tallies.count >= 2, "a withheld page gives its tally away: \(page) \(tallies)")
        }
    }
}
