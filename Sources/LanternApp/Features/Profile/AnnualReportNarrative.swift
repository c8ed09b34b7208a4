import Fluent
import Foundation

/// The words of one year's annual report, written by the secretariat around its figures.
/// `version` counts the saves: a save names the version it was written over, so two people
/// editing at once cannot silently overwrite each other.
final class AnnualReportNarrative: Model, @unchecked Sendable {
    static let schema = "annual_report_narratives"

    /// The report's sections, in the order the report prints them.
    enum Section: String, CaseIterable, Sendable {
        case foreword, context, achievements, challenges
        case nextSteps = "next_steps"

        /// Before the figures (foreword, context) or after them.
        var comesFirst: Bool { self == .foreword || self == .context }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "foreword") var foreword: String
    @Field(key: "context") var context: String
    @Field(key: "achievements") var achievements: String
    @Field(key: "challenges") var challenges: String
    @Field(key: "next_steps") var nextSteps: String
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func text(_ section: Section) -> String {
        switch section {
        case .foreword: foreword
        case .context: context
        case .achievements: achievements
        case .challenges: challenges
        case .nextSteps: nextSteps
        }
    }
}
