/// The referral's questions as data, in the digital NRM form's order. The edit page, the
/// printable summary and the JSON export are all made from this one list.
public struct ReferralQuestion: Sendable {
    public enum Kind: Sendable {
        case text(WritableKeyPath<ReferralDetails, String?> & Sendable)
        case longText(WritableKeyPath<ReferralDetails, String?> & Sendable)
        case yesNo(WritableKeyPath<ReferralDetails, Bool?> & Sendable)
        case date(WritableKeyPath<ReferralDetails, String?> & Sendable)
        /// A code of the list, chosen from it; shown by its name.
        case coded(WritableKeyPath<ReferralDetails, String?> & Sendable, CodedList)
    }

    /// One of `ReferralCompleteness.sections`.
    public let section: String
    public let field: String
    public let label: String
    public let hint: String?
    public let kind: Kind
    /// Only asked about children (true), adults (false) or everyone (nil).
    public let forChildren: Bool?

    init(_ section: String, _ field: String, _ label: String, _ kind: Kind, hint: String? = nil, forChildren: Bool? = nil) {
        self.section = section
        self.field = field
        self.label = label
        self.kind = kind
        self.hint = hint
        self.forChildren = forChildren
    }

    public func applies(to age: AgeGroup) -> Bool { forChildren.map { $0 == age.treatedAsChild } ?? true }

    /// The questions asked about a person of this age group, in the form's order.
    public static func asked(about age: AgeGroup) -> [ReferralQuestion] { all.filter { $0.applies(to: age) } }

    public static let all: [ReferralQuestion] = [
        .init("Your report", "reportLocation", "Where are you making the report?", .text(\.reportLocation), hint: "England, Wales, Scotland or Northern Ireland"),
        .init("Age", "localAuthorityContactName", "Children's services contact: name", .text(\.localAuthorityContactName), forChildren: true),
        .init("Age", "localAuthorityContactPhone", "Children's services contact: phone", .text(\.localAuthorityContactPhone), forChildren: true),
        .init("Age", "localAuthorityContactEmail", "Children's services contact: email", .text(\.localAuthorityContactEmail), forChildren: true),
        .init("Age", "underAgeAtExploitation", "Were they under 18 at any time during the exploitation?", .yesNo(\.underAgeAtExploitation), forChildren: false),
        .init("What happened", "whatHappened", "What happened to them?", .longText(\.whatHappened), hint: "In their words where possible, including their background and any journey"),
        .init("What happened", "howItStarted", "How did the exploitation start?", .longText(\.howItStarted)),
        .init("What happened", "stillInSituation", "Are they still in the situation?", .yesNo(\.stillInSituation)),
        .init("What happened", "lastContactWithExploiters", "When were they last in contact with the exploiters?", .text(\.lastContactWithExploiters)),
        .init("Your assessment", "indicators", "Which modern slavery indicators did you see?", .longText(\.indicators)),
        .init("Your assessment", "interviewDetails", "Where and how did you speak to them?", .longText(\.interviewDetails)),
        .init("Your assessment", "professionalInsight", "Your professional insight", .longText(\.professionalInsight)),
        .init("Where", "ukPlaces", "UK towns or cities where it happened", .text(\.ukPlaces), hint: "Up to 10, separated by commas"),
        .init("Where", "overseasCountries", "Countries where it happened", .text(\.overseasCountries), hint: "Up to 10, separated by commas"),
        .init("Where", "currentLocation", "Where are they staying now?", .text(\.currentLocation), hint: "Town or city only"),
        .init("Exploiters", "exploiters", "Who exploited them?", .longText(\.exploiters)),
        .init("Risk", "futureExploitationRisk", "Are they at risk of further exploitation?", .yesNo(\.futureExploitationRisk)),
        .init("Risk", "otherPotentialVictims", "Are there other potential victims?", .yesNo(\.otherPotentialVictims)),
        .init("Risk", "policeForce", "Police force the crime was reported to", .text(\.policeForce)),
        .init("Risk", "crimeReference", "Crime reference number", .text(\.crimeReference)),
        .init("Consent and support", "wantsSupport", "Do they want support (safe house or outreach)?", .yesNo(\.wantsSupport), forChildren: false),
        .init("About the potential victim", "firstName", "First name", .text(\.firstName)),
        .init("About the potential victim", "lastName", "Last name", .text(\.lastName)),
        .init("About the potential victim", "nickname", "Name used during the exploitation", .text(\.nickname)),
        .init("About the potential victim", "dateOfBirth", "Date of birth", .date(\.dateOfBirth), hint: "For example 2008-03-27. Leave empty if not known"),
        .init("About the potential victim", "interpreterNeeded", "Do they need an interpreter?", .yesNo(\.interpreterNeeded)),
        .init("About the potential victim", "interpreterLanguage", "Interpreter's language", .coded(\.interpreterLanguage, .languages)),
        .init("About the potential victim", "communicationNeeds", "Other communication needs", .text(\.communicationNeeds)),
        .init("About the potential victim", "homeOfficeReference", "Home Office reference", .text(\.homeOfficeReference)),
        .init("Decision letters", "decisionLetterRecipient", "Who should receive decision letters?", .text(\.decisionLetterRecipient), hint: "The person, or someone acting for them with permission"),
        .init("Decision letters", "decisionLetterContact", "A safe email or postal address for the letters", .longText(\.decisionLetterContact)),
        .init("About you", "firstResponderName", "Your name", .text(\.firstResponderName)),
        .init("About you", "firstResponderRole", "Your role", .text(\.firstResponderRole)),
        .init("About you", "firstResponderPhone", "Your phone number", .text(\.firstResponderPhone)),
    ]

    /// The answer as the form sends it back: "yes" or "no", a code. Text stored before codes
    /// (a referral migration 012 could not open) is offered as the code it names.
    public func formValue(_ details: ReferralDetails) -> String? {
        switch kind {
        case .text(let path), .longText(let path), .date(let path): details[keyPath: path]
        case .yesNo(let path): details[keyPath: path].map { $0 ? "yes" : "no" }
        case .coded(let path, let list): details[keyPath: path].map { list.contains($0) ? $0 : list.code(matching: $0) }
        }
    }

    /// The code behind a coded answer (nil for other questions), for exports read by machines.
    public func code(_ details: ReferralDetails) -> String? {
        if case .coded(let path, _) = kind { details[keyPath: path] } else { nil }
    }
}

/// Reads the referral form (every field is a string from the page or JSON) into details.
public enum ReferralFormReader {
    /// The questions asked about `age` are read from `values` (a missing value clears the
    /// answer); the others keep what `details` holds. Either every answer passes or nothing
    /// changes and the problems say why.
    public static func read(_ values: [String: String], into details: ReferralDetails, age: AgeGroup,
                            today: Day) -> Result<ReferralDetails, ValidationProblems> {
        var details = details
        var errors = ValidationProblems()
        for question in ReferralQuestion.asked(about: age) {
            let raw = values[question.field]
            switch question.kind {
            case .text(let path):
                details[keyPath: path] = CaseValidation.text(raw, field: question.field, label: question.label.lowercased(), into: &errors)
            case .longText(let path):
                details[keyPath: path] = CaseValidation.text(raw, field: question.field, label: question.label.lowercased(),
                                                             limit: CaseValidation.longTextLimit, multiline: true, into: &errors)
            case .date(let path):
                details[keyPath: path] = CaseValidation.day(raw, field: question.field, label: question.label.lowercased(),
                                                            today: today, into: &errors)?.iso
            case .coded(let path, let list):
                details[keyPath: path] = CaseValidation.coded(raw, in: list, field: question.field,
                                                              message: "Select the \(question.label.lowercased()) from the list", into: &errors)
            case .yesNo(let path):
                let (answer, invalid) = CaseValidation.yesNo(raw)
                if invalid { errors.add(question.field, "Select yes or no") } else { details[keyPath: path] = answer }
            }
        }
        return errors.isEmpty ? .success(details) : .failure(errors)
    }
}
