import Testing
@testable import LanternCore

/// An external person's details for a place, checked in plain Swift: the same rules for a
/// trainer's entry and a booking on the public site.
@Suite struct ExternalTraineeRulesTests {
    let boroughs: Set<String> = ["E09000022", "E09000007"]

    func check(name: String? = "Ada Okafor", organisation: String? = "Brixton Hill Surgery", borough: String? = "E09000022",
               agency: String? = "nhs", email: String? = "ada@surgery.example.org") -> Result<ExternalTraineeRules.Checked, ExternalTraineeRules.Problems> {
        ExternalTraineeRules.check(name: name, organisation: organisation, borough: borough, agency: agency, email: email, knownBoroughs: boroughs)
    }

    @Test func goodDetailsAreCleanedUpAndTheEmailComparedInLowerCase() throws {
        let checked = try check(name: "  Ada Okafor ", email: " ADA@Surgery.Example.org ").get()
        #expect(checked == .init(name: "Ada Okafor", organisation: "Brixton Hill Surgery", boroughCode: "E09000022", agency: .nhs,
                                 email: "ada@surgery.example.org"))
        // Names in any script, with the joiners some of them need.
        #expect((try? check(name: "محمد علي").get()) != nil)
        #expect((try? check(name: "क्‍ष Devi").get()) != nil)
    }

    @Test func everyProblemIsNamedInTheFormsOrder() {
        guard case .failure(let problems) = check(name: "", organisation: nil, borough: "E0900XXXX", agency: "army", email: "not-an-address")
        else { Issue.record("accepted"); return }
        #expect(problems.list == [.name, .organisation, .borough, .agency, .email])
    }

    @Test func textThatWouldRearrangeARegisterOrHideInAnEmailIsRefused() {
        for name in ["Ada\u{202E}evil", "Ada\u{2066}x", "Ada\u{2028}Okafor", "Ada\u{200F}", "Ada\u{0007}", String(repeating: "a", count: 121)] {
            guard case .failure(let problems) = check(name: name) else { Issue.record("accepted \(name.unicodeScalars.map(\.value))"); continue }
            #expect(problems.list == [.name])
        }
        guard case .failure(let problems) = check(organisation: "Surgery\u{202D}") else { Issue.record("accepted"); return }
        #expect(problems.list == [.organisation])
        for email in ["ct\u{01}rl@example.org", "de\u{7F}l@example.org", "a@b.org\nBcc: c@d.org", "ada@surgery", "Ada <ada@x.org>"] {
            guard case .failure(let problems) = check(email: email) else { Issue.record("accepted \(email)"); continue }
            #expect(problems.list == [.email])
        }
    }
}
