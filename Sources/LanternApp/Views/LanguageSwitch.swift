import LanternCore

/// The language switch in the header: every language by its own name, each a link (so it
/// works without JavaScript) that comes back to the same page.
enum LanguageSwitch {
    static func render(_ l: Localiser, path: String) -> HTML {
        let catalogues = Catalogues.bundled
        let items = catalogues.languages.map { language -> HTML in
            let name = catalogues.localiser(for: language)("language.name")
            if language == l.language {
                return HTML("<li><span class=\"language-switch__current\" aria-current=\"true\" lang=\"\(language.identifier)\" dir=\"\(language.direction)\">\(name)</span></li>")
            }
            return HTML("<li><a href=\"\(Href.chooseLanguage(language, back: path))\" hreflang=\"\(language.identifier)\" lang=\"\(language.identifier)\" dir=\"\(language.direction)\">\(name)</a></li>")
        }
        return """
        <nav class="language-switch" aria-label="\(l("language.switch"))"><ul class="language-switch__list">\(items)</ul></nav>
        """
    }
}
