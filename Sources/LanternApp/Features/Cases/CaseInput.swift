import Foundation
import LanternCore
import Vapor

/// What a person (page or API) sends to record a potential victim. Codes, not labels.
struct NewCaseInput: Content {
    var identifiedOn: String?
    var ageGroup: String?
    var ageGroupAtExploitation: String?
    var gender: String?
    var nationality: String?
    var language: String?
    var interpreterNeeded: Bool?
    var boroughIdentified: String?
    var boroughExploited: String?
    var exploitationTypes: [String]?
    var exploitationLocation: String?
    var countyLines: Bool?
    var firstName: String?
    var lastName: String?
    var nickname: String?
    var dateOfBirth: String?
}

/// Checked values for a new case: every field validated, nothing stored until all pass.
struct ValidCaseInput {
    var identifiedOn: Day
    var ageGroup: AgeGroup
    var ageGroupAtExploitation: AgeGroup
    var gender: Gender
    /// A code of `CodedList.nationalities`.
    var nationality: String?
    /// A code of `CodedList.languages`.
    var language: String?
    var interpreterNeeded: Bool
    var boroughIdentified: String?
    var boroughExploited: String?
    var exploitationTypes: Set<ExploitationType>
    var exploitationLocation: ExploitationLocation
    var countyLines: Bool
    var firstName: String?
    var lastName: String?
    var nickname: String?
    var dateOfBirth: Day?
}

/// Field rules shared by every case form and endpoint.
enum CaseValidation {
    static let shortTextLimit = 100
    static let longTextLimit = 10_000

    /// Trims, and checks length and characters. Returns nil for empty.
    static func text(_ value: String?, field: String, label: String, limit: Int = shortTextLimit, multiline: Bool = false,
                     required: Bool = false, into errors: inout FormErrors) -> String? {
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

    static func day(_ value: String?, field: String, label: String, today: Day, required: Bool = false,
                    into errors: inout FormErrors) -> Day? {
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

    static func code<T: CodedVocabulary>(_ value: String?, as type: T.Type, field: String, message: String,
                                         into errors: inout FormErrors) -> T? {
        guard let value, let parsed = T(code: value) else { errors.add(field, message); return nil }
        return parsed
    }

    /// A code of a coded list (nationality, language), or nil when nothing was chosen. Text
    /// that is not a code is refused, never stored: if it names an entry (an API client
    /// sending "British"), the message gives that entry's code.
    static func coded(_ value: String?, in list: CodedList, field: String, message: String, into errors: inout FormErrors) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        if list.contains(trimmed) { return trimmed }
        let suggestion = trimmed.count <= shortTextLimit ? list.entry(matching: trimmed) : nil
        errors.add(field, message + (suggestion.map { " (the code for \($0.name) is \($0.code))" } ?? ""))
        return nil
    }

    static func borough(_ value: String?, field: String, catalogue: BoroughCatalogue, into errors: inout FormErrors) -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard catalogue.borough(code: value) != nil else { errors.add(field, "Select a London borough from the list"); return nil }
        return value
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func validate(_ input: NewCaseInput, today: Day, catalogue: BoroughCatalogue) -> Result<ValidCaseInput, LanternError> {
        var errors = FormErrors()
        let identified = day(input.identifiedOn, field: "identifiedOn", label: "the date they were identified", today: today,
                             required: true, into: &errors)
        if let identified, identified < Day(year: 2000, month: 1, day: 1)! {
            errors.add("identifiedOn", "The date they were identified must be in 2000 or later")
        }
        let age = code(input.ageGroup, as: AgeGroup.self, field: "ageGroup", message: "Select their age group now", into: &errors)
        let ageThen = code(input.ageGroupAtExploitation ?? input.ageGroup, as: AgeGroup.self, field: "ageGroupAtExploitation",
                           message: "Select their age group when they were exploited", into: &errors)
        let gender = code(input.gender, as: Gender.self, field: "gender", message: "Select their gender", into: &errors)
        let nationality = coded(input.nationality, in: .nationalities, field: "nationality",
                                message: "Select their nationality from the list", into: &errors)
        let language = coded(input.language, in: .languages, field: "language", message: "Select their main language from the list",
                             into: &errors)
        let boroughIdentified = borough(input.boroughIdentified, field: "boroughIdentified", catalogue: catalogue, into: &errors)
        let boroughExploited = borough(input.boroughExploited, field: "boroughExploited", catalogue: catalogue, into: &errors)
        var types = Set<ExploitationType>()
        for value in input.exploitationTypes ?? [] {
            guard let type = ExploitationType(code: value) else { errors.add("exploitationTypes", "Select types of exploitation from the list"); break }
            types.insert(type)
        }
        if types.isEmpty { errors.add("exploitationTypes", "Select at least one type of exploitation, or ‘Not known’") }
        let location = code(input.exploitationLocation, as: ExploitationLocation.self, field: "exploitationLocation",
                            message: "Select where the exploitation happened", into: &errors)
        let first = text(input.firstName, field: "firstName", label: "their first name", into: &errors)
        let last = text(input.lastName, field: "lastName", label: "their last name", into: &errors)
        let nickname = text(input.nickname, field: "nickname", label: "the name used during exploitation", into: &errors)
        let dob = day(input.dateOfBirth, field: "dateOfBirth", label: "their date of birth", today: today, into: &errors)
        if let dob, let identified, dob > identified {
            errors.add("dateOfBirth", "Their date of birth must be before the date they were identified")
        }
        guard errors.isEmpty, let identified, let age, let ageThen, let gender, let location else {
            return .failure(.invalid(errors.items))
        }
        return .success(ValidCaseInput(identifiedOn: identified, ageGroup: age, ageGroupAtExploitation: ageThen, gender: gender,
                                       nationality: nationality, language: language, interpreterNeeded: input.interpreterNeeded ?? false,
                                       boroughIdentified: boroughIdentified, boroughExploited: boroughExploited,
                                       exploitationTypes: types, exploitationLocation: location, countyLines: input.countyLines ?? false,
                                       firstName: first, lastName: last, nickname: nickname, dateOfBirth: dob))
    }
}
