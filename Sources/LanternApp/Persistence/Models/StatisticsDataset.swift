import Fluent
import Foundation

/// One imported table of figures (e.g. the Home Office's NRM referrals by police force for
/// 2022 Q2): where it came from, the period it covers, who imported it and when, its licence.
/// Its rows are `DatasetFigure`s; replacing or removing a dataset removes them with it.
final class StatisticsDataset: Model, @unchecked Sendable {
    static let schema = "datasets"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    /// What is counted: `nrm_referrals`, `duty_to_notify_reports`, `crimes`, `population`, …
    @Field(key: "measure") var measure: String
    @Field(key: "mapping") var mapping: String
    @Field(key: "source") var source: String
    @Field(key: "licence") var licence: String
    /// First and last quarter covered (year × 10 + quarter).
    @Field(key: "period_from") var periodFrom: Int
    @Field(key: "period_to") var periodTo: Int
    /// The person who imported it, if through the web; the command line records its operator.
    @OptionalField(key: "imported_by") var importedBy: UUID?
    @Field(key: "imported_by_label") var importedByLabel: String
    @Field(key: "imported_at") var importedAt: Date
    @Field(key: "file_name") var fileName: String
    @Field(key: "file_sha256") var fileSHA256: String
    /// The digest of the figures themselves (`ParsedStatistics.contentDigest`): the same
    /// content for the same measure and period is one dataset (a unique index).
    @Field(key: "content_sha256") var contentSHA256: String
    /// What the table covers (`DatasetCoverage` raw value).
    @Field(key: "coverage") var coverage: String
    @Field(key: "lines_read") var linesRead: Int
    @Field(key: "figure_count") var figureCount: Int
    @Field(key: "totals_checked") var totalsChecked: Int

    init() {}
}

/// A partner's return uploaded through the web that read cleanly, waiting for its uploader
/// to confirm it (then stored as a dataset) or discard it. Only its uploader sees it; it is
/// removed when confirmed or discarded, and after `DatasetUploadController.lifetime` in any case.
final class DatasetUpload: Model, @unchecked Sendable {
    static let schema = "dataset_uploads"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "file_name") var fileName: String
    /// "csv", "xlsx" or "ods", decided by the content.
    @Field(key: "kind") var kind: String
    @Field(key: "content") var content: Data
    /// What the analyst chose (`DatasetUploadChoices`, JSON).
    @Field(key: "choices") var choices: String

    init() {}
}

/// One detail row of a dataset: a count for one combination of dimension values. Columns a
/// table does not have are empty strings, so GROUP BY never meets NULL.
final class DatasetFigure: Model, @unchecked Sendable {
    static let schema = "dataset_figures"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "dataset_id") var dataset: StatisticsDataset
    @Field(key: "measure") var measure: String
    @Field(key: "quarter") var quarter: Int
    @Field(key: "first_responder_type") var firstResponderType: String
    @Field(key: "first_responder") var firstResponder: String
    @Field(key: "exploitation_type") var exploitationType: String
    @Field(key: "age_group") var ageGroup: String
    @Field(key: "gender") var gender: String
    @Field(key: "nationality") var nationality: String
    @Field(key: "borough") var borough: String
    @Field(key: "count") var count: Int
    /// London's figure: its dataset is a London body's, or London's body made it, or it names a London borough.
    @Field(key: "in_london") var inLondon: Bool

    init() {}
}
