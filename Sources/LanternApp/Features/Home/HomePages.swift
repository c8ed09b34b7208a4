import LanternCore

/// The start page: as a visitor sees it, and as a signed-in person sees it (the cards of every
/// feature their roles allow), in the reader's language.
enum HomePages {
    /// What the signed-in start page shows.
    struct SignedIn {
        var name: String
        var organisation: String
        var roles: [String]
        var cards: [HomeCard]
    }

    static func signedIn(_ model: SignedIn, l: Localiser) -> Page {
        // Cards are declared in English by each feature and translated by that English.
        let cards = model.cards.map { card in
            HTML("""
            <li class="card"><h2 class="heading-s"><a href="\(card.href)">\(l.translate(english: card.title, area: "card"))</a></h2>\
            <p class="body">\(l.translate(english: card.text, area: "card"))</p></li>
            """)
        }
        return Page(title: l.translate(english: "Home", area: "nav"), content: """
            <h1 class="heading-l">\(l("home.welcome", ["name": model.name]))</h1>
            <p class="body">\(l("home.signed-in-as", ["organisation": model.organisation, "roles": model.roles.joined(separator: ", ")]))</p>
            <ul class="cards">\(cards)</ul>
            """, language: l.language)
    }

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
