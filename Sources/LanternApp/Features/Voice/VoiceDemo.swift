import Fluent
import Foundation
import LanternCore

/// The demo's survivor voice: messages over the last four quarters that ended, filed under
/// themes (enough in each quarter for some counts to be published, and one quarter withheld),
/// two excerpts shared with consent, and three messages waiting for the moderator, one of
/// them in Arabic. Fictional throughout.
enum VoiceDemo {
    struct Sample {
        let quartersAgo: Int
        let text: String
        let language: String
        let consent: Bool
        let themes: Set<VoiceTheme>
        var excerpt: String? = nil
    }

    static let samples: [Sample] = {
        var all: [Sample] = []
        // Each quarter: five messages each on two lines; the third quarter back also one each on four more (so its counts are withheld).
        let lines: [(String, Set<VoiceTheme>)] = [
            ("The hostel was noisy but I felt safe for the first time.", [.housing, .safety]),
            ("My support worker explained every letter to me.", [.support]),
            ("Nobody told me how long the decision would take.", [.services]),
            ("I was moved to a new room with two days' notice.", [.housing]),
            ("The interpreter at the GP made all the difference.", [.health, .support]),
            ("I waited weeks for my first payment.", [.money]),
        ]
        for quarter in 1...4 {
            for (index, line) in lines.enumerated() where index < 2 || quarter == 3 {
                for copy in 0..<(index < 2 ? 5 : 1) {
                    all.append(Sample(quartersAgo: quarter, text: line.0 + (copy == 0 ? "" : " (\(copy + 1))"), language: "en-GB",
                                      consent: copy == 0 && index < 2, themes: line.1,
                                      excerpt: copy == 0 && index < 2 && quarter == 1 ? line.0 : nil))
                }
            }
        }
        return all
    }()

    static let unfiled: [(String, String, Bool)] = [
        ("The police officer who found me was kind and patient.", "en-GB", true),
        ("أريد أن أعمل ولكن لا أعرف كيف أبدأ.", "ar", false),
        ("I still do not know who to call when I am scared at night.", "en-GB", true),
    ]

    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        let cipher = demo.services.cipher
        let current = Quarter(containing: demo.today)
        func write(day: Day, text: String, language: String, consent: Bool, state: VoiceState, themes: Set<VoiceTheme>, excerpt: String?) async throws {
            let message = try VoiceMessage.waiting(text, language: language, consentToQuote: consent, receivedOn: day, cipher: cipher)
            message.state = state.rawValue
            message.themes = VoiceTheme.stored(themes)
            message.excerpt = excerpt
            message.publishedOn = excerpt == nil ? nil : demo.today.adding(days: -20).daysSinceEpoch
            message.moderatedOn = state == .new ? nil : demo.today.adding(days: -20).daysSinceEpoch
            try await message.create(on: db)
        }
        for (index, sample) in samples.enumerated() {
            let quarter = current.adding(quarters: -sample.quartersAgo)
            let day = quarter.firstDay.adding(days: index % 80)
            try await write(day: day, text: sample.text, language: sample.language, consent: sample.consent, state: .kept,
                            themes: sample.themes, excerpt: sample.excerpt)
        }
        for (index, (text, language, consent)) in unfiled.enumerated() {
            try await write(day: demo.today.adding(days: -index), text: text, language: language, consent: consent, state: .new, themes: [], excerpt: nil)
        }
    }
}
