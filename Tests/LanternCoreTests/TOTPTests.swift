import Foundation
import Testing
@testable import LanternCore

@Suite struct TOTPTests {
    // RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's length.
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    static let vectors: [(time: Double, sha1: String, sha256: String, sha512: String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ]

    @Test(arguments: vectors.indices)
    func rfc6238Vectors(index: Int) {
        let v = Self.vectors[index]
        let date = Date(timeIntervalSince1970: v.time)
        #expect(TOTP(secret: Self.sha1Seed, digits: 8, algorithm: .sha1).code(at: date) == v.sha1)
        #expect(TOTP(secret: Self.sha256Seed, digits: 8, algorithm: .sha256).code(at: date) == v.sha256)
        #expect(TOTP(secret: Self.sha512Seed, digits: 8, algorithm: .sha512).code(at: date) == v.sha512)
    }

    @Test func acceptsAdjacentStepsAndRefusesReuse() throws {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let code = totp.code(at: now)
        let step = try #require(totp.matchingStep(for: code, at: now, lastUsedStep: nil))
        #expect(totp.matchingStep(for: code, at: now, lastUsedStep: step) == nil)
        #expect(totp.matchingStep(for: totp.code(at: now - 30), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.matchingStep(for: totp.code(at: now - 90), at: now, lastUsedStep: nil) == nil)
    }

    @Test func rejectsMalformedCodes() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date()
        for bad in ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"] {
            #expect(totp.matchingStep(for: bad, at: now, lastUsedStep: nil) == nil)
        }
    }

    @Test func base32RoundTripsAndMatchesRFC4648() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("mzxw6ytboi======") == Array("foobar".utf8))
        #expect(Base32.decode("not base32!") == nil)
        let secret = TOTP.generateSecret()
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test func provisioningURINamesIssuerAndSecret() {
        let totp = TOTP(secret: Array("foobar".utf8))
        let uri = totp.provisioningURI(account: "a@b.org", issuer: "Lantern")
        #expect(uri.hasPrefix("otpauth://totp/Lantern:a%40b%2Eorg?secret=MZXW6YTBOI"))
    }
}
