import LanternCore

/// The start page as a visitor sees it, in the visitor's language.
enum HomePages {
    static func visitor(l: Localiser) -> Page {
        Page(title: l("home.title"), content: """
            <h1 class="heading-xl">\(l("home.title"))</h1>
            <p class="lead">\(l("home.lead"))</p>
            <p class="body">\(l("home.intro"))</p>
            <p class="body"><a href="\(Href.signIn)" class="button button--start">\(l("home.sign-in"))</a></p>
            <p class="body"><a href="\(Href.publicStatistics)">\(l("home.figures-link"))</a>: \(l("home.figures-text"))</p>
            <h2 class="heading-m">\(l("home.help-heading"))</h2>
            <p class="body">\(l("home.help-text"))</p>
            """, language: l.language)
    }
}
