/// One language's messages, read from a gettext `.po` file.
///
/// Lantern's catalogues use gettext's context as the key: `msgctxt` is a stable key
/// (`frame.skip-link`), `msgid` the English text, `msgstr` the translation. The British
/// English catalogue is the source: its `msgstr`s stay empty and its `msgid`s are the text.
/// A translation counts only while its `msgid` still equals the current English (as gettext
/// looks messages up), so a changed English text is never shown with a stale translation;
/// entries marked `#, fuzzy` are not used either.
public struct MessageCatalogue: Sendable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let source: String
        public let sourcePlural: String?
        /// The `msgstr` (one) or `msgstr[0…]` (plural) values as written; empty means untranslated.
        public let translations: [String]
        public let fuzzy: Bool
        public let line: Int
    }

    public let language: LanguageTag
    /// The catalogue says of itself (`X-Lantern-Completeness: partial`) that it does not yet
    /// cover every key; its gaps are then warnings, not errors.
    public let isPartial: Bool
    public let pluralRule: PluralRule
    public let entries: [String: Entry]
    /// The header's fields, names in lower case (`x-translation-reviewed`, `x-lantern-scope`).
    public let header: [String: String]

    public init(language: LanguageTag, isPartial: Bool, pluralRule: PluralRule, entries: [String: Entry],
                header: [String: String] = [:]) {
        self.language = language
        self.isPartial = isPartial
        self.pluralRule = pluralRule
        self.entries = entries
        self.header = header
    }

    /// The catalogue says (`X-Lantern-Scope: public`) that it translates only the public site:
    /// its language is offered on the public pages, not in the signed-in service.
    public var isPublicOnly: Bool { header["x-lantern-scope"]?.lowercased() == "public" }

    /// When the translation was last reviewed and by whom (`X-Translation-Reviewed`,
    /// `X-Translation-Reviewer`), as the catalogue states it; nil when it does not say.
    public var review: TranslationReview? {
        guard let day = header["x-translation-reviewed"], let reviewer = header["x-translation-reviewer"],
              !day.isEmpty, !reviewer.isEmpty else { return nil }
        return TranslationReview(day: day, reviewer: reviewer)
    }

    /// Parses a `.po` file; any problem is reported with its line, and the file is refused whole.
    public static func parse(_ text: String) throws(CatalogueProblem) -> MessageCatalogue {
        var records: [POReader.Record] = try POReader.records(text)
        guard let headerIndex = records.firstIndex(where: { $0.context == nil && $0.id == "" }) else {
            throw CatalogueProblem(line: 1, message: "the header entry (msgid \"\") is missing")
        }
        let header = records.remove(at: headerIndex)
        var fields: [String: String] = [:]
        for line in (header.strings[0] ?? "").split(separator: "\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 { fields[pair[0].lowercased()] = pair[1] }
        }
        guard let languageField = fields["language"], let language = LanguageTag(languageField) else {
            throw CatalogueProblem(line: header.line, message: "the header must name the catalogue's Language")
        }
        var rule = PluralRule.oneOther
        if let forms = fields["plural-forms"] {
            do { rule = try PluralRule(header: forms) } catch { throw CatalogueProblem(line: header.line, message: error.message) }
        }
        var entries: [String: Entry] = [:]
        for record in records {
            guard let key = record.context, !key.isEmpty else {
                throw CatalogueProblem(line: record.line, message: "every message needs its key as msgctxt")
            }
            guard entries[key] == nil else { throw CatalogueProblem(line: record.line, message: "the key \(key) appears twice") }
            let translations: [String]
            if record.plural == nil {
                guard let single = record.strings[0], record.strings.count == 1, !record.indexed else {
                    throw CatalogueProblem(line: record.line, message: "\(key): a message without msgid_plural has one msgstr")
                }
                translations = [single]
            } else {
                guard record.indexed, record.strings.count == rule.count, (0..<rule.count).allSatisfy({ record.strings[$0] != nil }) else {
                    throw CatalogueProblem(line: record.line, message: "\(key): a plural message needs msgstr[0] to msgstr[\(rule.count - 1)]")
                }
                translations = (0..<rule.count).map { record.strings[$0] ?? "" }
            }
            entries[key] = Entry(key: key, source: record.id, sourcePlural: record.plural, translations: translations,
                                 fuzzy: record.flags.contains("fuzzy"), line: record.line)
        }
        return MessageCatalogue(language: language, isPartial: fields["x-lantern-completeness"]?.lowercased() == "partial",
                                pluralRule: rule, entries: entries, header: fields)
    }
}

/// A translation's review as its catalogue states it: the day (`2026-11-30`, as written) and
/// who reviewed it, or that nobody has yet (a draft says so in words).
public struct TranslationReview: Sendable, Equatable {
    public let day: String
    public let reviewer: String
    public init(day: String, reviewer: String) {
        self.day = day
        self.reviewer = reviewer
    }

    /// The catalogue says the translation is a draft nobody has reviewed yet (its reviewer
    /// field begins "Draft"): pages say so in words instead of naming a reviewer.
    public var isDraft: Bool { reviewer.lowercased().hasPrefix("draft") }
}

/// A catalogue that cannot be read, with the line it went wrong on.
public struct CatalogueProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// The `.po` syntax: comments, `msgctxt`, `msgid`, `msgid_plural`, `msgstr` / `msgstr[n]`,
/// each a C string that may continue on following lines as further quoted strings.
enum POReader {
    struct Record {
        var context: String?
        var id = ""
        var plural: String?
        var strings: [Int: String] = [:]
        var indexed = false
        var flags: Set<String> = []
        var line: Int
    }

    static func records(_ text: String) throws(CatalogueProblem) -> [Record] {
        var records: [Record] = []
        var current: Record?
        var pendingFlags: Set<String> = []
        var field: (keyword: String, index: Int?)?
        var sawID = false

        func finish() throws(CatalogueProblem) {
            guard let record = current else { return }
            guard sawID, !record.strings.isEmpty else {
                throw CatalogueProblem(line: record.line, message: "an entry needs a msgid and a msgstr")
            }
            records.append(record)
            current = nil
            sawID = false
        }

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#,") {
                pendingFlags.formUnion(line.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("\"") {
                guard let (keyword, index) = field, current != nil else {
                    throw CatalogueProblem(line: number, message: "a continued string with nothing to continue")
                }
                append(try string(line, line: number), to: &current!, keyword: keyword, index: index)
                continue
            }
            let keyword = String(line.prefix { !$0.isWhitespace })
            let rest = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            let value = try string(rest, line: number)
            switch keyword {
            case "msgctxt", "msgid":
                // A msgctxt starts an entry; so does a msgid, unless it follows its entry's msgctxt.
                if keyword == "msgctxt" || current == nil || sawID {
                    try finish()
                    current = Record(line: number)
                    current?.flags = pendingFlags
                    pendingFlags = []
                }
                if keyword == "msgid" {
                    current?.id = value
                    sawID = true
                } else {
                    current?.context = value
                }
                field = (keyword, nil)
            case "msgid_plural":
                guard sawID else { throw CatalogueProblem(line: number, message: "msgid_plural before msgid") }
                current?.plural = value
                field = (keyword, nil)
            case _ where keyword == "msgstr" || keyword.hasPrefix("msgstr["):
                guard sawID else { throw CatalogueProblem(line: number, message: "msgstr before msgid") }
                var index = 0
                if keyword != "msgstr" {
                    guard keyword.hasSuffix("]"), let parsed = Int(keyword.dropFirst(7).dropLast()), (0..<6).contains(parsed) else {
                        throw CatalogueProblem(line: number, message: "\(keyword) is not msgstr[0] to msgstr[5]")
                    }
                    index = parsed
                    current?.indexed = true
                }
                guard current?.strings[index] == nil else { throw CatalogueProblem(line: number, message: "\(keyword) given twice") }
                current?.strings[index] = value
                field = ("msgstr", index)
            default:
                throw CatalogueProblem(line: number, message: "unknown keyword \(keyword)")
            }
        }
        try finish()
        return records
    }

    private static func append(_ text: String, to record: inout Record, keyword: String, index: Int?) {
        switch keyword {
        case "msgctxt": record.context = (record.context ?? "") + text
        case "msgid": record.id += text
        case "msgid_plural": record.plural = (record.plural ?? "") + text
        default: record.strings[index ?? 0, default: ""] += text
        }
    }

    /// One quoted C string with gettext's escapes (`\"`, `\\`, `\n`, `\t`).
    static func string(_ text: String, line: Int) throws(CatalogueProblem) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw CatalogueProblem(line: line, message: "expected a quoted string")
        }
        var result = ""
        var escaping = false
        for character in text.dropFirst().dropLast() {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: throw CatalogueProblem(line: line, message: "unknown escape \\\(character)")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                throw CatalogueProblem(line: line, message: "an unescaped quote inside a string")
            } else {
                result.append(character)
            }
        }
        guard !escaping else { throw CatalogueProblem(line: line, message: "a string ends in a lone backslash") }
        return result
    }
}
