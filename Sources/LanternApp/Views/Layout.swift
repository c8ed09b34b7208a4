import LanternCore

/// The frame around every page: skip link, header with navigation by role, phase banner
/// (DEMO on the demo database), main content, footer.
enum Layout {
    static func render(page: Page, viewer: Viewer, path: String) -> HTML {
        let l = viewer.l
        // "Lantern" alone on the front page, not "Lantern – Lantern".
        let named = page.title == l("frame.brand") ? page.title : l("frame.title", ["title": page.title])
        let title = page.hasErrors ? l("frame.error-title", ["title": named]) : named
        // A page not yet translated is shown in English inside the translated frame, marked as such.
        let content = page.language ?? .englishGB
        let foreign = content != l.language
        let contentAttributes = foreign ? HTML(" lang=\"\(content.identifier)\" dir=\"\(content.direction)\"") : .empty
        return """
        <!DOCTYPE html>
        <html lang="\(l.language.identifier)" dir="\(l.language.direction)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/static/lantern.css">
        </head>
        <body>
        <a href="#main-content" class="skip-link">\(l("frame.skip-link"))</a>
        <header class="header">
        <div class="width-container header__inner">
        <a href="\(Href.home)" class="header__brand">\(l("frame.brand"))</a>
        \(LanguageSwitch.render(l, path: path))
        \(account(viewer))
        </div>
        \(navigation(viewer, path: path))
        </header>
        \(viewer.isDemo ? demoBanner(l) : .empty)
        <div class="width-container">
        \(page.backLink.map { link in HTML("<a href=\"\(link.href)\" class=\"back-link\"\(contentAttributes)>\(link.label)</a>") })
        <main id="main-content" class="main"\(contentAttributes)>
        \(foreign ? notTranslated(l) : .empty)
        \(page.content)
        </main>
        </div>
        <footer class="footer"><div class="width-container">
        <p>\(l("frame.footer")) \(l("frame.footer-help"))</p>
        </div></footer>
        </body>
        </html>
        """
    }

    /// Says, in the viewer's language, that the page below is in English.
    static func notTranslated(_ l: Localiser) -> HTML {
        HTML("<p class=\"inset-text\" lang=\"\(l.language.identifier)\" dir=\"\(l.language.direction)\">\(l("frame.not-translated", ["language": l("language.name")]))</p>")
    }

    static func demoBanner(_ l: Localiser) -> HTML {
        """
        <div class="demo-banner" role="region" aria-label="\(l("frame.demo-region"))"><div class="width-container">
        <strong class="tag tag--red">\(l("frame.demo-tag"))</strong> \(l("frame.demo-text"))
        </div></div>
        """
    }

    static func account(_ viewer: Viewer) -> HTML {
        let l = viewer.l
        guard let user = viewer.user else { return "<a href=\"\(Href.signIn)\" class=\"header__link\">\(l("frame.sign-in"))</a>" }
        let person = viewer.organisationName.map { l("frame.person", ["name": user.displayName, "organisation": $0]) } ?? user.displayName
        return """
        <div class="header__account">
        <span>\(person)</span>
        \(viewer.fullySignedIn ? HTML("<a href=\"\(Href.account)\" class=\"header__link\">\(l("frame.your-account"))</a>") : .empty)
        <form method="post" action="\(Href.signOut)" class="inline-form">
        <input type="hidden" name="_csrf" value="\(viewer.csrfToken)">
        <button type="submit" class="link-button">\(l("frame.sign-out"))</button>
        </form>
        </div>
        """
    }

    /// Only what the viewer's roles allow appears (the entries every feature declares, chosen
    /// by the application's policy in `Request.viewer`); the routes check again regardless.
    static func navigation(_ viewer: Viewer, path: String) -> HTML {
        guard viewer.fullySignedIn else { return .empty }
        let links = viewer.navigation.map { entry in
            let current = entry.href.contains(path)
            return HTML("<li><a href=\"\(entry.href)\"\(current ? HTML(" aria-current=\"page\"") : .empty)>\(viewer.l.translate(english: entry.label, area: "nav"))</a></li>")
        }
        return """
        <nav class="navigation" aria-label="\(viewer.l("frame.navigation"))"><div class="width-container"><ul>\(links)</ul></div></nav>
        """
    }
}
