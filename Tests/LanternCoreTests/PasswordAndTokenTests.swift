import Foundation
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

    @Test func theCommonPasswordListIsRealAndSearchedExactly() throws {
        // An independent reading of the bundled file: every line, in order.
        let url = try #require(CommonPasswordList.bundledURL)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count >= 100_000)
        let list = CommonPasswordList.bundled
        for index in stride(from: 0, to: lines.count, by: 997) + [lines.count - 1] {
            #expect(list.contains(lines[index]), "line \(index + 1) is not found")
        }
        for absent in ["river lantern mosaic", "correct lantern battery 1f2e", lines[0] + "\u{1}", ""] {
            #expect(!list.contains(absent), "\(absent) should not be on the list")
        }
        // Between two neighbours: never found.
        #expect(!list.contains(lines[500] + "\u{0}"))
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
