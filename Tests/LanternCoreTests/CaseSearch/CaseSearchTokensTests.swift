import Foundation
import Testing
@testable import LanternCore

@Suite struct CaseSearchTokensTests {
    func indexed(_ first: String?, _ last: String?, nickname: String? = nil, dob: String? = nil) -> Set<String> {
        CaseSearchTokens.indexTokens(firstName: first, lastName: last, nickname: nickname, dateOfBirth: dob.flatMap(Day.init(iso:)))
    }

    func finds(_ name: String?, dob: String? = nil, in tokens: Set<String>) -> Bool {
        guard case .tokens(let wanted) = CaseSearchTokens.query(name: name, dateOfBirth: dob) else { return false }
        return wanted.isSubset(of: tokens)
    }

    @Test func diacriticsAreRemoved() {
        let case1 = indexed("José", "Müller")
        #expect(finds("jose muller", in: case1))
        #expect(finds("JOSE MULLER", in: case1))
        #expect(finds("Jösé", in: case1))
        #expect(finds("Odegard", in: indexed("Ødegård", nil)))
        #expect(finds("strasse", in: indexed(nil, "Straße")))
        #expect(finds("lukasz", in: indexed("Łukasz", nil)))
        #expect(finds("Çelik Şahin", in: indexed("celik", "sahin")))
    }

    @Test func caseAndWidthAreFolded() {
        #expect(CaseSearchTokens.words("AMINA") == ["amina"])
        #expect(CaseSearchTokens.words("ＡＭＩＮＡ") == ["amina"])
        #expect(finds("aMiNa", in: indexed("Amina", "Example")))
    }

    @Test func punctuationIsRemovedOrSeparates() {
        #expect(CaseSearchTokens.words("O'Neil") == ["oneil"])
        #expect(CaseSearchTokens.words("O’Neil") == ["oneil"])
        #expect(CaseSearchTokens.words("Anna-Maria  St. John, jr") == ["anna", "maria", "st", "john", "jr"])
        let hyphenated = indexed("Anna-Maria", "O'Neil")
        #expect(finds("anna", in: hyphenated))
        #expect(finds("maria oneil", in: hyphenated))
        #expect(finds("Annamaria", in: hyphenated))
        #expect(finds("o neil", in: hyphenated) == false)  // "o" and "neil" are not words of hers
        #expect(finds("vanderberg", in: indexed("Pieter", "van der Berg")))
    }

    @Test func theOrderOfNamesDoesNotMatter() {
        let john = indexed("John", "Smith")
        #expect(finds("Smith John", in: john))
        #expect(finds("john smith", in: john))
        #expect(finds("Smith", in: john))
        #expect(!finds("John Smyth", in: john))
        #expect(finds("Johnny Smith", in: indexed("John", "Smith", nickname: "Johnny")))
    }

    @Test func datesOfBirthAreFullDatesOrYears() {
        let amina = indexed("Amina", "Example", dob: "1990-04-27")
        #expect(amina.contains("dob:1990-04-27") && amina.contains("dobyear:1990"))
        #expect(finds("amina", dob: "1990-04-27", in: amina))
        #expect(finds(nil, dob: "1990", in: amina))
        #expect(!finds("amina", dob: "1991", in: amina))
        #expect(!finds("amina", dob: "1990-04-28", in: amina))
        #expect(CaseSearchTokens.query(name: "amina", dateOfBirth: "27/04/1990") == .invalid(field: "dob", problem: .dateOfBirthUnreadable))
        #expect(CaseSearchTokens.query(name: "amina", dateOfBirth: "90") == .invalid(field: "dob", problem: .dateOfBirthUnreadable))
    }

    @Test func emptyAndUnusableSearches() {
        #expect(CaseSearchTokens.query(name: "  ", dateOfBirth: "") == .empty)
        #expect(CaseSearchTokens.query(name: nil, dateOfBirth: nil) == .empty)
        #expect(CaseSearchTokens.query(name: "--- '' ...", dateOfBirth: nil) == .invalid(field: "name", problem: .nameHasNoLetters))
        #expect(CaseSearchTokens.query(name: "a b c d e f g h i", dateOfBirth: nil) == .invalid(field: "name", problem: .tooManyWords))
        for hostile in ["nul\u{0}byte", "esc\u{1B}[31m bell\u{7}", "del\u{7F} c1\u{85}", "two\nlines"] {
            #expect(CaseSearchTokens.query(name: hostile, dateOfBirth: nil) == .invalid(field: "name", problem: .nameHasControlCharacters))
        }
        #expect(indexed(nil, nil).isEmpty)
    }

    @Test func otherScriptsKeepTheirLetters() {
        #expect(CaseSearchTokens.words("محمد علي") == ["محمد", "علي"])
        #expect(finds("Нгуен", in: indexed("нгуен", nil)))
    }

    @Test func storedValuesAreKeyedAndPerOrganisation() throws {
        let cipher = try FieldCipher(keyBytes: FieldCipher.generateKeyBytes())
        let key = CaseSearchKey(fieldCipher: cipher)
        let a = UUID(), b = UUID()
        let hash = key.hash("name:amina", organisationID: a)
        #expect(hash == key.hash("name:amina", organisationID: a))
        #expect(hash != key.hash("name:amina", organisationID: b))
        #expect(hash.count == 32 && !hash.contains("amina"))
        let other = CaseSearchKey(fieldCipher: try FieldCipher(keyBytes: FieldCipher.generateKeyBytes()))
        #expect(other.hash("name:amina", organisationID: a) != hash)
    }
}
