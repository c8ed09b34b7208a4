import LanternCore

/// Choosing the language Lantern speaks: a link per language, no JavaScript needed.
extension Feature {
    static let language = Feature(
        name: "Language",
        register: { routes in LanguageController().register(routes) })
}

enum LanguagePaths {
    static let choose = RoutePath("language")
}

extension Href {
    /// Switches to `language`, then returns to `back` (a local path; anything else goes home).
    static func chooseLanguage(_ language: LanguageTag, back: String) -> Href {
        Href(LanguagePaths.choose).query("to", language.identifier).query("back", back)
    }
}
