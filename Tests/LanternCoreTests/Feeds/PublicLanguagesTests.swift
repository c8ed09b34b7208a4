import Foundation
import Testing
@testable import LanternCore

/// The public site's languages: which catalogues are public-only, how a public page's
/// language is chosen, and what each translation says of its review.
@Suite struct PublicLanguagesTests {
    static func bundled() throws -> Catalogues { try Catalogues.load(directory: Catalogues.bundledDirectory) }
    static let wanted = ["en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt"].compactMap(LanguageTag.init)

    @Test func theSignedInServiceKeepsItsLanguagesAndThePublicSiteHasItsOwn() throws {
        let catalogues = try Self.bundled()
        #expect(catalogues.languages.map(\.identifier) == ["en-GB", "ar", "pl"])
        #expect(catalogues.publicLanguages(Self.wanted).map(\.identifier) == ["en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt"])
        // A tag with no catalogue is left out; British English is always first.
        #expect(catalogues.publicLanguages([LanguageTag("fr")!, LanguageTag("vi")!]).map(\.identifier) == ["en-GB", "vi"])
    }

    @Test func theQueryWinsThenTheCookieThenTheBrowser() throws {
        let catalogues = try Self.bundled()
        let among = catalogues.publicLanguages(Self.wanted)
        #expect(catalogues.choosePublic(query: "vi", cookie: "ar", acceptLanguage: "pt", among: among).identifier == "vi")
        #expect(catalogues.choosePublic(query: "fr", cookie: "ar", acceptLanguage: "pt", among: among).identifier == "ar")
        #expect(catalogues.choosePublic(query: nil, cookie: "pl", acceptLanguage: "pt-BR", among: among).identifier == "pt")
        #expect(catalogues.choosePublic(query: nil, cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9", among: among).identifier == "zh-Hans")
        #expect(catalogues.choosePublic(query: "<x>", cookie: nil, acceptLanguage: nil, among: among) == .englishGB)
    }

    @Test func aScriptSubtagIsTitleCased() {
        #expect(LanguageTag("zh-hans")?.identifier == "zh-Hans")
        #expect(LanguageTag("ZH_HANS")?.identifier == "zh-Hans")
        #expect(LanguageTag("en-gb")?.identifier == "en-GB")
    }

    @Test func everyPublicTranslationCoversThePublicPagesAndStatesItsReview() throws {
        let catalogues = try Self.bundled()
        for language in Self.wanted where language != .englishGB {
            let catalogue = try #require(catalogues.translations[language], "\(language)")
            let l = catalogues.localiser(for: language)
            #expect(l.covers(area: "public"), "\(language) lacks public messages")
            #expect(l("language.name") != "English", "\(language)")
            let review = try #require(catalogue.review, "\(language) states no review")
            // These translations are drafts: the catalogue says so and names nobody.
            #expect(review.isDraft, "\(language)")
            #expect(review.day.count == 10)
        }
        #expect(catalogues.translations[LanguageTag("ar")!]?.isPublicOnly == false)
        #expect(catalogues.translations[LanguageTag("vi")!]?.isPublicOnly == true)
    }

    @Test func aMissingMessageIsKnownAsUntranslated() throws {
        let catalogues = try Self.bundled()
        let vi = catalogues.localiser(for: LanguageTag("vi")!)
        #expect(vi.isTranslated("public.help.title"))
        #expect(!vi.isTranslated("sign-in.title"))
        #expect(vi.source.language == .englishGB)
        #expect(Localiser.englishGB.isTranslated("sign-in.title"))
    }

    @Test func aCatalogueReadsItsReviewFromTheHeader() throws {
        let text = """
        msgid ""
        msgstr ""
        "Language: vi\\n"
        "X-Lantern-Scope: public\\n"
        "X-Translation-Reviewed: 2026-11-30\\n"
        "X-Translation-Reviewer: A. Reviewer (Example Translators)\\n"

        """
        let catalogue = try MessageCatalogue.parse(text)
        #expect(catalogue.isPublicOnly)
        #expect(catalogue.review == TranslationReview(day: "2026-11-30", reviewer: "A. Reviewer (Example Translators)"))
        #expect(catalogue.review?.isDraft == false)
    }
}
