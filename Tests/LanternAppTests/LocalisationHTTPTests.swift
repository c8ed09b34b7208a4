import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Languages over HTTP: Accept-Language, the switch and its cookie, right to left, and pages
/// not yet translated shown in English inside the translated frame.
@Suite struct LocalisationHTTPTests {
    @Test func arabicGivesARightToLeftPageWithTheFrameAndSignInTranslated() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let page = try await lantern.browser().get("/sign-in", headers: ["Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"]).body.string
            #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(page.contains("تخطَّ إلى المحتوى الرئيسي"))            // skip link
            #expect(page.contains("تسجيل الدخول إلى Lantern"))             // the sign-in heading
            #expect(page.contains("عنوان البريد الإلكتروني"))              // a field label
            #expect(!page.contains("Skip to main content"))
            // The switch offers English and Polish by their own names, each back to this page.
            #expect(page.contains("href=\"/language?to=en-GB&amp;back=/sign-in\" hreflang=\"en-GB\" lang=\"en-GB\" dir=\"ltr\">English</a>"))
            #expect(page.contains("aria-current=\"true\" lang=\"ar\" dir=\"rtl\">العربية</span>"))
            #expect(page.contains(">Polski</a>"))
            // Translated, so the content is not marked as English.
            #expect(!page.contains("main-content\" class=\"main\" lang="))
        }
    }

    @Test func withoutAPreferenceItIsBritishEnglish() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let browser = lantern.browser()
            for header: HTTPHeaders in [[:], ["Accept-Language": "fr-FR, de;q=0.8"], ["Accept-Language": "ar;q=0, *"]] {
                let page = try await browser.get("/sign-in", headers: header).body.string
                #expect(page.contains("<html lang=\"en-GB\" dir=\"ltr\">"))
                #expect(page.contains("Skip to main content"))
                #expect(page.contains("<title>Sign in – Lantern</title>"))
            }
            let polish = try await browser.get("/sign-in", headers: ["Accept-Language": "ar;q=0, pl;q=0.3, en;q=0.2"]).body.string
            #expect(polish.contains("<html lang=\"pl\" dir=\"ltr\">"))
            #expect(polish.contains("<title>Logowanie – Lantern</title>"))
        }
    }

    @Test func theSwitchSetsTheCookieAndGoesBackOnlyToALocalPath() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let browser = lantern.browser()
            let switched = try await browser.get("/language?to=pl&back=%2Fsign-in")
            #expect(switched.status == .seeOther)
            #expect(switched.location == "/sign-in")
            let cookie = switched.headers[.setCookie].first { $0.hasPrefix("lantern_lang=") } ?? ""
            #expect(cookie.hasPrefix("lantern_lang=pl;"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            // The cookie's choice beats the browser's header.
            let page = try await browser.get("/sign-in", headers: ["Accept-Language": "ar"]).body.string
            #expect(page.contains("<html lang=\"pl\" dir=\"ltr\">"))
            #expect(page.contains("Zaloguj się do Lantern"))

            for hostile in ["%2F%2Fevil.example", "https://evil", "https%3A%2F%2Fevil", "%2F%5Cevil.example",
                            "%2F%09%2Fevil.example", "evil.example", ""] {
                let response = try await browser.get("/language?to=ar&back=\(hostile)")
                #expect(response.status == .seeOther)
                #expect(response.location == "/", "back=\(hostile)")
            }
            // A language Lantern does not have changes nothing.
            let unknown = try await lantern.browser().get("/language?to=xx&back=%2F")
            #expect(unknown.location == "/")
            #expect(!unknown.headers[.setCookie].contains { $0.hasPrefix("lantern_lang=") })
        }
    }

    @Test func aPageNotYetTranslatedIsMarkedEnglishInsideTheTranslatedFrame() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let page = try await lantern.browser().get("/statistics", headers: ["Accept-Language": "ar"]).body.string
            #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(page.contains("<main id=\"main-content\" class=\"main\" lang=\"en-GB\" dir=\"ltr\">"))
            // The note saying so is in Arabic, inside the main landmark, and marked as Arabic.
            #expect(page.contains("<main id=\"main-content\" class=\"main\" lang=\"en-GB\" dir=\"ltr\">\n<p class=\"inset-text\" lang=\"ar\" dir=\"rtl\">هذه الصفحة غير مترجمة إلى العربية بعد"))
        }
    }

    @Test func errorsOnTheSignInPageAreInTheLanguage() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let browser = lantern.browser()
            try await browser.get("/language?to=ar&back=%2Fsign-in")
            try await browser.get("/sign-in")
            let refused = try await browser.post("/sign-in", [("email", ""), ("password", "")])
            let page = refused.body.string
            #expect(refused.status == .unprocessableEntity)
            #expect(page.contains("<title>خطأ: تسجيل الدخول – Lantern</title>"))
            #expect(page.contains("هناك مشكلة"))
            #expect(page.contains("أدخل عنوان بريدك الإلكتروني"))
            #expect(page.contains("<span class=\"visually-hidden\">خطأ:</span>"))
        }
    }

    @Test func theNavigationIsTranslatedForSomeoneSignedIn() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = try await lantern.signedIn(person)
            try await browser.get("/language?to=pl&back=%2F")
            let page = try await browser.get("/").body.string
            #expect(page.contains("<html lang=\"pl\" dir=\"ltr\">"))
            #expect(page.contains(">Sprawy</a>"))
            #expect(page.contains(">Wyloguj się</button>"))
            #expect(page.contains("\(person.user.displayName), Camden Council"))
            // Sharing is not yet in Polish: its page is wholly English, marked so, in the Polish frame.
            let shared = try await browser.get("/shared-cases").body.string
            #expect(shared.contains("<html lang=\"pl\" dir=\"ltr\">"))
            #expect(shared.contains("class=\"main\" lang=\"en-GB\" dir=\"ltr\">"))
            #expect(shared.contains("Cases shared with your organisation"))
        }
    }
}
