import Foundation
import Testing
@testable import LanternCore

/// Languages: Accept-Language negotiation, the `.po` catalogues, plural rules, and numbers
/// and dates per language.
@Suite struct LocalisationTests {
    static let available = ["en-GB", "ar", "pl"].compactMap(LanguageTag.init)
    static func choose(_ header: String?) -> String {
        AcceptLanguage(header: header).negotiate(available: available, fallback: .englishGB).identifier
    }

    @Test func theHeaderIsReadByQualityThenByOrder() {
        #expect(Self.choose("pl, ar;q=0.9, en;q=0.8") == "pl")
        #expect(Self.choose("en;q=0.5, ar;q=0.9") == "ar")
        #expect(Self.choose("ar;q=0.5, pl;q=0.5") == "ar")
        #expect(Self.choose("fr-FR, fr;q=0.9, pl;q=0.4") == "pl")
        #expect(Self.choose("  AR-eg ;q=1 ") == "ar")
    }

    @Test func aRegionFindsItsLanguageAndARangeItsRegions() {
        #expect(Self.choose("en-US") == "en-GB")
        #expect(Self.choose("en") == "en-GB")
        #expect(Self.choose("ar-SA,en;q=0.1") == "ar")
    }

    @Test func qZeroExcludesAndTheWildcardTakesWhatIsLeft() {
        #expect(Self.choose("ar;q=0, *") == "en-GB")
        #expect(Self.choose("en;q=0, *;q=0.5") == "ar")
        #expect(Self.choose("en-GB;q=0, pl;q=0.2") == "pl")
        #expect(Self.choose("ar;q=0") == "en-GB")            // nothing acceptable: the fallback
        #expect(Self.choose("en-US;q=0, *") == "en-GB")     // excluding en-US leaves en-GB
        #expect(Self.choose("*") == "en-GB")
    }

    @Test func malformedHeadersFallBackToBritishEnglish() {
        #expect(Self.choose(nil) == "en-GB")
        #expect(Self.choose("") == "en-GB")
        #expect(Self.choose("fr, de") == "en-GB")
        #expect(Self.choose("ar;q=2, pl;q=0.x") == "en-GB")   // both qs invalid: both ignored
        #expect(Self.choose("<script>, ar") == "ar")
        #expect(AcceptLanguage.weight("0.123") == 123)
        #expect(AcceptLanguage.weight("1.000") == 1000)
        #expect(AcceptLanguage.weight("1.5") == nil)
        #expect(AcceptLanguage.weight("0.1234") == nil)
    }

    @Test func aCookieChoiceWinsOnlyForALanguageLanternHas() throws {
        let catalogues = try Self.bundled()
        #expect(catalogues.choose(cookie: "pl", acceptLanguage: "ar") == LanguageTag("pl"))
        #expect(catalogues.choose(cookie: "fr", acceptLanguage: "ar") == LanguageTag("ar"))
        #expect(catalogues.choose(cookie: "x\"<", acceptLanguage: nil) == .englishGB)
    }

    @Test func tagsAreNormalisedAndRightToLeftIsKnown() {
        #expect(LanguageTag("EN_gb")?.identifier == "en-GB")
        #expect(LanguageTag("ar")?.isRightToLeft == true)
        #expect(LanguageTag("ur")?.direction == "rtl")
        #expect(LanguageTag("pl")?.direction == "ltr")
        #expect(LanguageTag("e") == nil)
        #expect(LanguageTag("en GB") == nil)
        #expect(LanguageTag("//evil") == nil)
    }

    // MARK: catalogues

    static func bundled() throws -> Catalogues { try Catalogues.load(directory: Catalogues.bundledDirectory) }

    @Test func theShippedCataloguesLoadAndAreComplete() throws {
        let catalogues = try Self.bundled()
        #expect(catalogues.languages.map(\.identifier) == ["en-GB", "ar", "pl"])
        #expect(catalogues.source.entries.count >= 40)
        let findings = catalogues.findings()
        #expect(findings.filter { $0.severity == .error } == [])
        // Gaps are allowed only where the catalogue says it is partial.
        for finding in findings { #expect(catalogues.translations[finding.language]?.isPartial == true) }
        // The frame, the language switch and signing in are whole in every language.
        for language in catalogues.languages.dropFirst() {   // the signed-in service's languages (not the public-only ones)
            let l = catalogues.localiser(for: language)
            for area in ["frame", "language", "components", "sign-in", "home"] { #expect(l.covers(area: area), "\(language) \(area)") }
        }
    }

    @Test func lookupFallsBackToEnglishAndFillsPlaceholdersOnce() throws {
        let catalogues = try Self.bundled()
        let ar = catalogues.localiser(for: LanguageTag("ar")!)
        #expect(ar("frame.skip-link") == "تخطَّ إلى المحتوى الرئيسي")
        #expect(ar("frame.error-title", ["title": "{title}"]) == "خطأ: {title}")
        #expect(catalogues.localiser(for: LanguageTag("fr")!).language == .englishGB)
        #expect(ar("no.such-key") == "no.such-key")
        #expect(Localiser.fill("{a} and {b}", ["a": "{b}", "b": "B"]) == "{b} and B")
    }

    @Test func gapsStaleAndFuzzyTranslationsAreFoundAndNotUsed() throws {
        let english = try MessageCatalogue.parse("""
            msgid ""
            msgstr "Language: en-GB\\n"

            msgctxt "a.one"
            msgid "One {x}"
            msgstr ""

            msgctxt "a.two"
            msgid "Two"
            msgstr ""

            msgctxt "a.three"
            msgid "Three"
            msgstr ""
            """)
        func polish(_ header: String) throws -> MessageCatalogue {
            try MessageCatalogue.parse("""
                msgid ""
                msgstr ""
                "Language: pl\\n"
                \(header)

                msgctxt "a.one"
                msgid "One"
                msgstr "Jeden"

                #, fuzzy
                msgctxt "a.two"
                msgid "Two"
                msgstr "Dwa"

                msgctxt "a.extra"
                msgid "Extra"
                msgstr "Dodatek"
                """)
        }
        let strict = Catalogues(source: english, translations: [try polish("")])
        let findings = strict.findings(usedKeys: ["a.one", "a.four"])
        #expect(findings.map(\.description) == [
            "error: en-GB a.four: used in the code but not in the catalogue",
            "error: pl a.one: translated from an older English text",
            "error: pl a.three: missing",
            "error: pl a.two: marked fuzzy",
            "error: pl a.extra: not in the en-GB catalogue",
        ])
        let partial = Catalogues(source: english, translations: [try polish("\"X-Lantern-Completeness: partial\\n\"")])
        #expect(partial.findings().filter { $0.severity == .error }.map(\.key) == ["a.extra"])
        let l = partial.localiser(for: LanguageTag("pl")!)
        #expect(l("a.one", ["x": "1"]) == "One 1")   // stale: English, not "Jeden"
        #expect(l("a.two") == "Two")                 // fuzzy: English
        #expect(!l.covers(area: "a"))
        #expect(l.forPage(areas: "a").language == .englishGB)
        #expect(!l.covers(area: "nowhere"))                    // an area without messages is English
        #expect(partial.localiser(for: .englishGB).covers(area: "nowhere"))
    }

    @Test func placeholdersMustMatchTheEnglish() throws {
        let english = try MessageCatalogue.parse("msgid \"\"\nmsgstr \"Language: en-GB\\n\"\n\nmsgctxt \"k\"\nmsgid \"Hi {name}\"\nmsgstr \"\"\n")
        let polish = try MessageCatalogue.parse("msgid \"\"\nmsgstr \"Language: pl\\n\"\n\nmsgctxt \"k\"\nmsgid \"Hi {name}\"\nmsgstr \"Cześć {nmae}\"\n")
        #expect(Catalogues(source: english, translations: [polish]).findings().map(\.problem)
                == ["placeholders [\"nmae\"] differ from the English [\"name\"]"])
    }

    @Test func brokenFilesAreRefusedWithTheirLine() {
        func problem(_ text: String) -> CatalogueProblem? {
            do { _ = try MessageCatalogue.parse(text); return nil } catch { return error }
        }
        #expect(problem("msgid \"\"\nmsgstr \"Language: pl\\n\"\nmsgctxt \"k\"\nmsgid \"a\nmsgstr \"b\"\n")?.line == 4)
        #expect(problem("msgid \"\"\nmsgstr \"Language: pl\\n\"\n\nmsgid \"no key\"\nmsgstr \"x\"\n")?.message == "every message needs its key as msgctxt")
        #expect(problem("msgid \"\"\nmsgstr \"\"\n")?.message == "the header must name the catalogue's Language")
        #expect(problem("msgid \"\"\nmsgstr \"Language: pl\\n\"\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\\q\"\n")?.message == "unknown escape \\q")
        #expect(problem("msgid \"\"\nmsgstr \"Language: pl\\n\"\nmsgctxt \"k\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\n")?.line == 3)
    }

    @Test func continuedStringsAndEscapesAreRead() throws {
        let catalogue = try MessageCatalogue.parse("""
            # comment
            msgid ""
            msgstr ""
            "Language: ar\\n"
            "Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"

            msgctxt "k"
            msgid ""
            "Say \\"hi\\"\\n"
            "again"
            msgstr "x\\\\y"
            """)
        #expect(catalogue.entries["k"]?.source == "Say \"hi\"\nagain")
        #expect(catalogue.entries["k"]?.translations == ["x\\y"])
        #expect(catalogue.pluralRule.count == 6)
    }

    // MARK: plurals

    @Test func pluralRulesPickTheRightForm() throws {
        let polish = try PluralRule(header: "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);")
        #expect([1, 2, 4, 5, 12, 14, 22, 25, 101, 0].map(polish.form(for:)) == [0, 1, 1, 2, 2, 2, 1, 2, 2, 2])
        let arabic = try PluralRule(header: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);")
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 102, 103].map(arabic.form(for:)) == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3])
        let english = try PluralRule(header: "nplurals=2; plural=(n != 1);")
        #expect([0, 1, 2].map(english.form(for:)) == [1, 0, 1])
        #expect(try PluralRule(header: "nplurals=1; plural=0;").form(for: 7) == 0)
        #expect(throws: CatalogueProblem.self) { try PluralRule(header: "nplurals=2; plural=(n != 1;") }
        #expect(throws: CatalogueProblem.self) { try PluralRule(header: "nplurals=2; plural=system(n);") }
    }

    @Test func pluralMessagesUseTheLanguagesForms() throws {
        let catalogues = try Self.bundled()
        let pl = catalogues.localiser(for: LanguageTag("pl")!)
        #expect(pl.plural("sign-in.throttled", count: 1).contains("1 minutę"))
        #expect(pl.plural("sign-in.throttled", count: 3).contains("3 minuty"))
        #expect(pl.plural("sign-in.throttled", count: 15).contains("15 minut "))
        let en = catalogues.localiser(for: .englishGB)
        #expect(en.plural("sign-in.throttled", count: 1).contains("Wait 1 minute and"))
        #expect(en.plural("sign-in.throttled", count: 15).contains("Wait 15 minutes"))
        let ar = catalogues.localiser(for: LanguageTag("ar")!)
        #expect(ar.plural("sign-in.throttled", count: 2).contains("دقيقتين"))
    }

    // MARK: numbers and dates

    @Test func numbersAndDatesFollowTheLanguage() throws {
        let catalogues = try Self.bundled()
        let en = catalogues.localiser(for: .englishGB), pl = catalogues.localiser(for: LanguageTag("pl")!)
        let ar = catalogues.localiser(for: LanguageTag("ar")!)
        #expect(en.number(1_234_567) == "1,234,567")
        #expect(pl.number(1_234_567).filter(\.isNumber) == "1234567")
        #expect(pl.number(1_234_567) != en.number(1_234_567))      // grouped with a (non-breaking) space
        #expect(en.decimal(4.5) == "4.5" && pl.decimal(4.5) == "4,5" && en.decimal(4) == "4.0")
        let moment = Date(timeIntervalSince1970: 1_795_358_700)       // 22 November 2026, 14:45 UTC
        #expect(en.dateTime(moment) == "22 November 2026 at 14:45")
        #expect(pl.dateTime(moment) == "22 listopada 2026 o 14:45")
        #expect(ar.dateTime(moment).contains("نوفمبر"))
        #expect(en.date(moment) == "22 November 2026")
        #expect(pl.date(moment).contains("listopada"))
        #expect(ar.date(moment) != en.date(moment))
        #expect(Set([en.date(moment), pl.date(moment), ar.date(moment)]).count == 3)
    }
}

/// The language switch sends people back only to a page of this site.
@Suite struct ReturnPathTests {
    @Test func localPathsAreKept() {
        #expect(ReturnPath.local("/cases/LNT-7K2M-9QXD") == "/cases/LNT-7K2M-9QXD")
        #expect(ReturnPath.local("/profile?rows=borough") == "/profile?rows=borough")
        #expect(ReturnPath.local("/") == "/")
    }

    @Test func anythingElseGoesToTheStartPage() {
        for hostile in ["//evil.example", "https://evil", "http://evil.example/x", "/\\evil.example", "\\\\evil",
                        "/\t/evil.example", "/\n/evil", " /x", "evil.example", "javascript:alert(1)", "", "/%0a\u{0}",
                        "/a\u{202E}b", String(repeating: "/a", count: 2000)] {
            #expect(ReturnPath.local(hostile) == "/", "\(hostile)")
        }
        #expect(ReturnPath.local(nil) == "/")
    }
}
