import Foundation

/// What an external person gives for a place on a session — their name, organisation, the
/// borough they work in, the kind of agency and their email — checked the same way whether a
/// trainer enters them or the person books on the public site. The email is what keeps one
/// place per person on a session, so it is compared trimmed and in lower case.
public enum ExternalTraineeRules {
    public enum Problem: String, CaseIterable, Sendable {
        case name, organisation, borough, agency, email
    }

    public struct Checked: Sendable, Equatable {
        public var name: String
        public var organisation: String
        public var boroughCode: String
        public var agency: AgencyKind
        public var email: String
    }

    public static let nameLimit = 120
    public static let organisationLimit = 160

    public static func normalisedEmail(_ email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The details cleaned up, or every problem in them (in the form's order).
    public static func check(name: String?, organisation: String?, borough: String?, agency: String?, email: String?,
                             knownBoroughs: Set<String>) -> Result<Checked, Problems> {
        var problems: [Problem] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let organisation = (organisation ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = normalisedEmail(email ?? "")
        if !TrainingCourseRules.isPlainText(name, limit: nameLimit) || hasLayoutControls(name) { problems.append(.name) }
        if !TrainingCourseRules.isPlainText(organisation, limit: organisationLimit) || hasLayoutControls(organisation) {
            problems.append(.organisation)
        }
        let borough = borough ?? ""
        if !knownBoroughs.contains(borough) { problems.append(.borough) }
        let kind = agency.flatMap(AgencyKind.init(rawValue:))
        if kind == nil { problems.append(.agency) }
        var emailProblems = ValidationProblems()
        AccountValidation.checkEmail(email, into: &emailProblems)
        if !emailProblems.isEmpty { problems.append(.email) }
        guard problems.isEmpty, let kind else { return .failure(Problems(list: problems)) }
        return .success(Checked(name: name, organisation: organisation, boroughCode: borough, agency: kind, email: email))
    }

    /// Characters that change how the text around them is laid out rather than adding to it:
    /// bidirectional embeddings, overrides and isolates (an unclosed override in a name would
    /// turn round the words after it on a trainer's register), and line and paragraph
    /// separators. Joiners stay allowed: some scripts and names need them.
    public static func hasLayoutControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
            || $0.value == 0x2028 || $0.value == 0x2029 || $0.value == 0x200E || $0.value == 0x200F || $0.value == 0x061C }
    }

    public struct Problems: Error, Sendable, Equatable {
        public var list: [Problem]
    }
}
