import Foundation
import Testing
@testable import LanternCore

/// The nationality and language lists: what they hold, and how free text maps onto them.
@Suite struct CodedListTests {
    let nationalities = CodedList.nationalities
    let languages = CodedList.languages

    @Test func theNationalityListIsISO3166Alpha3WithStatelessOtherAndNotKnown() {
        // ISO 3166-1's 249 entries, Kosovo, Stateless, Other and Not known.
        #expect(nationalities.entries.count == 253)
        for entry in nationalities.entries {
            #expect(entry.code.wholeMatch(of: /[A-Z]{3}|OTHER|UNKNOWN/) != nil, "\(entry.code)")
        }
        for (code, name) in [("GBR", "United Kingdom"), ("ALB", "Albania"), ("VNM", "Vietnam"), ("ERI", "Eritrea"),
                             ("COD", "Congo (Democratic Republic)"), ("CIV", "Côte d'Ivoire"), ("XKX", "Kosovo"),
                             ("XXA", "Stateless"), ("OTHER", "Other"), ("UNKNOWN", "Not known")] {
            #expect(nationalities.label(for: code) == name)
        }
        #expect(nationalities.entry(for: "ALB")?.demonym == "Albanian")
        #expect((nationalities.otherCode, nationalities.unknownCode) == ("OTHER", "UNKNOWN"))
        #expect(nationalities.entries.suffix(3).map(\.code) == ["XXA", "OTHER", "UNKNOWN"])
        #expect(nationalities.entries.first?.code == "AFG", "alphabetical by name")
    }

    @Test func theLanguageListIsISO639_3WithTheLanguagesLondonNeeds() {
        // The 183 ISO 639-2 languages with an ISO 639-1 code and an ISO 639-3 code, nine more, other and unknown.
        #expect(languages.entries.count == 194)
        for entry in languages.entries {
            #expect(entry.code.wholeMatch(of: /[a-z]{3}|other|unknown/) != nil, "\(entry.code)")
            #expect(entry.demonym == nil)
        }
        for (code, name) in [("eng", "English"), ("sqi", "Albanian"), ("vie", "Vietnamese"), ("ara", "Arabic"), ("fas", "Persian (Farsi)"),
                             ("prs", "Dari"), ("ckb", "Central Kurdish (Sorani)"), ("kmr", "Northern Kurdish (Kurmanji)"),
                             ("syl", "Sylheti"), ("yue", "Cantonese"), ("cmn", "Mandarin Chinese"), ("pcm", "Nigerian Pidgin"),
                             ("tir", "Tigrinya"), ("tvl", "Tuvaluan"), ("other", "Other"), ("unknown", "Not known")] {
            #expect(languages.label(for: code) == name)
        }
        #expect(!languages.contains("bih"), "a collective code, not ISO 639-3")
        #expect(languages.entries.suffix(2).map(\.code) == ["other", "unknown"])
    }

    @Test func containsIsExactSoOnlyCodesPassValidation() {
        #expect(nationalities.contains("GBR"))
        for text in ["gbr", "GB", "British", "United Kingdom", "", " GBR", "other"] { #expect(!nationalities.contains(text), "\(text)") }
        #expect(languages.contains("eng") && languages.contains("other"))
        for text in ["ENG", "en", "English", "OTHER"] { #expect(!languages.contains(text), "\(text)") }
        #expect(nationalities.label(for: "Albanian") == nil)
    }

    @Test func freeTextMapsToItsCodeOrToOther() {
        let nationalityCases: [(String, String)] = [
            ("British", "GBR"), ("UK", "GBR"), ("U.K.", "GBR"), ("united kingdom", "GBR"), ("English", "GBR"), ("GBR", "GBR"),
            ("gbr", "GBR"), ("  Albanian ", "ALB"), ("ALBANIA", "ALB"), ("Viet Nam", "VNM"), ("Vietnam", "VNM"),
            ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Ivorian", "CIV"), ("Ivory Coast", "CIV"),
            ("Congolese (DRC)", "COD"), ("Congolese (Congo)", "COG"), ("The Gambia", "GMB"), ("Iran, Islamic Republic of", "IRN"),
            ("Kosovan", "XKX"), ("Stateless", "XXA"), ("Not Known", "UNKNOWN"), ("Unknown", "UNKNOWN"), ("", "UNKNOWN"),
            ("   ", "UNKNOWN"), ("Other", "OTHER"), ("Martian", "OTHER"), ("Albanian UK", "OTHER"), ("<script>", "OTHER"),
            ("Trinidad & Tobago", "TTO"),
        ]
        for (text, code) in nationalityCases { #expect(nationalities.code(matching: text) == code, "\(text)") }
        let languageCases: [(String, String)] = [
            ("English", "eng"), ("farsi", "fas"), ("Persian", "fas"), ("Dari", "prs"), ("Mandarin", "cmn"), ("Cantonese", "yue"),
            ("Chinese", "zho"), ("Sorani", "ckb"), ("Kurmanji", "kmr"), ("Kurdish", "kur"), ("Tigrinya", "tir"), ("Bangla", "ben"),
            ("Bengali", "ben"), ("Tagalog", "tgl"), ("Pidgin English", "pcm"), ("Castilian", "spa"), ("Pashto", "pus"),
            ("Punjabi", "pan"), ("Greek", "ell"), ("Romany", "rom"), ("SQI", "sqi"), ("", "unknown"), ("Klingon", "other"),
        ]
        for (text, code) in languageCases { #expect(languages.code(matching: text) == code, "\(text)") }
    }

    /// The synthetic data's nationalities, by the Home Office statistics' demonyms, and others
    /// from their Nationality column whose spelling is the statistics' own.
    @Test func theHomeOfficeDemonymsMapToTheirCountries() {
        let demonyms = ["GBR": "British", "ALB": "Albanian", "VNM": "Vietnamese", "ERI": "Eritrean", "SDN": "Sudanese", "ROU": "Romanian",
                        "IND": "Indian", "CHN": "Chinese", "NGA": "Nigerian", "AFG": "Afghan", "IRN": "Iranian", "IRQ": "Iraqi",
                        "ETH": "Ethiopian", "POL": "Polish", "GHA": "Ghanaian", "PHL": "Filipino", "PAK": "Pakistani",
                        "BGD": "Bangladeshi", "KWT": "Kuwaiti", "TUV": "Tuvaluan", "BFA": "Burkinan", "KNA": "Kittitian",
                        "LCA": "St Lucian", "VCT": "Vincentian", "NER": "Nigerien", "HKG": "Hong Konger", "SLV": "Salvadorean",
                        "ECU": "Ecuadorean", "BWA": "Botswanan", "TLS": "East Timorese", "CYM": "Cayman Islander",
                        "VGB": "British Virgin Islander", "SSD": "South Sudanese", "KOR": "South Korean", "MMR": "Burmese"]
        for (code, demonym) in demonyms {
            #expect(nationalities.entry(for: code)?.demonym == demonym, "\(code)")
            #expect(nationalities.code(matching: demonym) == code, "\(demonym)")
        }
        #expect(nationalities.code(matching: "UK") == "GBR", "the statistics write UK")
    }

    @Test func everyCodeNameAndDemonymMapsBackToItsOwnEntry() {
        for list in [nationalities, languages] {
            for entry in list.entries {
                for text in [entry.code, entry.name, entry.demonym].compactMap({ $0 }) + entry.otherNames {
                    #expect(list.code(matching: text) == entry.code, "\(text) should be \(entry.code)")
                }
            }
        }
    }

    @Test func theSyntheticCasesUseCodesOfTheLists() {
        var generator = SyntheticCaseGenerator(seed: 7, boroughs: BoroughCatalogue.london.all, from: Day(year: 2024, month: 1, day: 1)!,
                                               to: Day(year: 2025, month: 12, day: 31)!)
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let generated = generator.next()
            #expect(nationalities.contains(generated.nationality), "\(generated.nationality)")
            #expect(languages.contains(generated.language), "\(generated.language)")
            seen.insert(generated.nationality)
        }
        #expect(seen.isSuperset(of: ["GBR", "ALB", "VNM", "ERI"]))
        for ((nationality, language), _) in SyntheticCaseGenerator.nationalities {
            #expect(nationalities.contains(nationality) && languages.contains(language), "\(nationality)/\(language)")
        }
    }

    @Test func aBrokenFileIsRefusedWhole() {
        func parse(_ text: String) throws -> CodedList {
            try CodedList.parse(Data(text.utf8), file: "test.csv", otherCode: "OTHER", unknownCode: "UNKNOWN")
        }
        let good = "code,name,other_names\nAAA,\"Alpha, the first\",Al;A1\nOTHER,Other,\nUNKNOWN,Not known,Unknown\n"
        let list = try? parse(good)
        #expect(list?.label(for: "AAA") == "Alpha, the first")
        #expect(list?.entry(for: "AAA")?.otherNames == ["Al", "A1"])
        #expect(list?.code(matching: "a1") == "AAA")
        #expect(throws: CodedList.LoadError.malformed(file: "test.csv", line: 3, reason: "the code AAA appears twice")) {
            try parse("code,name\nAAA,Alpha\nAAA,Again\nOTHER,Other\nUNKNOWN,Not known\n")
        }
        #expect(throws: CodedList.LoadError.self) { try parse("code,label\nOTHER,Other\nUNKNOWN,Not known\n") }
        #expect(throws: CodedList.LoadError.self) { try parse("code,name\nAAA,Alpha\nUNKNOWN,Not known\n") }
        #expect(throws: CodedList.LoadError.self) { try parse("code,name\nAAA\nOTHER,Other\nUNKNOWN,Not known\n") }
        #expect(throws: CodedList.LoadError.self) { try parse("code,name\n\"AAA,Alpha\nOTHER,Other\n") }
        #expect(throws: CodedList.LoadError.self) { try parse("code,name\n,Nameless\nOTHER,Other\nUNKNOWN,Not known\n") }
    }
}
