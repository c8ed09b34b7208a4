import Testing
@testable import LanternCore

@Suite struct FieldCipherTests {
    let cipher = try! FieldCipher(keyBytes: FieldCipher.generateKeyBytes())

    @Test func roundTripsAndNeverRepeatsCiphertext() throws {
        let a = try cipher.seal("Amina Example", context: "case.name:1")
        let b = try cipher.seal("Amina Example", context: "case.name:1")
        #expect(a != b)
        #expect(!a.contains("Amina"))
        #expect(try cipher.open(a, context: "case.name:1") == "Amina Example")
    }

    @Test func aCiphertextMovedToAnotherFieldDoesNotOpen() throws {
        let sealed = try cipher.seal("secret", context: "case.name:1")
        #expect(throws: FieldCipher.Failure.cannotOpen) { try cipher.open(sealed, context: "case.name:2") }
    }

    @Test func theWrongKeyIsRefusedNotGarbled() throws {
        let sealed = try cipher.seal("secret", context: "c")
        let other = try FieldCipher(keyBytes: FieldCipher.generateKeyBytes())
        #expect(throws: FieldCipher.Failure.cannotOpen) { try other.open(sealed, context: "c") }
    }

    @Test func keysMustBe256Bits() {
        #expect(throws: FieldCipher.Failure.wrongKeyLength(16)) { try FieldCipher(keyBytes: Array(repeating: 1, count: 16)) }
    }

    @Test func blindIndexesAreStableAndKeyed() throws {
        let other = try FieldCipher(keyBytes: FieldCipher.generateKeyBytes())
        #expect(cipher.blindIndex("x", purpose: "p") == cipher.blindIndex("x", purpose: "p"))
        #expect(cipher.blindIndex("x", purpose: "p") != other.blindIndex("x", purpose: "p"))
        #expect(cipher.blindIndex("x", purpose: "p") != cipher.blindIndex("x", purpose: "q"))
    }
}
