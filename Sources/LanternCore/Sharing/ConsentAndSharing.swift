import Foundation

/// What may be shared. A consent lists which of these may go to the organisations it names,
/// and a share carries a set of them, within its consent:
/// - `decisionStatus`: the decision status only ("positive Conclusive Grounds on 3 March"),
///   which is what a housing team often needs to stop asking the story again;
/// - `caseWithoutIdentity`: the case record without name, date of birth, contact or story
///   (what a "full case" share showed before these four existed);
/// - `identityAndContact`: the name, date of birth and contact details recorded in the
///   referral, with the case record, so the recipient can identify and reach the person;
/// - `story`: the account of the exploitation from the referral, with the case record.
public enum ShareScope: String, Sendable, CaseIterable, Codable, Comparable {
    case decisionStatus = "decision_status"
    case caseWithoutIdentity = "case_without_identity"
    case identityAndContact = "identity_and_contact"
    case story

    public var label: String {
        switch self {
        case .decisionStatus: "Decision status only"
        case .caseWithoutIdentity: "The case without identity (no name, date of birth, contact or story)"
        case .identityAndContact: "Identity and contact (name, date of birth, where they stay, how to reach them)"
        case .story: "The story (their account of the exploitation)"
        }
    }

    /// A short name for lists and tables.
    public var shortLabel: String {
        switch self {
        case .decisionStatus: "Decision status"
        case .caseWithoutIdentity: "Case without identity"
        case .identityAndContact: "Identity and contact"
        case .story: "The story"
        }
    }

    /// A scope from its code; `full_case` (the one wider scope before these four) is read as
    /// the case without identity, which is exactly what it showed.
    public init?(code: String) {
        if code == "full_case" { self = .caseWithoutIdentity; return }
        self.init(rawValue: code)
    }

    public static func < (a: ShareScope, b: ShareScope) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// What a set of scopes lets the recipient see: each scope with what it includes. The
    /// identity and the story come with the case record; the case record shows the decision.
    public static func covered(by scopes: Set<ShareScope>) -> Set<ShareScope> {
        var parts = scopes
        if !parts.isDisjoint(with: [.identityAndContact, .story]) { parts.insert(.caseWithoutIdentity) }
        if !parts.isEmpty { parts.insert(.decisionStatus) }
        return parts
    }

    /// Scopes from a stored comma list (unknown codes are ignored).
    public static func parse(_ list: String) -> Set<ShareScope> {
        Set(list.split(separator: ",").compactMap { ShareScope(code: String($0).trimmingCharacters(in: .whitespaces)) })
    }

    /// The comma list stored for a set of scopes, in a stable order.
    public static func stored(_ scopes: Set<ShareScope>) -> String { scopes.sorted().map(\.rawValue).joined(separator: ",") }

    /// Everything: what the owning organisation sees.
    public static let everything = Set(allCases)
}

/// The lawful basis a share rests on.
public enum SharingBasis: String, Sendable, CaseIterable, Codable {
    /// The person's informed consent (adults; children able to consent).
    case consent
    /// Safeguarding a child: no consent needed, recorded as such.
    case childSafeguarding = "child_safeguarding"

    public var label: String {
        switch self {
        case .consent: "The person's informed consent"
        case .childSafeguarding: "Safeguarding a child"
        }
    }
}

/// A recorded consent (or safeguarding basis), as the rules see it.
public struct ConsentTerms: Sendable, Equatable {
    public var basis: SharingBasis
    public var organisationIDs: Set<String>
    public var scopes: Set<ShareScope>
    public var givenOn: Day
    public var validUntil: Day
    public var withdrawnOn: Day?

    public init(basis: SharingBasis, organisationIDs: Set<String>, scopes: Set<ShareScope>, givenOn: Day, validUntil: Day,
                withdrawnOn: Day? = nil) {
        self.basis = basis
        self.organisationIDs = organisationIDs
        self.scopes = scopes
        self.givenOn = givenOn
        self.validUntil = validUntil
        self.withdrawnOn = withdrawnOn
    }

    public func inForce(on day: Day) -> Bool { withdrawnOn == nil && givenOn <= day && day <= validUntil }
}

/// A request to share a case with another organisation.
public struct ShareRequest: Sendable, Equatable {
    public var organisationID: String
    public var scopes: Set<ShareScope>
    public var purpose: String
    public var until: Day

    public init(organisationID: String, scopes: Set<ShareScope>, purpose: String, until: Day) {
        self.organisationID = organisationID
        self.scopes = scopes
        self.purpose = purpose
        self.until = until
    }
}

public struct SharingRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public var description: String { reason }
}

/// Every share traces back to a consent record that covers it; withdrawing consent or
/// reaching the end date ends access at once.
public enum SharingRules {
    public static let maximumPurposeLength = 500

    public static func check(_ request: ShareRequest, under consent: ConsentTerms?, ownerOrganisationID: String,
                             ageGroup: AgeGroup, today: Day) throws(SharingRefusal) {
        let purpose = request.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        if request.organisationID == ownerOrganisationID {
            throw SharingRefusal(field: "organisation", reason: "Choose another organisation: your own already holds this case.")
        }
        if purpose.isEmpty { throw SharingRefusal(field: "purpose", reason: "Give the purpose of sharing.") }
        if purpose.count > maximumPurposeLength {
            throw SharingRefusal(field: "purpose", reason: "The purpose must be \(maximumPurposeLength) characters or fewer.")
        }
        if request.until < today { throw SharingRefusal(field: "until", reason: "The end date must be today or later.") }
        guard let consent else {
            throw SharingRefusal(field: "consent", reason: "Choose the consent record (or safeguarding basis) this share rests on.")
        }
        if consent.basis == .childSafeguarding && !ageGroup.treatedAsChild {
            throw SharingRefusal(field: "consent", reason: "The safeguarding basis is for children. An adult's case needs their consent.")
        }
        if consent.withdrawnOn != nil { throw SharingRefusal(field: "consent", reason: "That consent has been withdrawn.") }
        if !consent.inForce(on: today) { throw SharingRefusal(field: "consent", reason: "That consent is not in force today.") }
        if request.until > consent.validUntil {
            throw SharingRefusal(field: "until", reason: "The share cannot last beyond the consent (\(consent.validUntil.iso)).")
        }
        if !consent.organisationIDs.contains(request.organisationID) {
            throw SharingRefusal(field: "organisation", reason: "The consent does not cover sharing with that organisation.")
        }
        if request.scopes.isEmpty { throw SharingRefusal(field: "scopes", reason: "Select what to share.") }
        // Sharing less than the consent allows is always within it: consent to the identity
        // covers the case record it comes with, and any scope covers the decision status.
        let beyond = ShareScope.covered(by: request.scopes).subtracting(ShareScope.covered(by: consent.scopes))
        if !beyond.isEmpty {
            let names = beyond.sorted().map { $0.shortLabel.lowercased() }.joined(separator: ", ")
            throw SharingRefusal(field: "scopes", reason: "The consent does not cover sharing: \(names). Share only what the consent lists, or record a new consent.")
        }
    }

    /// The same check, answering with the refusal instead of throwing it.
    public static func refusal(for request: ShareRequest, under consent: ConsentTerms?, ownerOrganisationID: String,
                               ageGroup: AgeGroup, today: Day) -> SharingRefusal? {
        do {
            try check(request, under: consent, ownerOrganisationID: ownerOrganisationID, ageGroup: ageGroup, today: today)
            return nil
        } catch {
            return error
        }
    }

}
