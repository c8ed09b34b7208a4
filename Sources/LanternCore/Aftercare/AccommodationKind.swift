import Foundation

/// Where a person stays during an accommodation episode. The raw values are stored in
/// `case_accommodation.kind` and read in SQL by the alert job: never rename one.
public enum AccommodationKind: String, Sendable, CaseIterable, Codable {
    case governmentSafeHouse = "government_safe_house"
    case outreachOwnAccommodation = "outreach_own_accommodation"
    case bedAndBreakfast = "bed_and_breakfast"
    case hostel
    case temporaryAccommodation = "temporary_accommodation"
    case asylumAccommodation = "asylum_accommodation"
    case refuge
    case supportedHousing = "supported_housing"
    case socialTenancy = "social_tenancy"
    case privateTenancy = "private_tenancy"
    case familyOrFriends = "family_or_friends"
    case roughSleeping = "rough_sleeping"
    case immigrationDetention = "immigration_detention"
    case hospital
    case custody
    case unknown

    /// Settled accommodation, as move-on counts it: a social or private tenancy.
    public var isSettled: Bool { self == .socialTenancy || self == .privateTenancy }

    public func label(_ l: Localiser) -> String {
        switch self {
        case .governmentSafeHouse: l("aftercare.accommodation.kind.government-safe-house")
        case .outreachOwnAccommodation: l("aftercare.accommodation.kind.outreach-own-accommodation")
        case .bedAndBreakfast: l("aftercare.accommodation.kind.bed-and-breakfast")
        case .hostel: l("aftercare.accommodation.kind.hostel")
        case .temporaryAccommodation: l("aftercare.accommodation.kind.temporary-accommodation")
        case .asylumAccommodation: l("aftercare.accommodation.kind.asylum-accommodation")
        case .refuge: l("aftercare.accommodation.kind.refuge")
        case .supportedHousing: l("aftercare.accommodation.kind.supported-housing")
        case .socialTenancy: l("aftercare.accommodation.kind.social-tenancy")
        case .privateTenancy: l("aftercare.accommodation.kind.private-tenancy")
        case .familyOrFriends: l("aftercare.accommodation.kind.family-or-friends")
        case .roughSleeping: l("aftercare.accommodation.kind.rough-sleeping")
        case .immigrationDetention: l("aftercare.accommodation.kind.immigration-detention")
        case .hospital: l("aftercare.accommodation.kind.hospital")
        case .custody: l("aftercare.accommodation.kind.custody")
        case .unknown: l("aftercare.accommodation.kind.unknown")
        }
    }
}

/// Why an accommodation episode ended (`case_accommodation.end_reason`): a code, never free
/// text, so nothing identifying sits unsealed; details go in the sealed note.
public enum AccommodationEndReason: String, Sendable, CaseIterable, Codable {
    case movedOn = "moved_on"
    case placementEnded = "placement_ended"
    case askedToLeave = "asked_to_leave"
    case leftWithoutNotice = "left_without_notice"
    case other

    public func label(_ l: Localiser) -> String {
        switch self {
        case .movedOn: l("aftercare.accommodation.end-reason.moved-on")
        case .placementEnded: l("aftercare.accommodation.end-reason.placement-ended")
        case .askedToLeave: l("aftercare.accommodation.end-reason.asked-to-leave")
        case .leftWithoutNotice: l("aftercare.accommodation.end-reason.left-without-notice")
        case .other: l("aftercare.accommodation.end-reason.other")
        }
    }
}
