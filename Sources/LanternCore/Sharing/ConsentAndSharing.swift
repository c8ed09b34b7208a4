import Foundation

/// What may be shared: the whole case, or only its decision status ("positive Conclusive
/// Grounds on 3 March"), which is what a housing team needs to stop asking the story again.
public enum ShareScope: String, Sendable, CaseIterable, Codable {
    case fullCase = "full_case"
    case decisionStatus = "decision_status"

    public var label: String {
        switch self {
        case .fullCase: "The case record (read only)"
        case .decisionStatus: "Decision status only"
        }
    }
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
    public var scope: ShareScope
    public var purpose: String
    public var until: Day

    public init(organisationID: String, scope: ShareScope, purpose: String, until: Day) {
        self.organisationID = organisationID
        self.scope = scope
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
        if !consent.scopes.contains(request.scope) {
            throw SharingRefusal(field: "scope", reason: "The consent does not cover sharing \(request.scope == .fullCase ? "the case record" : "the decision status").")
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
