import Foundation

/// A message key, always written as a literal at the call (`l("frame.skip-link")`), so the
/// check can find every key the code uses.
public struct MessageKey: Sendable, Hashable, ExpressibleByStringLiteral {
    public let name: String
    public init(stringLiteral value: String) { name = value }
}

/// Texts, numbers and dates in one language, for one request. Views call it `l`.
public struct Localiser: Sendable {
    public let language: LanguageTag
    let catalogues: Catalogues

    public init(language: LanguageTag, catalogues: Catalogues) {
        self.language = language
        self.catalogues = catalogues
    }

    /// British English from the bundled catalogues.
    public static var englishGB: Localiser { Catalogues.bundled.localiser(for: .englishGB) }

    /// The message for `key`, with `{name}` placeholders filled from `arguments`. Falls back
    /// to the English; a key no catalogue has shows as itself (and the check refuses it).
    public func callAsFunction(_ key: MessageKey, _ arguments: [String: String] = [:]) -> String {
        let text: String
        if let entry = catalogues.translation(key.name, in: language) {
            text = entry.translations[0]
        } else {
            text = catalogues.source.entries[key.name]?.source ?? key.name
        }
        return Self.fill(text, arguments)
    }

    /// The plural message for `key` in the form `count` takes in this language; `{count}` is
    /// the number written with this language's grouping.
    public func plural(_ key: MessageKey, count: Int, _ arguments: [String: String] = [:]) -> String {
        var arguments = arguments
        arguments["count"] = number(count)
        if let entry = catalogues.translation(key.name, in: language), let catalogue = catalogues.translations[language] {
            return Self.fill(entry.translations[catalogue.pluralRule.form(for: count)], arguments)
        }
        guard let english = catalogues.source.entries[key.name] else { return key.name }
        let form = catalogues.source.pluralRule.form(for: count)
        return Self.fill(form == 0 ? english.source : english.sourcePlural ?? english.source, arguments)
    }

    /// A text declared in English elsewhere (a feature's navigation label), translated by its
    /// English as gettext does: the message under `area.` whose `msgid` it is; itself if none.
    public func translate(english: String, area: String) -> String {
        let prefix = area + "."
        guard language != catalogues.source.language,
              let key = catalogues.source.entries.first(where: { $0.key.hasPrefix(prefix) && $0.value.source == english })?.key,
              let entry = catalogues.translation(key, in: language) else { return english }
        return entry.translations[0]
    }

    /// Whether `key` is shown in this language (always, in the source language); otherwise
    /// the page shows the English and should say so.
    public func isTranslated(_ key: MessageKey) -> Bool {
        language == catalogues.source.language || catalogues.translation(key.name, in: language) != nil
    }

    /// The review of this language's translation, as its catalogue states it (nil for the source).
    public var translationReview: TranslationReview? {
        language == catalogues.source.language ? nil : catalogues.translations[language]?.review
    }

    /// The same texts in British English (the fallback a public page marks as such).
    public var source: Localiser { catalogues.localiser(for: catalogues.source.language) }

    /// Whether every message whose key begins with `area.` is translated into this language
    /// (an area with no message at all is not: its texts cannot be in this language).
    public func covers(area: String) -> Bool {
        guard language != catalogues.source.language else { return true }
        let prefix = area + "."
        let keys = catalogues.source.entries.keys.filter { $0.hasPrefix(prefix) }
        return !keys.isEmpty && keys.allSatisfy { catalogues.translation($0, in: language) != nil }
    }

    /// This localiser if it covers every area a page draws on, else British English, so a
    /// page's content is wholly in one language and can say which (`lang`).
    public func forPage(areas: String...) -> Localiser {
        areas.allSatisfy(covers(area:)) ? self : catalogues.localiser(for: catalogues.source.language)
    }

    // MARK: numbers and dates

    public func number(_ value: Int) -> String { value.formatted(.number.locale(language.locale)) }

    /// A figure with `places` decimal places, in this language's way ("4.5", Polish "4,5").
    /// Files meant for machines (CSV, JSON) keep a full stop.
    public func decimal(_ value: Double, places: Int = 1) -> String {
        value.formatted(.number.precision(.fractionLength(places)).locale(language.locale))
    }

    private static let london = TimeZone(identifier: "Europe/London") ?? .gmt

    /// "22 November 2026, 14:05" in UK time, in this language's words and order.
    public func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: language.locale, timeZone: Self.london))
    }

    /// "22 November 2026" (UK time).
    public func date(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: language.locale, timeZone: Self.london))
    }

    /// A calendar day, "3 March 2026": the same day in every time zone.
    public func day(_ day: Day) -> String {
        Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400)
            .formatted(Date.FormatStyle(date: .long, time: .omitted, locale: language.locale, timeZone: .gmt))
    }

    // MARK: placeholders

    /// One pass, so a value that itself contains `{…}` (a person's name) is never filled again.
    static func fill(_ text: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, text.contains("{") else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += arguments[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The `{name}` placeholders a message uses.
    static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
