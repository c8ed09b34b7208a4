import Foundation
import Testing
@testable import LanternCore

/// Every action Lantern writes to the audit log has words for the audit trail: the test
/// reads the application's sources for the codes passed to `AuditEvent(action:)`.
@Suite struct AuditWordsTests {
    static let appSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/LanternApp")

    static func swiftFiles() throws -> [(name: String, text: String)] {
        let files = FileManager.default.enumerator(at: appSources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The codes written, found three ways: `action: "code"` (also where a function takes the
    /// action and passes it on), both sides of a conditional inside `AuditEvent(action: …`,
    /// and codes built by interpolation, expanded from the names they are built from.
    static func writtenCodes() throws -> (codes: Set<String>, interpolated: Set<String>) {
        var codes = Set<String>()
        var interpolated = Set<String>()
        for file in try swiftFiles() {
            codes.formUnion(try matches(#"action: "([a-z_]+(?:\.[a-z_]+)?)""#, in: file.text))
            for segment in file.text.components(separatedBy: "AuditEvent(action:").dropFirst() {
                let end = ["recordType:", "outcome:", ")"].compactMap { segment.range(of: $0)?.lowerBound }.min() ?? segment.endIndex
                codes.formUnion(try matches(#"[?:]\s*"([a-z_]+(?:\.[a-z_]+)?)""#, in: String(segment[..<end])))
            }
            interpolated.formUnion(try matches(#"action: "([a-z_]+\.)\\\("#, in: file.text))
        }
        return (codes, interpolated)
    }

    @Test func everyWrittenActionHasWords() throws {
        var (codes, interpolated) = try Self.writtenCodes()
        #expect(codes.count > 40, "the scan found too few codes: has AuditEvent's shape changed?")
        #expect(codes.contains("case.viewed") && codes.contains("sign_out") && codes.contains("account.locked"))

        // Codes built from pathway step names and scheduled job names.
        #expect(interpolated == ["case.", "job."], "a new interpolated audit action: expand it here")
        let steps: [PathwayEvent] = [.referralDecision(consentGiven: nil), .referralMarkedReady, .referralSubmitted,
                                     .reasonableGroundsDecision(.positive), .conclusiveGroundsDecision(.positive),
                                     .reconsiderationRequested, .recoveryNeedsAssessment([]), .closed(reason: "")]
        codes.formUnion(steps.map { "case.\($0.name)" })
        let jobs = try Self.swiftFiles().first { $0.text.contains("enum ScheduledJobs") }
        let jobNames = try Self.matches(#"static let [A-Za-z]+ = "([a-z_]+)""#, in: jobs?.text ?? "")
        #expect(jobNames.count >= 3)
        codes.formUnion(jobNames.map { "job.\($0)" })

        let missing = codes.filter { AuditWords.known($0) == nil }.sorted()
        #expect(missing.isEmpty, "audit actions without words in LanternCore/Audit/AuditWords.swift: \(missing)")
    }

    @Test func wordsAreWordsAndCodesAreUnique() {
        let codes = AuditWords.actions.map(\.code)
        #expect(Set(codes).count == codes.count)
        for action in AuditWords.actions {
            #expect(!action.words.contains("_") && !action.words.contains("."), "\(action.code)")
            #expect(action.words.first?.isUppercase == true, "\(action.code)")
        }
        #expect(AuditWords.action("case.viewed") == "Viewed the case")
        #expect(AuditWords.action("case.access_denied") == "Was refused access to the case")
        #expect(AuditWords.action("something.new") == "something.new")
        #expect(AuditWords.outcome("failed") == "Refused or failed")
    }
}
