/// What a person (page or API) sends to record a potential victim. Codes, not labels.
public struct NewCaseInput: Sendable, Codable, Equatable {
    public var identifiedOn: String?
    public var ageGroup: String?
    public var ageGroupAtExploitation: String?
    public var gender: String?
    public var nationality: String?
    public var language: String?
    public var interpreterNeeded: Bool?
    public var boroughIdentified: String?
    public var boroughExploited: String?
    public var exploitationTypes: [String]?
    public var exploitationLocation: String?
    public var countyLines: Bool?
    public var firstName: String?
    public var lastName: String?
    public var nickname: String?
    public var dateOfBirth: String?

    public init(identifiedOn: String? = nil, ageGroup: String? = nil, ageGroupAtExploitation: String? = nil, gender: String? = nil,
                nationality: String? = nil, language: String? = nil, interpreterNeeded: Bool? = nil, boroughIdentified: String? = nil,
                boroughExploited: String? = nil, exploitationTypes: [String]? = nil, exploitationLocation: String? = nil,
                countyLines: Bool? = nil, firstName: String? = nil, lastName: String? = nil, nickname: String? = nil,
                dateOfBirth: String? = nil) {
        self.identifiedOn = identifiedOn
        self.ageGroup = ageGroup
        self.ageGroupAtExploitation = ageGroupAtExploitation
        self.gender = gender
        self.nationality = nationality
        self.language = language
        self.interpreterNeeded = interpreterNeeded
        self.boroughIdentified = boroughIdentified
        self.boroughExploited = boroughExploited
        self.exploitationTypes = exploitationTypes
        self.exploitationLocation = exploitationLocation
        self.countyLines = countyLines
        self.firstName = firstName
        self.lastName = lastName
        self.nickname = nickname
        self.dateOfBirth = dateOfBirth
    }
}

/// Checked values for a new case: every field validated, nothing stored until all pass.
public struct ValidCaseInput: Sendable, Equatable {
    public var identifiedOn: Day
    public var ageGroup: AgeGroup
    public var ageGroupAtExploitation: AgeGroup
    public var gender: Gender
    /// A code of `CodedList.nationalities`.
    public var nationality: String?
    /// A code of `CodedList.languages`.
    public var language: String?
    public var interpreterNeeded: Bool
    public var boroughIdentified: String?
    public var boroughExploited: String?
    public var exploitationTypes: Set<ExploitationType>
    public var exploitationLocation: ExploitationLocation
    public var countyLines: Bool
    public var firstName: String?
    public var lastName: String?
    public var nickname: String?
    public var dateOfBirth: Day?
}

extension CaseValidation {
    /// The earliest day a person can have been identified on.
    public static let earliestIdentification = Day(daysSinceEpoch: 10_957) // 2000-01-01

    /// Checks every field of a new case; either all pass or the problems say what to fix.
    public static func validate(_ input: NewCaseInput, today: Day,
                                catalogue: BoroughCatalogue) -> Result<ValidCaseInput, ValidationProblems> {
        var errors = ValidationProblems()
        let identified = day(input.identifiedOn, field: "identifiedOn", label: "the date they were identified", today: today,
                             required: true, into: &errors)
        if let identified, identified < earliestIdentification {
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
            return .failure(errors)
        }
        return .success(ValidCaseInput(identifiedOn: identified, ageGroup: age, ageGroupAtExploitation: ageThen, gender: gender,
                                       nationality: nationality, language: language, interpreterNeeded: input.interpreterNeeded ?? false,
                                       boroughIdentified: boroughIdentified, boroughExploited: boroughExploited,
                                       exploitationTypes: types, exploitationLocation: location, countyLines: input.countyLines ?? false,
                                       firstName: first, lastName: last, nickname: nickname, dateOfBirth: dob))
    }
}
