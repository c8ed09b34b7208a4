import Testing
@testable import LanternCore

@Suite struct CaseValidationTests {
    static let today = Day(year: 2026, month: 11, day: 20)!
    static let valid = NewCaseInput(identifiedOn: "2026-11-01", ageGroup: "adult", gender: "female", nationality: "GBR",
                                    language: "eng", boroughIdentified: "E09000007", exploitationTypes: ["labour", "sexual"],
                                    exploitationLocation: "uk", firstName: "  Ana ", dateOfBirth: "1990-05-01")

    func validate(_ input: NewCaseInput) -> Result<ValidCaseInput, ValidationProblems> {
        CaseValidation.validate(input, today: Self.today, catalogue: .london)
    }

    func problems(_ input: NewCaseInput) -> ValidationProblems {
        if case .failure(let problems) = validate(input) { problems } else { ValidationProblems() }
    }

    @Test func aCompleteCaseIsAcceptedWithItsValuesChecked() throws {
        let valid = try validate(Self.valid).get()
        #expect(valid.identifiedOn == Day(iso: "2026-11-01"))
        #expect(valid.ageGroupAtExploitation == .adult, "the age then defaults to the age now")
        #expect(valid.exploitationTypes == [.labour, .sexual])
        #expect(valid.firstName == "Ana", "text is trimmed")
        #expect(valid.interpreterNeeded == false && valid.countyLines == false)
        #expect(valid.boroughExploited == nil)
    }

    @Test func anEmptySubmissionNamesEveryRequiredField() {
        let p = problems(NewCaseInput())
        #expect(p.problems.map(\.field) == ["identifiedOn", "ageGroup", "ageGroupAtExploitation", "gender", "exploitationTypes",
                                            "exploitationLocation"])
        #expect(p["identifiedOn"] == "Enter the date they were identified")
        #expect(p["exploitationTypes"] == "Select at least one type of exploitation, or ‘Not known’")
    }

    @Test func theDateIdentifiedIsBetween2000AndToday() {
        var input = Self.valid
        input.identifiedOn = "1999-12-31"
        #expect(problems(input)["identifiedOn"] == "The date they were identified must be in 2000 or later")
        input.identifiedOn = "2000-01-01"
        #expect((try? validate(input).get()) != nil)
        input.identifiedOn = Self.today.iso
        #expect((try? validate(input).get()) != nil)
        input.identifiedOn = Self.today.adding(days: 1).iso
        #expect(problems(input)["identifiedOn"] == "The date they were identified must be today or in the past")
        input.identifiedOn = "2026-02-30"
        #expect(problems(input)["identifiedOn"] == "The date they were identified must be a real date, like 2026-03-27")
        #expect(CaseValidation.earliestIdentification == Day(iso: "2000-01-01"))
    }

    @Test func theDateOfBirthComesBeforeIdentification() {
        var input = Self.valid
        input.dateOfBirth = "2026-11-01"
        #expect((try? validate(input).get()) != nil, "born on the day identified is allowed")
        input.dateOfBirth = "2026-11-02"
        #expect(problems(input)["dateOfBirth"] == "Their date of birth must be before the date they were identified")
    }

    @Test func codesAreRefusedWhenNotInTheirLists() {
        var input = Self.valid
        input.ageGroup = "Adult"
        input.gender = "f"
        input.exploitationTypes = ["labour", "slavery"]
        input.exploitationLocation = "abroad"
        input.boroughIdentified = "E09999999"
        input.nationality = "British"
        input.language = "Klingon"
        let p = problems(input)
        #expect(p["ageGroup"] == "Select their age group now")
        #expect(p["gender"] == "Select their gender")
        #expect(p["exploitationTypes"] == "Select types of exploitation from the list")
        #expect(p["exploitationLocation"] == "Select where the exploitation happened")
        #expect(p["boroughIdentified"] == "Select a London borough from the list")
        #expect(p["nationality"] == "Select their nationality from the list (the code for United Kingdom is GBR)")
        #expect(p["language"] == "Select their main language from the list")
    }

    @Test func textHasALengthLimitAndNoControlCharacters() {
        var p = ValidationProblems()
        let limit = CaseValidation.shortTextLimit
        #expect(CaseValidation.text(String(repeating: "a", count: limit), field: "f", label: "the name", into: &p) != nil)
        #expect(p.isEmpty)
        _ = CaseValidation.text(String(repeating: "a", count: limit + 1), field: "f", label: "the name", into: &p)
        #expect(p["f"] == "The name must be 100 characters or fewer")
        _ = CaseValidation.text("a\u{0}b", field: "g", label: "the name", into: &p)
        #expect(p["g"] == "The name must not contain control characters")
        _ = CaseValidation.text("line\nbreak", field: "h", label: "the name", into: &p)
        #expect(p["h"] != nil, "a one-line field refuses a line break")
        #expect(CaseValidation.text("line\nbreak\ttab", field: "i", label: "the text", multiline: true, into: &p) == "line\nbreak\ttab")
        #expect(p["i"] == nil)
        #expect(CaseValidation.text("   ", field: "j", label: "the name", into: &p) == nil)
        #expect(p["j"] == nil, "an optional field may be empty")
        _ = CaseValidation.text(" \n ", field: "k", label: "the name", required: true, into: &p)
        #expect(p["k"] == "Enter the name")
    }

    @Test func yesNoAcceptsPageAndJSONSpellingsOnly() {
        #expect(CaseValidation.yesNo("yes") == (true, false))
        #expect(CaseValidation.yesNo("TRUE") == (true, false))
        #expect(CaseValidation.yesNo("No") == (false, false))
        #expect(CaseValidation.yesNo(nil) == (nil, false))
        #expect(CaseValidation.yesNo("") == (nil, false))
        #expect(CaseValidation.yesNo("maybe") == (nil, true))
    }

    @Test func onlyTheFirstProblemWithAFieldIsKept() {
        var p = ValidationProblems()
        p.add("a", "first")
        p.add("b", "other")
        p.add("a", "second")
        #expect(p.items.map(\.message) == ["first", "other"])
        #expect(ValidationProblems([("x", "one"), ("x", "two")]) == ValidationProblems([("x", "one")]))
    }
}
