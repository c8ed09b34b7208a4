import Testing
@testable import LanternCore

@Suite struct PasswordAndTokenTests {
    @Test func passwordRules() {
        #expect(PasswordRules.problem(password: "short") == .tooShort)
        #expect(PasswordRules.problem(password: String(repeating: "x", count: 73)) == .tooLong)
        #expect(PasswordRules.problem(password: String(repeating: "é", count: 37)) == .tooLong)
        #expect(PasswordRules.problem(password: "Password1234") == .common)
        #expect(PasswordRules.problem(password: "river lantern mosaic", confirmation: "other") == .mismatch)
        #expect(PasswordRules.problem(password: "river lantern mosaic", confirmation: "river lantern mosaic") == nil)
        #expect(PasswordRules.problem(password: String(repeating: "z", count: 72)) == nil)
    }

    @Test func tokensAreLongUniqueAndStoredHashed() {
        let a = SecretToken.generate(prefix: "lt_"), b = SecretToken.generate(prefix: "lt_")
        #expect(a != b)
        #expect(a.hasPrefix("lt_") && a.count == 46)
        #expect(SecretToken.storedHash(of: a).count == 64)
        #expect(SecretToken.storedHash(of: a) != a)
    }

    @Test func recoveryCodesNormalise() {
        let codes = RecoveryCode.generate()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(RecoveryCode.normalised(" ABCDE-FGHJK ") == "abcdefghjk")
    }

    @Test func boroughCatalogueHasAllThirtyThree() throws {
        let catalogue = BoroughCatalogue.london
        #expect(catalogue.all.count == 33)
        #expect(catalogue.borough(code: "E09000001")?.name == "City of London")
        #expect(catalogue.borough(code: "E09000001")?.bcuCode == nil)
        #expect(Set(catalogue.all.map { "\($0.tileX),\($0.tileY)" }).count == 33)
    }

    @Test func boroughParserNamesTheBadLine() {
        #expect(throws: BoroughCatalogue.LoadError.self) { try BoroughCatalogue.parse("header\nE1,x") }
    }
}
