import LanternCore

/// The frame around every page: skip link, header with navigation by role, phase banner
/// (DEMO on the demo database), main content, footer.
enum Layout {
    static func render(page: Page, viewer: Viewer, path: String) -> HTML {
        // "Lantern" alone on the front page, not "Lantern – Lantern".
        let title = (page.hasErrors ? "Error: " : "") + (page.title == "Lantern" ? page.title : page.title + " – Lantern")
        return """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/static/lantern.css">
        </head>
        <body>
        <a href="#main-content" class="skip-link">Skip to main content</a>
        <header class="header">
        <div class="width-container header__inner">
        <a href="\(Href.home)" class="header__brand">Lantern</a>
        \(account(viewer))
        </div>
        \(navigation(viewer, path: path))
        </header>
        \(viewer.isDemo ? demoBanner : .empty)
        <div class="width-container">
        \(page.backLink.map { link in HTML("<a href=\"\(link.href)\" class=\"back-link\">\(link.label)</a>") })
        <main id="main-content" class="main">
        \(page.content)
        </main>
        </div>
        <footer class="footer"><div class="width-container">
        <p>Lantern – London's shared working system against modern slavery.
        If someone is in immediate danger call 999. Modern Slavery Helpline: 08000 121 700.</p>
        </div></footer>
        </body>
        </html>
        """
    }

    static let demoBanner: HTML = """
    <div class="demo-banner" role="region" aria-label="Demo notice"><div class="width-container">
    <strong class="tag tag--red">DEMO</strong> This is a demonstration database. Every person and organisation in it is fictional.
    </div></div>
    """

    static func account(_ viewer: Viewer) -> HTML {
        guard let user = viewer.user else { return "<a href=\"\(Href.signIn)\" class=\"header__link\">Sign in</a>" }
        return """
        <div class="header__account">
        <span>\(user.displayName)\(viewer.organisationName.map { ", " + $0 } ?? "")</span>
        \(viewer.fullySignedIn ? HTML("<a href=\"\(Href.account)\" class=\"header__link\">Your account</a>") : .empty)
        <form method="post" action="\(Href.signOut)" class="inline-form">
        <input type="hidden" name="_csrf" value="\(viewer.csrfToken)">
        <button type="submit" class="link-button">Sign out</button>
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
            return HTML("<li><a href=\"\(entry.href)\"\(current ? HTML(" aria-current=\"page\"") : .empty)>\(entry.label)</a></li>")
        }
        return """
        <nav class="navigation" aria-label="Main"><div class="width-container"><ul>\(links)</ul></div></nav>
        """
    }
}
