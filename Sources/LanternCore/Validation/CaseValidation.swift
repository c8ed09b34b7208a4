import Foundation

/// Field rules shared by every case form and endpoint: text, dates, codes. Each reports the
/// first problem with a field into `problems` and answers the checked value (nil when empty
/// or refused).
public enum CaseValidation {
    public static let shortTextLimit = 100
    public static let longTextLimit = 10_000

    /// Trims, and checks length and characters. Returns nil for empty.
    public static func text(_ value: String?, field: String, label: String, limit: Int = shortTextLimit, multiline: Bool = false,
                            required: Bool = false, into errors: inout ValidationProblems) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { errors.add(field, "Enter \(label)") }
            return nil
        }
        if trimmed.count > limit { errors.add(field, "\(capitalised(label)) must be \(limit) characters or fewer") }
        let allowed: (Unicode.Scalar) -> Bool = { scalar in
            scalar.properties.generalCategory != .control || (multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
        if !trimmed.unicodeScalars.allSatisfy(allowed) {
            errors.add(field, "\(capitalised(label)) must not contain control characters")
        }
        return trimmed
    }

    /// A day in ISO form (2026-03-27), no later than `today`.
    public static func day(_ value: String?, field: String, label: String, today: Day, required: Bool = false,
                           into errors: inout ValidationProblems) -> Day? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            if required { errors.add(field, "Enter \(label)") }
            return nil
        }
        guard let day = Day(iso: value.trimmingCharacters(in: .whitespaces)) else {
            errors.add(field, "\(capitalised(label)) must be a real date, like 2026-03-27")
            return nil
        }
        if day > today { errors.add(field, "\(capitalised(label)) must be today or in the past") }
        return day
    }

    /// A day in ISO form with no upper bound (an end date).
    public static func anyDay(_ value: String?, field: String, label: String, required: Bool = false,
                              into errors: inout ValidationProblems) -> Day? {
        day(value, field: field, label: label, today: Day(daysSinceEpoch: Int.max / 2), required: required, into: &errors)
    }

    public static func code<T: CodedVocabulary>(_ value: String?, as type: T.Type, field: String, message: String,
                                                into errors: inout ValidationProblems) -> T? {
        guard let value, let parsed = T(code: value) else { errors.add(field, message); return nil }
        return parsed
    }

    /// A code of a coded list (nationality, language), or nil when nothing was chosen. Text
    /// that is not a code is refused, never stored: if it names an entry (an API client
    /// sending "British"), the message gives that entry's code.
    public static func coded(_ value: String?, in list: CodedList, field: String, message: String,
                             into errors: inout ValidationProblems) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        if list.contains(trimmed) { return trimmed }
        let suggestion = trimmed.count <= shortTextLimit ? list.entry(matching: trimmed) : nil
        errors.add(field, message + (suggestion.map { " (the code for \($0.name) is \($0.code))" } ?? ""))
        return nil
    }

    /// The ONS code of a London borough, or nil when none was chosen.
    public static func borough(_ value: String?, field: String, catalogue: BoroughCatalogue,
                               into errors: inout ValidationProblems) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard catalogue.borough(code: value) != nil else { errors.add(field, "Select a London borough from the list"); return nil }
        return value
    }

    /// "yes"/"true" or "no"/"false" (any case) from a page or JSON; nil when nothing was sent.
    /// `invalid` is true when something else was sent.
    public static func yesNo(_ value: String?) -> (answer: Bool?, invalid: Bool) {
        switch value?.lowercased() {
        case "yes", "true": (true, false)
        case "no", "false": (false, false)
        case nil, "": (nil, false)
        default: (nil, true)
        }
    }

    public static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
