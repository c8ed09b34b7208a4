import Fluent
import Foundation

/// A soft intelligence report: something a partner saw or heard about an area, graded on
/// the 3×5×2 model (source, assessment, handling), kept beside the hard figures for the same
/// place and period. The free text may name people or places, so it is sealed.
final class IntelligenceReport: Model, @unchecked Sendable {
    static let schema = "intelligence_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "reference") var reference: String
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    /// The day the information relates to (days since 1970) and its quarter.
    @Field(key: "reported_on") var reportedOn: Int
    @Field(key: "quarter") var quarter: Int
    @Field(key: "borough") var borough: String
    @OptionalField(key: "ward") var ward: String?
    /// Exploitation type codes, comma-separated.
    @Field(key: "exploitation_types") var exploitationTypes: String
    /// Indicator codes, comma-separated.
    @Field(key: "indicators") var indicators: String
    @Field(key: "source_type") var sourceType: String
    @Field(key: "source_evaluation") var sourceEvaluation: String
    @Field(key: "assessment") var assessment: String
    @Field(key: "handling") var handling: String
    @Field(key: "sealed_text") var sealedText: String

    init() {}

    var textSealContext: String { "intelligence.text:\(id?.uuidString ?? "")" }
}
