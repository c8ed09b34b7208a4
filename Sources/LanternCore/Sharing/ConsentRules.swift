import Foundation

/// A consent record as the page or the API sends it: every value as text, codes not labels.
public struct ConsentInput: Sendable, Codable, Equatable {
    public var basis: String?
    /// "yes" / "no" (pages) or "true" / "false" (API): consent to an NRM referral.
    public var referToNRM: String?
    public var organisationIDs: [String]?
    public var scopes: [String]?
    public var purpose: String?
    public var obtainedHow: String?
    public var interpreterLanguage: String?
    public var givenOn: String?
    public var validUntil: String?

    public init(basis: String? = nil, referToNRM: String? = nil, organisationIDs: [String]? = nil, scopes: [String]? = nil,
                purpose: String? = nil, obtainedHow: String? = nil, interpreterLanguage: String? = nil, givenOn: String? = nil,
                validUntil: String? = nil) {
        self.basis = basis
        self.referToNRM = referToNRM
        self.organisationIDs = organisationIDs
        self.scopes = scopes
        self.purpose = purpose
        self.obtainedHow = obtainedHow
        self.interpreterLanguage = interpreterLanguage
        self.givenOn = givenOn
        self.validUntil = validUntil
    }
}

/// How consent was obtained.
public enum ConsentMethod: String, Sendable, CaseIterable, Codable {
    case inPersonVerbal = "in_person_verbal"
    case inPersonWritten = "in_person_written"
    case throughInterpreter = "through_interpreter"
    case phone

    public var label: String {
        switch self {
        case .inPersonVerbal: "In person, spoken"
        case .inPersonWritten: "In person, signed"
        case .throughInterpreter: "Through an interpreter"
        case .phone: "By phone"
        }
    }
}

/// A consent record that passed every rule, ready to store.
public struct ValidConsent: Sendable, Equatable {
    public var basis: SharingBasis
    /// nil: not asked (a child, who is always referred).
    public var referToNRM: Bool?
    public var organisationIDs: Set<UUID>
    public var scopes: Set<ShareScope>
    public var purpose: String
    /// nil for the child safeguarding basis, which is not consent and does not ask how it was obtained.
    public var method: ConsentMethod?
    public var interpreterLanguage: String?
    public var givenOn: Day
    public var validUntil: Day
}

/// The case a consent is recorded on, as the consent rules see it.
public struct ConsentCase: Sendable, Equatable {
    public var ageGroup: AgeGroup
    public var identifiedOn: Day
    public var ownerOrganisationID: UUID

    public init(ageGroup: AgeGroup, identifiedOn: Day, ownerOrganisationID: UUID) {
        self.ageGroup = ageGroup
        self.identifiedOn = identifiedOn
        self.ownerOrganisationID = ownerOrganisationID
    }
}

/// What makes a consent record acceptable: a basis that fits the person (safeguarding only
/// for children), an answer on NRM referral from an adult, organisations that exist and are
/// not the owner, what may be shared with them, how consent was obtained (not asked under
/// the child safeguarding basis), and dates that
/// make sense (given on or after identification and not in the future, ending today or later
/// and not before it was given).
public enum ConsentRules {
    public static let maximumPurposeLength = 500

    /// The organisations the input names, when every one is an id: the ones the caller must
    /// look up to tell `validate` which exist. Empty when any is not an id (already refused).
    public static func organisationsToLookUp(_ input: ConsentInput) -> [UUID] {
        let values = input.organisationIDs ?? []
        let ids = values.compactMap(UUID.init(uuidString:))
        return ids.count == values.count ? ids : []
    }

    /// `existingOrganisationIDs`: which of `organisationsToLookUp(input)` exist.
    public static func validate(_ input: ConsentInput, on subject: ConsentCase, existingOrganisationIDs: Set<UUID>,
                                today: Day) -> Result<ValidConsent, ValidationProblems> {
        var errors = ValidationProblems()
        let child = subject.ageGroup.treatedAsChild
        let basis = SharingBasis(rawValue: input.basis ?? "")
        if basis == nil { errors.add("basis", "Select the basis: the person's consent, or safeguarding a child") }
        if basis == .childSafeguarding && !child {
            errors.add("basis", "The safeguarding basis is for children. Record an adult's own consent.")
        }
        let (referToNRM, referInvalid) = CaseValidation.yesNo(input.referToNRM)
        if referInvalid || (referToNRM == nil && !child) {
            errors.add("referToNRM", "Select whether they consent to an NRM referral")
        }
        let organisationIDs = organisations(input.organisationIDs ?? [], owner: subject.ownerOrganisationID,
                                            existing: existingOrganisationIDs, into: &errors)
        let named = (input.scopes ?? []).compactMap(ShareScope.init(code:))
        let scopes = Set(named)
        if named.count != (input.scopes ?? []).count { errors.add("scopes", "Select what may be shared from the list") }
        if !organisationIDs.isEmpty && scopes.isEmpty { errors.add("scopes", "Select what may be shared with those organisations") }
        let purpose = CaseValidation.text(input.purpose, field: "purpose", label: "what the information will be used for",
                                          limit: maximumPurposeLength, required: true, into: &errors) ?? ""
        // Safeguarding a child is not consent: how it was obtained (and through which
        // interpreter) is neither asked nor kept, whatever the form sent.
        let asksHow = basis != .childSafeguarding
        let method = asksHow ? ConsentMethod(rawValue: input.obtainedHow ?? "") : nil
        if asksHow && method == nil { errors.add("obtainedHow", "Select how consent was obtained") }
        let interpreter = asksHow ? CaseValidation.text(input.interpreterLanguage, field: "interpreterLanguage",
                                                        label: "the interpreter's language", into: &errors) : nil
        if method == .throughInterpreter && interpreter == nil { errors.add("interpreterLanguage", "Enter the interpreter's language") }
        let given = CaseValidation.day(input.givenOn, field: "givenOn", label: "the date consent was given", today: today,
                                       required: true, into: &errors)
        let until = CaseValidation.anyDay(input.validUntil, field: "validUntil", label: "the date consent ends", required: true,
                                          into: &errors)
        if let given, let until, until < given { errors.add("validUntil", "The end date must be after the date consent was given") }
        if let until, until < today { errors.add("validUntil", "The end date must be today or later") }
        if let given, given < subject.identifiedOn {
            errors.add("givenOn", "Consent cannot be dated before the person was identified")
        }
        guard errors.isEmpty, let basis, let given, let until else { return .failure(errors) }
        return .success(ValidConsent(basis: basis, referToNRM: referToNRM, organisationIDs: organisationIDs, scopes: scopes,
                                     purpose: purpose, method: method, interpreterLanguage: interpreter, givenOn: given,
                                     validUntil: until))
    }

    /// Organisations chosen from the list: ids of organisations that exist, never the owner's.
    static func organisations(_ values: [String], owner: UUID, existing: Set<UUID>,
                              into errors: inout ValidationProblems) -> Set<UUID> {
        let ids = values.compactMap(UUID.init(uuidString:))
        guard ids.count == values.count else { errors.add("organisationIDs", "Select organisations from the list"); return [] }
        if !Set(ids).isSubset(of: existing) || ids.contains(owner) { errors.add("organisationIDs", "Select organisations from the list") }
        return Set(ids)
    }
}
