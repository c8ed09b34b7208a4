import Foundation
import Testing
@testable import LanternCore

/// The contacts directory's rules: staleness, personal addresses, checking an entry, what a
/// change changed, and CSV that a spreadsheet cannot run.
@Suite struct DirectoryRulesTests {
    @Test func anEntryIsStaleFromTheDayItsLastCheckIsStaleDaysOld() throws {
        let verified = try #require(Day(year: 2026, month: 1, day: 1))
        #expect(!DirectoryRules.isStale(verifiedOn: verified, today: verified, staleDays: 183))
        #expect(!DirectoryRules.isStale(verifiedOn: verified, today: verified.adding(days: 182), staleDays: 183))
        #expect(DirectoryRules.isStale(verifiedOn: verified, today: verified.adding(days: 183), staleDays: 183))
        #expect(DirectoryRules.isStale(verifiedOn: verified, today: verified.adding(days: 400), staleDays: 183))
        // The SQL cut-off agrees with the rule on every day around it.
        let today = try #require(Day(year: 2026, month: 11, day: 30))
        let freshFrom = DirectoryRules.freshFrom(today: today, staleDays: 183)
        for offset in -3...3 {
            let day = freshFrom.adding(days: offset)
            #expect(DirectoryRules.isStale(verifiedOn: day, today: today, staleDays: 183) == (day < freshFrom))
        }
        #expect(DirectoryRules.defaultStaleDays == 183)
    }

    @Test(arguments: ["jane.smith@example.org", "j.smith@example.org", "Mary-Jane.ONeil@council.example.org",
                      "jane_smith2@example.org", "sarah.o'brien@example.org", "ana.ionescu@nhs.example.org"])
    func onePersonsAddressIsFlagged(address: String) {
        #expect(DirectoryRules.isPersonalAddress(address))
    }

    @Test(arguments: ["adult.safeguarding@example.org", "mash@example.org", "modernslavery.team@example.org",
                      "housing.options@example.org", "jsmith@example.org", "info@example.org", "ne.mss@example.org",
                      "safeguarding.camden@nhs.example.org", "childrens-services@example.org", "not-an-address"])
    func aSharedMailboxIsNot(address: String) {
        #expect(!DirectoryRules.isPersonalAddress(address))
    }

    @Test func anEntryNeedsARoleAnOrganisationAndAWayToReachThem() throws {
        let l = Localiser.englishGB
        let (none, problems) = DirectoryRules.check(.init(borough: "E09999999", kind: "wizard", roleTitle: " "), boroughs: .london, l: l)
        #expect(none == nil)
        #expect(problems.problems.map(\.field) == ["borough", "kind", "roleTitle", "organisationName", "email"])
        #expect(problems["email"] == "Give at least one way to reach them: an email address, a phone number or a web form")

        let bad = DirectoryRules.check(.init(borough: "E09000007", kind: "nhs", roleTitle: "Lead", organisationName: "Trust",
                                             email: "two@@example.org", phone: "call me", webForm: "javascript:alert(1)"),
                                       boroughs: .london, l: l).problems
        #expect(bad.problems.map(\.field) == ["email", "phone", "webForm"])

        let good = try #require(DirectoryRules.check(.init(borough: "E09000007", kind: "council_housing_spoc", roleTitle: "  Housing SPOC ",
                                                           organisationName: "Camden Council", phone: "020 7946 0000", published: true),
                                                     boroughs: .london, l: l).draft)
        #expect(good.roleTitle == "Housing SPOC" && good.kind == .councilHousing && good.email == nil && good.isPublished)
    }

    @Test func aPersonalAddressStaysOffThePublicListUnlessItsOwnerAgreed() throws {
        func draft(_ email: String, agreed: Bool) throws -> DirectoryEntryDraft {
            try #require(DirectoryRules.check(.init(borough: "E09000001", kind: "other", roleTitle: "Lead", organisationName: "City",
                                                    email: email, published: true, personalEmailPublished: agreed),
                                              boroughs: .london, l: .englishGB).draft)
        }
        #expect(try draft("jane.smith@example.org", agreed: false).publicEmail == nil)
        #expect(try draft("jane.smith@example.org", agreed: true).publicEmail == "jane.smith@example.org")
        #expect(try draft("mash@example.org", agreed: false).publicEmail == "mash@example.org")
        // Agreeing means nothing for a shared mailbox: it is always public.
        #expect(try draft("mash@example.org", agreed: true).personalEmailPublished == false)
    }

    @Test func aChangeNamesTheFieldsItChanged() throws {
        let before = DirectoryEntryDraft(boroughCode: "E09000007", kind: .nhs, roleTitle: "Lead", organisationName: "Trust", team: nil,
                                         email: "a@example.org", phone: nil, webForm: nil, isPublished: true, personalEmailPublished: false)
        var after = before
        #expect(after.changedFields(from: before).isEmpty)
        after.phone = "020 7946 0001"
        after.isPublished = false
        #expect(after.changedFields(from: before) == [.phone, .published])
    }

    @Test func csvIsRFC4180AndNeverAFormula() {
        #expect(CSVText.field("plain") == "plain")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVText.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVText.field("+44 20 7946 0000") == "'+44 20 7946 0000")
        #expect(CSVText.field("-1") == "'-1")
        #expect(CSVText.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.field("\tx") == "'\tx")
        #expect(CSVText.document(header: ["a", "b"], rows: [["1", "x,y"]]) == "a,b\r\n1,\"x,y\"\r\n")
    }

    @Test func theTaskSaysWhichEntryAndEachVerificationHasItsOwnSource() {
        #expect(DirectoryRules.verificationTaskTitle(roleTitle: "Housing SPOC", boroughName: "Camden")
                == "Check the contacts directory entry \"Housing SPOC\" (Camden) is still correct")
        let a = DirectoryRules.verificationSourceKey(entryID: "E1", verifiedAt: Date(timeIntervalSince1970: 100))
        #expect(a == DirectoryRules.verificationSourceKey(entryID: "E1", verifiedAt: Date(timeIntervalSince1970: 100.4)))
        #expect(a != DirectoryRules.verificationSourceKey(entryID: "E1", verifiedAt: Date(timeIntervalSince1970: 200)))
    }
}
