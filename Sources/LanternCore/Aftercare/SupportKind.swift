import Foundation

/// Who supports the person during a support episode (`case_support.kind`, read in SQL by the
/// alert job: never rename one).
public enum SupportKind: String, Sendable, CaseIterable, Codable {
    case vccSafeHouse = "vcc_safe_house"
    case vccOutreach = "vcc_outreach"
    case councilAdultCareAssessment = "council_adult_care_assessment"
    case childrensServices = "childrens_services"
    case charity
    case legalAdvice = "legal_advice"
    case health

    public func label(_ l: Localiser) -> String {
        switch self {
        case .vccSafeHouse: l("aftercare.accommodation.support-kind.vcc-safe-house")
        case .vccOutreach: l("aftercare.accommodation.support-kind.vcc-outreach")
        case .councilAdultCareAssessment: l("aftercare.accommodation.support-kind.council-adult-care-assessment")
        case .childrensServices: l("aftercare.accommodation.support-kind.childrens-services")
        case .charity: l("aftercare.accommodation.support-kind.charity")
        case .legalAdvice: l("aftercare.accommodation.support-kind.legal-advice")
        case .health: l("aftercare.accommodation.support-kind.health")
        }
    }
}

/// Why a support episode ended (`case_support.end_reason`), a code like the accommodation's.
public enum SupportEndReason: String, Sendable, CaseIterable, Codable {
    case completed
    case endedByProvider = "ended_by_provider"
    case declined
    case movedAway = "moved_away"
    case other

    public func label(_ l: Localiser) -> String {
        switch self {
        case .completed: l("aftercare.accommodation.support-end.completed")
        case .endedByProvider: l("aftercare.accommodation.support-end.ended-by-provider")
        case .declined: l("aftercare.accommodation.support-end.declined")
        case .movedAway: l("aftercare.accommodation.support-end.moved-away")
        case .other: l("aftercare.accommodation.support-end.other")
        }
    }
}

/// How contact with the person was made (`case_contacts.method`). An attempt that did not
/// reach them is logged too, but is not contact: "no contact for N days" ignores it.
public enum ContactMethod: String, Sendable, CaseIterable, Codable {
    case inPerson = "in_person"
    case phone
    case video
    case message
    case attempted

    /// Whether the person was reached.
    public var isContact: Bool { self != .attempted }

    public func label(_ l: Localiser) -> String {
        switch self {
        case .inPerson: l("aftercare.accommodation.contact-method.in-person")
        case .phone: l("aftercare.accommodation.contact-method.phone")
        case .video: l("aftercare.accommodation.contact-method.video")
        case .message: l("aftercare.accommodation.contact-method.message")
        case .attempted: l("aftercare.accommodation.contact-method.attempted")
        }
    }
}
