import Testing
@testable import LanternCore

/// The checks every form and command naming a person or an organisation shares.
@Suite struct AccountValidationTests {
    @Test func emailAddressesArePlainAndComplete() {
        for (email, message) in [("", "Enter an email address"),
                                 ("name", "Enter an email address in the correct format, like name@example.org"),
                                 ("name@example", "Enter an email address in the correct format, like name@example.org"),
                                 ("na me@example.org", "Enter an email address in the correct format, like name@example.org"),
                                 ("<x>@example.org", "Enter an email address in the correct format, like name@example.org"),
                                 (String(repeating: "a", count: 250) + "@x.org", "Email address must be 254 characters or fewer")] {
            var problems = ValidationProblems()
            AccountValidation.checkEmail(email, into: &problems)
            #expect(problems["email"] == message, "\(email)")
        }
        var fine = ValidationProblems()
        AccountValidation.checkEmail("case.worker@camden.gov.uk", into: &fine)
        #expect(fine.isEmpty)
    }

    @Test func namesAreNeededShortAndPrintable() {
        var problems = ValidationProblems()
        AccountValidation.checkName("", field: "name", label: "a name", into: &problems)
        AccountValidation.checkName(String(repeating: "x", count: 121), field: "long", label: "a name", into: &problems)
        AccountValidation.checkName("Ann\u{7}", field: "bell", label: "a name", into: &problems)
        #expect(problems["name"] == "Enter a name")
        #expect(problems["long"] == "A name must be 120 characters or fewer")
        #expect(problems["bell"] == "A name must not contain control characters")
    }

    @Test func passwordsFollowThePasswordRulesAndMatch() {
        var problems = ValidationProblems()
        AccountValidation.checkPassword("correct lantern battery staple", confirmation: "correct lantern battery stapler", into: &problems)
        #expect(problems["password-confirmation"] == PasswordRules.Problem.mismatch.description)
        var short = ValidationProblems()
        AccountValidation.checkPassword("short", confirmation: "short", into: &short)
        #expect(short["password"] == PasswordRules.Problem.tooShort.description)
    }

    @Test func rolesMustBeKnownAllowedAndPresent() {
        var problems = ValidationProblems()
        #expect(AccountValidation.roles(from: ["case_worker", "analyst"], allowed: Role.allCases, into: &problems) == [.caseWorker, .analyst])
        #expect(problems.isEmpty)
        for values in [[], ["wizard"], ["platform_admin"]] {
            var refused = ValidationProblems()
            _ = AccountValidation.roles(from: values, allowed: [.caseWorker, .analyst], into: &refused)
            #expect(refused["roles"] == "Select at least one role", "\(values)")
        }
    }
}
