import Fluent
import Foundation
import LanternCore

/// A data-sharing agreement's terms as the secretariat recorded them. What it names (parties,
/// people, boroughs, organisations covered) is in `DataSharingAgreementEntry`, one row each,
/// so "the agreements that name me" is one indexed lookup.
final class DataSharingAgreement: Model, @unchecked Sendable {
    static let schema = "data_sharing_agreements"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "purpose") var purpose: String
    /// `LawfulBasis` and `SpecialCategoryCondition` raw values.
    @Field(key: "lawful_basis") var lawfulBasis: String
    @Field(key: "special_category_condition") var condition: String
    /// Days as ISO text (`YYYY-MM-DD`), which sorts as the days do.
    @Field(key: "from_day") var fromDay: String
    @Field(key: "until_day") var untilDay: String
    @OptionalField(key: "ended_on") var endedOn: String?
    @OptionalField(key: "ended_by") var endedBy: UUID?
    @OptionalField(key: "end_reason") var endReason: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    /// Its term as LanternCore reads it (nil if the stored days do not read, which the form never stores).
    var term: AgreementTerm? {
        guard let from = Day(iso: fromDay), let until = Day(iso: untilDay) else { return nil }
        return AgreementTerm(from: from, until: until, endedOn: endedOn.flatMap(Day.init(iso:)))
    }

    func inForce(on day: Day) -> Bool { term?.inForce(on: day) ?? false }
}

/// One thing an agreement names: a party (organisation), a named person, a borough or an
/// organisation whose cases it covers.
final class DataSharingAgreementEntry: Model, @unchecked Sendable {
    static let schema = "data_sharing_agreement_entries"

    enum Kind: String, CaseIterable {
        case party, person, borough, organisation
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "agreement_id") var agreementID: UUID
    @Field(key: "kind") var kind: String
    /// An organisation's or person's id (upper-case UUID text), or a borough's ONS code.
    @Field(key: "value") var value: String

    init() {}

    init(agreementID: UUID, kind: Kind, value: String) {
        self.id = UUID()
        self.agreementID = agreementID
        self.kind = kind.rawValue
        self.value = value
    }
}

/// An agreement with everything it names, read together.
struct DataSharingAgreementRecord {
    let agreement: DataSharingAgreement
    let entries: [DataSharingAgreementEntry]

    func values(_ kind: DataSharingAgreementEntry.Kind) -> [String] {
        entries.filter { $0.kind == kind.rawValue }.map(\.value).sorted()
    }

    var covered: CoveredCases {
        CoveredCases(boroughs: Set(values(.borough)), organisations: Set(values(.organisation)))
    }

    func names(_ person: UUID) -> Bool { values(.person).contains(person.uuidString) }

    static func load(_ id: UUID, on db: any Database) async throws -> DataSharingAgreementRecord? {
        guard let agreement = try await DataSharingAgreement.find(id, on: db) else { return nil }
        let entries = try await DataSharingAgreementEntry.query(on: db).filter(\.$agreementID == id).all()
        return DataSharingAgreementRecord(agreement: agreement, entries: entries)
    }
}
