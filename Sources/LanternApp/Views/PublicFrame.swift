import Foundation
import LanternCore
import NIOConcurrencyHelpers
import Vapor

/// The public site's texts for one page: the viewer's language where the catalogue has the
/// message, otherwise the British English, marked `lang="en-GB" dir="ltr"` where it stands,
/// and remembered so the frame can say that some text is shown in English.
/// Views call it `l`, as on every other page: `l("public.help.title")` gives escaped `HTML`,
/// `l.plain("…")` a `String` (for an attribute or a title).
struct PublicText {
    let localiser: Localiser
    /// Every public language on offer, in the setting's order (British English first).
    let languages: [LanguageTag]
    /// Whether any text so far fell back to English (set while the page is drawn).
    private let fallbacks = NIOLockedValueBox(false)

    init(localiser: Localiser, languages: [LanguageTag]) {
        self.localiser = localiser
        self.languages = languages
    }

    var language: LanguageTag { localiser.language }

    func callAsFunction(_ key: MessageKey, _ arguments: [String: String] = [:]) -> HTML {
        if localiser.isTranslated(key) { return HTML("\(localiser(key, arguments))") }
        fallbacks.withLockedValue { $0 = true }
        return HTML("<span lang=\"en-GB\" dir=\"ltr\">\(localiser.source(key, arguments))</span>")
    }

    func plain(_ key: MessageKey, _ arguments: [String: String] = [:]) -> String {
        if !localiser.isTranslated(key) { fallbacks.withLockedValue { $0 = true } }
        return localiser(key, arguments)
    }

    /// A plural message (`{count}` in this language's digits); English, marked so, if the
    /// language lacks it.
    func plural(_ key: MessageKey, count: Int, _ arguments: [String: String] = [:]) -> HTML {
        if localiser.isTranslated(key) { return HTML("\(localiser.plural(key, count: count, arguments))") }
        fallbacks.withLockedValue { $0 = true }
        return HTML("<span lang=\"en-GB\" dir=\"ltr\">\(localiser.source.plural(key, count: count, arguments))</span>")
    }

    /// A text LanternCore words with a localiser (a contact's kind): in this language if the
    /// catalogue covers `area`, else in English, marked so.
    func core(area: String, _ words: (Localiser) -> String) -> HTML {
        if localiser.covers(area: area) { return HTML("\(words(localiser))") }
        fallbacks.withLockedValue { $0 = true }
        return HTML("<span lang=\"en-GB\" dir=\"ltr\">\(words(localiser.source))</span>")
    }

    /// Text people wrote (a group's purpose, minutes): in English, so marked as such on a page
    /// in another language.
    func english(_ text: String) -> HTML {
        language == .englishGB ? HTML("\(text)") : HTML("<span lang=\"en-GB\" dir=\"ltr\">\(text)</span>")
    }

    /// A link on the public site that keeps this page's language (a shared link says it).
    func link(_ href: Href) -> Href { language == .englishGB ? href : href.query("lang", language.identifier) }

    /// Whether any text on the page so far fell back to English.
    var usedFallback: Bool { fallbacks.withLockedValue { $0 } }

    /// A telephone number kept in its digit order inside right-to-left text (isolated left to right).
    func phone(_ number: String) -> String { "\u{2066}" + number + "\u{2069}" }

    func day(_ day: Day) -> String { localiser.day(day) }
    func dateTime(_ date: Date) -> String { localiser.dateTime(date) }
    func number(_ value: Int) -> String { localiser.number(value) }
}

/// A public page: its title and content; the frame adds the header, the language links and
/// the footer.
struct PublicPage {
    var title: String
    var content: HTML
    var status: HTTPStatus = .ok
}

extension Request {
    /// The public site's texts for this request: `?lang=` if it names a public language (a
    /// shared link keeps its language), else the `lantern_lang` cookie's, else the best match
    /// for `Accept-Language`, else British English. The languages are the setting
    /// `LANTERN_PUBLIC_LANGUAGES` (those Lantern has a catalogue for).
    var publicText: PublicText {
        let catalogues = Catalogues.bundled
        let languages = catalogues.publicLanguages(application.lantern.settings.publicLanguages)
        let language = catalogues.choosePublic(query: query[String.self, at: "lang"], cookie: cookies[LanguageCookie.name]?.string,
                                               acceptLanguage: headers.first(name: .acceptLanguage), among: languages)
        return PublicText(localiser: catalogues.localiser(for: language), languages: languages)
    }

    /// Renders a public page in the public frame, in `l`'s language.
    func renderPublic(_ page: PublicPage, _ l: PublicText) -> Response {
        let body = PublicFrame.render(page, l, path: url.path, query: url.query)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: "Content-Language", value: l.language.identifier)
        headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
        return Response(status: page.status, headers: headers, body: .init(string: body.markup))
    }
}

/// The frame of the public site: skip link, a header with the public pages and a link per
/// language (each in its own name, `hreflang`, `?lang=` so it can be shared), the page, and
/// a footer with the helpline and when the page's translation was reviewed, and by whom.
enum PublicFrame {
    static func render(_ page: PublicPage, _ l: PublicText, path: String, query: String?) -> HTML {
        // The content first: whether any of it fell back to English decides the notice.
        let content = page.content
        let title = l.plain("public.frame.title", ["title": page.title])
        let header = self.header(l, path: path, query: query)
        let footer = self.footer(l)
        let alternates = l.languages.map { language in
            HTML("<link rel=\"alternate\" hreflang=\"\(language.identifier)\" href=\"\(languageLink(path: path, query: query, language: language))\">")
        }
        return """
        <!DOCTYPE html>
        <html lang="\(l.language.identifier)" dir="\(l.language.direction)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/static/lantern.css">
        <link rel="stylesheet" href="/static/public.css">
        \(alternates)
        </head>
        <body class="public">
        <a href="#main-content" class="skip-link">\(l("public.frame.skip-link"))</a>
        \(header)
        <div class="width-container">
        <main id="main-content" class="main">
        \(l.usedFallback ? HTML("<p class=\"inset-text public-fallback\">\(l("public.frame.not-translated"))</p>") : .empty)
        \(content)
        </main>
        </div>
        \(footer)
        </body>
        </html>
        """
    }

    static func header(_ l: PublicText, path: String, query: String?) -> HTML {
        let links = l.languages.map { language -> HTML in
            let name = Catalogues.bundled.localiser(for: language)("language.name")
            if language == l.language {
                return HTML("<li><span class=\"language-switch__current\" aria-current=\"true\" lang=\"\(language.identifier)\" dir=\"\(language.direction)\">\(name)</span></li>")
            }
            return HTML("<li><a href=\"\(languageLink(path: path, query: query, language: language))\" hreflang=\"\(language.identifier)\" lang=\"\(language.identifier)\" dir=\"\(language.direction)\">\(name)</a></li>")
        }
        let pages: [(Href, HTML)] = [(Href.getHelp, l("public.nav.get-help")), (Href.partnership, l("public.nav.partnership"))]
            + (PublicFrame.contactsLink.map { [($0, l("public.nav.contacts"))] } ?? [])
            + (PublicSiteLinks.training.map { [($0, l("public.nav.training"))] } ?? [])
            + (PublicSiteLinks.voice.map { [($0, l("public.nav.voice"))] } ?? [])
        let navigation = pages.map { href, label in
            HTML("<li><a href=\"\(l.link(href))\"\(href.contains(path) ? HTML(" aria-current=\"page\"") : .empty)>\(label)</a></li>")
        }
        return """
        <header class="header">
        <div class="width-container header__inner">
        <a href="\(l.link(Href.partnership))" class="header__brand">\(l("public.frame.brand"))</a>
        <nav class="language-switch" aria-label="\(l.plain("public.frame.languages"))"><ul class="language-switch__list">\(links)</ul></nav>
        </div>
        <nav class="navigation" aria-label="\(l.plain("public.frame.navigation"))"><div class="width-container"><ul>\(navigation)</ul></div></nav>
        </header>
        """
    }

    static func footer(_ l: PublicText) -> HTML {
        let review: HTML
        if let stated = l.localiser.translationReview {
            review = stated.isDraft
                ? HTML("<p class=\"public-review\">\(l("public.frame.translation-draft", ["date": stated.day]))</p>")
                : HTML("<p class=\"public-review\">\(l("public.frame.translation-reviewed", ["date": stated.day, "reviewer": stated.reviewer]))</p>")
        } else {
            review = .empty
        }
        return """
        <footer class="footer"><div class="width-container">
        <p>\(l("public.frame.emergency")) \(l("public.frame.helpline", ["number": l.phone("08000 121 700")]))</p>
        \(review)
        </div></footer>
        """
    }

    /// The public contacts page (H5's `/contacts`), linked once it exists.
    static var contactsLink: Href? { PublicSiteLinks.contacts }

    /// This page in another language: the same path and query, `lang` replaced.
    static func languageLink(path: String, query: String?, language: LanguageTag) -> String {
        // The path is the request's own (it matched a public route); only the query is rebuilt.
        var components = URLComponents()
        var items = (URLComponents(string: "?" + (query ?? ""))?.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: language.identifier))
        components.queryItems = items
        return path + "?" + (components.percentEncodedQuery ?? "lang=" + language.identifier)
    }
}
