import Fluent
import Vapor
import LanternCore

/// A case as the API returns it to its owner: attributes, pathway, deadline. Identifying
/// details are only in the referral endpoints.
struct CaseDTO: Content {
    var reference: String
    var identifiedOn: String
    var ageGroup: String
    var ageGroupAtExploitation: String
    var gender: String
    var nationality: String?
    var language: String?
    var interpreterNeeded: Bool
    var boroughIdentified: String?
    var boroughExploited: String?
    var exploitationTypes: [String]
    var exploitationLocation: String
    var countyLines: Bool
    var stage: String
    var overdue: Bool
    var dueOn: String?
    var reasonableGrounds: DecisionDTO?
    var conclusiveGrounds: DecisionDTO?
    var supportPillars: [String]
    /// The day the identifying details were erased under the retention rules (nil while kept).
    var erasedOn: String?
    /// The day a Duty to Notify was made, kept when the adult later consented and the case
    /// became a referral (nil for a case that was never a notification).
    var notifiedOn: String?
    /// The day a child supported by children's services moved to adult support at 18.
    var adultSupportFrom: String?

    init(_ r: CaseRecord, today: Day) {
        let state = r.state
        reference = r.reference
        identifiedOn = Day(daysSinceEpoch: r.identifiedOn).iso
        ageGroup = r.age.code
        ageGroupAtExploitation = (AgeGroup(rawValue: r.ageGroupAtExploitation) ?? .unknown).code
        gender = (Gender(rawValue: r.gender) ?? .unknown).code
        nationality = r.nationality
        language = r.language
        interpreterNeeded = r.interpreterNeeded
        boroughIdentified = r.boroughIdentified
        boroughExploited = r.boroughExploited
        exploitationTypes = r.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }.sorted().map(\.code)
        exploitationLocation = (ExploitationLocation(rawValue: r.exploitationLocation) ?? .unknown).code
        countyLines = r.countyLines
        stage = r.stage
        dueOn = r.dueOn.map { Day(daysSinceEpoch: $0).iso }
        overdue = r.dueOn.map { $0 < today.daysSinceEpoch } ?? false
        reasonableGrounds = state.reasonableGrounds.map(DecisionDTO.init)
        conclusiveGrounds = state.conclusiveGrounds.map(DecisionDTO.init)
        supportPillars = SupportPillar.allCases.filter(state.supportPillars.contains).map(\.rawValue)
        erasedOn = r.erasedAt.map { CaseErasure.day(of: $0).iso }
        notifiedOn = state.notifiedOn?.iso
        adultSupportFrom = state.adultSupportFrom?.iso
    }
}

struct DecisionDTO: Content {
    var outcome: String
    var on: String
    /// `competent_authority`, or `local_panel` for a child's decision in a pilot borough.
    var madeBy: String
    init(_ decision: PathwayState.Decision) {
        outcome = decision.outcome.rawValue
        on = decision.on.iso
        madeBy = decision.maker.rawValue
    }
}

/// What a partner with a decision-status share receives.
struct DecisionStatusDTO: Content {
    var reference: String
    var stage: String
    var reasonableGrounds: DecisionDTO?
    var conclusiveGrounds: DecisionDTO?
    var sharedBy: String
    var sharedUntil: String
    var purpose: String
    /// What the share carries (`decision_status`).
    var scopes: [String] = [ShareScope.decisionStatus.rawValue]
}

struct TimelineEntryDTO: Content {
    var name: String
    var label: String
    var on: String
}

struct CaseDetailDTO: Content {
    var `case`: CaseDTO
    var timeline: [TimelineEntryDTO]
    var missingReferralDetails: [MissingDetailDTO]
    var previousCaseExists: Bool
    /// The parts of the case the caller may see (`ShareScope` codes): everything for the
    /// owner, what the share carries (with what it includes) for a partner.
    var scopes: [String] = []
    /// A partner's share with identity and contact: those referral answers by field (null
    /// when not recorded); absent otherwise. The owner reads them through the referral endpoints.
    var identityAndContact: [String: String?]?
    /// A partner's share with the story: those referral answers by field; absent otherwise.
    var story: [String: String?]?
}

/// The referral answers one scope shows a partner, by field, from the same list the page uses.
enum SharedReferralAnswers {
    static func answers(_ scope: ShareScope, of details: ReferralDetails, age: AgeGroup) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: scope.referralQuestions(about: age).map { ($0.field, $0.display(details, l: .englishGB)) })
    }
}

struct MissingDetailDTO: Content {
    var section: String
    var field: String
    var label: String
    init(_ m: MissingDetail) { section = m.section; field = m.field; label = m.label }
}

/// The referral in the digital NRM form's order, for copying into the form or another system.
struct ReferralExportDTO: Content {
    struct Section: Content {
        var section: String
        var answers: [Answer]
    }
    struct Answer: Content {
        var field: String
        var question: String
        var answer: String?
        /// For an answer from a coded list (nationality, languages), its code; `answer` is the name.
        var code: String?
    }
    var reference: String
    var complete: Bool
    var missing: [MissingDetailDTO]
    var sections: [Section]
    /// The original Duty to Notify's date when the referral began as one.
    var notifiedOn: String?

    static func make(_ record: CaseRecord, using caseCipher: FieldCipher, request: Request) async throws -> ReferralExportDTO {
        let service = CaseService(request: request)
        let details = try service.referral(of: record, using: caseCipher)
        let missing = try await service.missingDetails(of: record, using: caseCipher)
        let organisation = try await Organisation.find(record.$organisation.id, on: request.db)
        let fixed: [String: [Answer]] = [
            "Your report": [Answer(field: "organisation", question: "Organisation", answer: organisation?.name)],
            "Age": [Answer(field: "ageGroup", question: "Age group now", answer: record.age.code),
                    Answer(field: "ageGroupAtExploitation", question: "Age group when exploited",
                           answer: (AgeGroup(rawValue: record.ageGroupAtExploitation) ?? .unknown).code)],
            "Where": [Answer(field: "exploitationLocation", question: "Where exploited",
                             answer: (ExploitationLocation(rawValue: record.exploitationLocation) ?? .unknown).code)],
            "Types of exploitation": [Answer(field: "exploitationTypes", question: "Types of exploitation",
                                             answer: record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }.sorted()
                                                .map(\.code).joined(separator: ","))],
            "About the potential victim": [Answer(field: "gender", question: "Gender", answer: (Gender(rawValue: record.gender) ?? .unknown).code),
                                           Answer(field: "nationality", question: "Nationality",
                                                  answer: record.nationality.map { CodedList.nationalities.name(of: $0) }, code: record.nationality),
                                           Answer(field: "language", question: "Main language",
                                                  answer: record.language.map { CodedList.languages.name(of: $0) }, code: record.language)],
        ]
        let questions = ReferralQuestion.all.filter { $0.applies(to: record.age) }
        let sections = ReferralCompleteness.sections.compactMap { name -> Section? in
            let answers = (fixed[name] ?? []) + questions.filter { $0.section == name }.map {
                Answer(field: $0.field, question: $0.label, answer: $0.display(details, l: .englishGB), code: $0.code(details))
            }
            return answers.isEmpty ? nil : Section(section: name, answers: answers)
        }
        return ReferralExportDTO(reference: record.reference, complete: missing.isEmpty, missing: missing.map(MissingDetailDTO.init),
                                 sections: sections, notifiedOn: record.state.notifiedOn?.iso)
    }
}
