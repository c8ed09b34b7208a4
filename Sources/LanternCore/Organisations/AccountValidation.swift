import Foundation

/// Checks shared by every form and command that names a person or an organisation: the
/// invitation and set-up forms, a person's own account, and `lantern user create`.
public enum AccountValidation {
    public static let maximumNameLength = 120
    public static let maximumEmailLength = 254

    public static func checkName(_ value: String, field: String, label: String, into errors: inout ValidationProblems) {
        if value.isEmpty { errors.add(field, "Enter \(label)") }
        else if value.count > maximumNameLength { errors.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) must be \(maximumNameLength) characters or fewer") }
        else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) must not contain control characters")
        }
    }

    /// A deliberately plain check: something@something.something, no spaces, sensible length.
    public static func checkEmail(_ value: String, field: String = "email", into errors: inout ValidationProblems) {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if value.isEmpty { errors.add(field, "Enter an email address") }
        else if value.count > maximumEmailLength { errors.add(field, "Email address must be \(maximumEmailLength) characters or fewer") }
        else if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".")
                    || parts[1].hasSuffix(".") || value.contains(where: { $0.isWhitespace || $0.isNewline })
                    || !value.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "<" && $0 != ">" })
                    || value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.add(field, "Enter an email address in the correct format, like name@example.org")
        }
    }

    public static func checkPassword(_ password: String, confirmation: String, into errors: inout ValidationProblems) {
        if password.isEmpty { errors.add("password", "Enter a password"); return }
        if let problem = PasswordRules.problem(password: password) { errors.add("password", problem.description); return }
        if password != confirmation { errors.add("password-confirmation", PasswordRules.Problem.mismatch.description) }
    }

    public static func roles(from values: [String]?, allowed: [Role], into errors: inout ValidationProblems) -> Set<Role> {
        let roles = Set((values ?? []).compactMap(Role.init(rawValue:)))
        if roles.isEmpty || (values ?? []).count != roles.count || !roles.isSubset(of: Set(allowed)) {
            errors.add("roles", "Select at least one role")
        }
        return roles
    }

    public static func boroughs(from values: [String]?, catalogue: BoroughCatalogue, into errors: inout ValidationProblems) -> [String] {
        let codes = Array(Set(values ?? []))
        if codes.contains(where: { catalogue.borough(code: $0) == nil }) {
            errors.add("boroughs", "Select boroughs from the list")
        }
        return codes.sorted()
    }

    public static func roleOptions(_ roles: [Role]) -> [(value: String, label: String)] {
        roles.map { ($0.rawValue, $0.label) }
    }
}
