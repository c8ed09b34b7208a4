import Foundation

/// Every language Lantern speaks: the British English source catalogue and the translations.
public struct Catalogues: Sendable {
    public let source: MessageCatalogue
    public let translations: [LanguageTag: MessageCatalogue]

    public init(source: MessageCatalogue, translations: [MessageCatalogue]) {
        self.source = source
        self.translations = Dictionary(translations.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The languages of the signed-in service: the source first, then the others in order of
    /// their tags. A catalogue that translates only the public site is not among them.
    public var languages: [LanguageTag] {
        [source.language] + translations.filter { !$0.value.isPublicOnly }.keys.sorted()
    }

    /// Every language with a catalogue, public-only ones included.
    public var allLanguages: [LanguageTag] { [source.language] + translations.keys.sorted() }

    /// The public site's languages: those of `wanted` (a setting, in its order) that have a
    /// catalogue; British English always, and first.
    public func publicLanguages(_ wanted: [LanguageTag]) -> [LanguageTag] {
        var chosen = [source.language]
        for language in wanted where translations[language] != nil && !chosen.contains(language) { chosen.append(language) }
        return chosen
    }

    /// The language of a public page: `?lang=` if it is one of `among` (a shared link says
    /// which), else the cookie's choice, else the best match for `Accept-Language`, else
    /// British English.
    public func choosePublic(query: String?, cookie: String?, acceptLanguage: String?, among: [LanguageTag]) -> LanguageTag {
        for raw in [query, cookie] {
            if let raw, let tag = LanguageTag(raw), among.contains(tag) { return tag }
        }
        return AcceptLanguage(header: acceptLanguage).negotiate(available: among, fallback: source.language)
    }

    /// The catalogues shipped with Lantern (`Localisation/Catalogues/*.po`), read once. If they
    /// cannot be read (a broken build), pages show their keys, and the tests and the check say why.
    public static let bundled: Catalogues = (try? load(directory: bundledDirectory)) ?? Catalogues(
        source: MessageCatalogue(language: .englishGB, isPartial: false, pluralRule: .oneOther, entries: [:]), translations: [])

    static var bundledDirectory: URL? { Bundle.module.url(forResource: "Catalogues", withExtension: nil) }

    /// Reads every `.po` file in a folder; the one for `en-GB` is the source.
    public static func load(directory: URL?) throws -> Catalogues {
        guard let directory else { throw CatalogueProblem(line: 0, message: "the catalogue folder is missing") }
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "po" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var catalogues: [MessageCatalogue] = []
        for file in files {
            do {
                catalogues.append(try MessageCatalogue.parse(String(contentsOf: file, encoding: .utf8)))
            } catch let problem as CatalogueProblem {
                throw CatalogueProblem(line: problem.line, message: "\(file.lastPathComponent): \(problem.message)")
            }
        }
        guard let source = catalogues.first(where: { $0.language == .englishGB }) else {
            throw CatalogueProblem(line: 0, message: "there is no en-GB catalogue")
        }
        return Catalogues(source: source, translations: catalogues.filter { $0.language != .englishGB })
    }

    /// The language for a request: the cookie's choice if Lantern has it, else the best match
    /// for `Accept-Language`, else British English.
    public func choose(cookie: String?, acceptLanguage: String?) -> LanguageTag {
        if let cookie, let tag = LanguageTag(cookie), languages.contains(tag) { return tag }
        return AcceptLanguage(header: acceptLanguage).negotiate(available: languages, fallback: source.language)
    }

    public func localiser(for language: LanguageTag) -> Localiser {
        Localiser(language: allLanguages.contains(language) ? language : source.language, catalogues: self)
    }

    /// The translation of `key` in `language` if there is a usable one (present, not fuzzy,
    /// not empty, and made from the current English).
    func translation(_ key: String, in language: LanguageTag) -> MessageCatalogue.Entry? {
        guard let catalogue = translations[language], let entry = catalogue.entries[key], let english = source.entries[key],
              !entry.fuzzy, entry.source == english.source, entry.sourcePlural == english.sourcePlural,
              entry.translations.allSatisfy({ !$0.isEmpty }) else { return nil }
        return entry
    }

    // MARK: completeness

    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public let severity: Severity
        public let language: LanguageTag
        public let key: String
        public let problem: String
        public var description: String { "\(severity.rawValue): \(language) \(key): \(problem)" }
    }

    /// What each catalogue lacks against the source: a missing, untranslated, fuzzy or stale
    /// message is an error, or a warning in a catalogue that declares itself partial; a key
    /// the source does not have, or a translation whose `{placeholders}` differ from the
    /// English, is always an error. The source itself must have every key in `usedKeys`.
    public func findings(usedKeys: Set<String> = []) -> [Finding] {
        var findings: [Finding] = []
        for key in usedKeys.subtracting(source.entries.keys).sorted() {
            findings.append(Finding(severity: .error, language: source.language, key: key, problem: "used in the code but not in the catalogue"))
        }
        for (key, entry) in source.entries.sorted(by: { $0.key < $1.key }) where entry.translations.contains(where: { !$0.isEmpty }) {
            findings.append(Finding(severity: .error, language: source.language, key: key, problem: "the source catalogue's msgstr must stay empty"))
        }
        for language in translations.keys.sorted() {
            guard let catalogue = translations[language] else { continue }
            let gap: Finding.Severity = catalogue.isPartial ? .warning : .error
            for (key, english) in source.entries.sorted(by: { $0.key < $1.key }) {
                guard let entry = catalogue.entries[key] else {
                    findings.append(Finding(severity: gap, language: language, key: key, problem: "missing"))
                    continue
                }
                if entry.translations.contains(where: \.isEmpty) {
                    findings.append(Finding(severity: gap, language: language, key: key, problem: "not translated"))
                } else if entry.fuzzy {
                    findings.append(Finding(severity: gap, language: language, key: key, problem: "marked fuzzy"))
                } else if entry.source != english.source || entry.sourcePlural != english.sourcePlural {
                    findings.append(Finding(severity: gap, language: language, key: key, problem: "translated from an older English text"))
                } else if let odd = entry.translations.first(where: { !Self.placeholdersFit($0, english) }) {
                    findings.append(Finding(severity: .error, language: language, key: key,
                                            problem: "placeholders \(Localiser.placeholders(odd).sorted()) differ from the English \(Localiser.placeholders(english.source).sorted())"))
                }
            }
            for key in Set(catalogue.entries.keys).subtracting(source.entries.keys).sorted() {
                findings.append(Finding(severity: .error, language: language, key: key, problem: "not in the en-GB catalogue"))
            }
        }
        return findings
    }

    /// A translation uses the English's placeholders: all of them, or for a plural form a
    /// subset (Arabic says "two minutes" in one word, without the number).
    static func placeholdersFit(_ translation: String, _ english: MessageCatalogue.Entry) -> Bool {
        let wanted = Localiser.placeholders(english.source).union(Localiser.placeholders(english.sourcePlural ?? ""))
        let used = Localiser.placeholders(translation)
        return english.sourcePlural == nil ? used == wanted : used.isSubset(of: wanted)
    }
}
