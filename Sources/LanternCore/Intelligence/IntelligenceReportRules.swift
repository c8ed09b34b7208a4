import Foundation

/// What a soft intelligence report must hold before it is stored, checked field by field in
/// the order the form asks, so the page and the API give the same messages.
public struct IntelligenceReportDraft: Sendable, Equatable {
    public var reportedOn: Day?
    public var borough: String
    public var ward: String
    public var exploitationTypes: [String]
    public var indicators: [String]
    public var sourceType: String
    public var sourceEvaluation: String
    public var assessment: String
    public var handling: String
    public var text: String

    public init(reportedOn: Day?, borough: String, ward: String, exploitationTypes: [String], indicators: [String],
                sourceType: String, sourceEvaluation: String, assessment: String, handling: String, text: String) {
        self.reportedOn = reportedOn
        self.borough = borough
        self.ward = ward
        self.exploitationTypes = exploitationTypes
        self.indicators = indicators
        self.sourceType = sourceType
        self.sourceEvaluation = sourceEvaluation
        self.assessment = assessment
        self.handling = handling
        self.text = text
    }

    public static let maximumTextLength = 10_000
    public static let maximumWardLength = 100

    /// Field-level problems; empty means the report can be stored.
    public func problems(today: Day, isBorough: (String) -> Bool) -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        if let day = reportedOn {
            if day > today { problems.append(("reportedOn", "The date cannot be in the future")) }
            if day.daysSinceEpoch < today.daysSinceEpoch - 365 * 20 { problems.append(("reportedOn", "The date must be within the last 20 years")) }
        } else {
            problems.append(("reportedOn", "Enter the date the information relates to, like 2026-11-03"))
        }
        if !isBorough(borough) { problems.append(("borough", "Choose the borough")) }
        if ward.count > Self.maximumWardLength { problems.append(("ward", "Ward must be \(Self.maximumWardLength) characters or fewer")) }
        if ward.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(("ward", "Ward must be plain text"))
        }
        if exploitationTypes.contains(where: { ExploitationType(code: $0) == nil }) {
            problems.append(("exploitationTypes", "Choose exploitation types from the list"))
        }
        if indicators.contains(where: { ExploitationIndicator(rawValue: $0) == nil }) {
            problems.append(("indicators", "Choose indicators from the list"))
        }
        if IntelligenceSourceType(rawValue: sourceType) == nil { problems.append(("sourceType", "Choose who the information came from")) }
        if SourceEvaluation(rawValue: sourceEvaluation) == nil { problems.append(("sourceEvaluation", "Choose how reliable the source is")) }
        if IntelligenceAssessment(rawValue: assessment) == nil { problems.append(("assessment", "Choose how the information is known")) }
        if HandlingCode(rawValue: handling) == nil { problems.append(("handling", "Choose whether it may be shared")) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { problems.append(("text", "Describe what was seen or reported")) }
        if text.count > Self.maximumTextLength { problems.append(("text", "The description must be \(Self.maximumTextLength) characters or fewer")) }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }) {
            problems.append(("text", "The description contains characters that cannot be stored"))
        }
        return problems
    }
}
