import Foundation
import LanternCore

/// Everything Lantern reads from its environment, checked once at start-up. Anything
/// malformed stops the service with a clear message; only an absent value takes a default.
public struct LanternSettings: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public enum KeySource: Sendable, Equatable {
        /// Base64 key given directly (e.g. from a secrets manager).
        case value(String)
        /// A key file, created with 0600 permissions on first run if missing.
        case file(path: String)
    }

    public var database: DatabaseLocation
    public var key: KeySource
    public var publicURL: String
    public var isDemo = false
    /// bcrypt cost; tests lower it to keep the suite quick, never below 4.
    public var passwordCost = 12
    public var idleTimeout: TimeInterval = 15 * 60
    public var absoluteTimeout: TimeInterval = 12 * 60 * 60
    public var lockoutThreshold = 5
    public var lockoutDuration: TimeInterval = 15 * 60
    /// Failed (or unfinished) sign-in attempts allowed per address, and per email address
    /// whether or not it has an account, in 15 minutes; past that the answer is 429 with
    /// Retry-After (LANTERN_SIGN_IN_LIMIT_PER_ADDRESS, LANTERN_SIGN_IN_LIMIT_PER_ACCOUNT).
    public var signInLimitPerAddress = 50
    /// Reverse proxies whose `X-Forwarded-For` names the client (`LANTERN_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies.none
    public var signInLimitPerAccount = 10
    public var signInWindow: TimeInterval = 15 * 60
    public var invitationLifetime: TimeInterval = 7 * 24 * 60 * 60
    public var setupLinkLifetime: TimeInterval = 24 * 60 * 60
    public var migrateOnStart = true
    public var hostname = "127.0.0.1"
    /// PostgreSQL schemas to use, from `LANTERN_PG_SCHEMA` (tests use one schema each).
    public var postgresSearchPath: [String]?
    public var port = 8080
    /// Published counts below this are withheld as [c] (LANTERN_DISCLOSURE_THRESHOLD).
    public var disclosureThreshold = 5
    /// `/metrics` answers only a scraper that sends this as a bearer token
    /// (LANTERN_METRICS_TOKEN); unset, `/metrics` is not served at all.
    public var metricsToken: String?
    /// Years a closed case's identifying details are kept after closure
    /// (LANTERN_RETENTION_YEARS_AFTER_CLOSURE, 1–100).
    public var retentionYearsAfterClosure = 6
    /// The same for a Duty to Notify case; nil: as for any closed case
    /// (LANTERN_RETENTION_YEARS_DUTY_TO_NOTIFY, 1–100).
    public var retentionYearsDutyToNotify: Int?
    /// A sendmail-compatible command that reads a message on standard input and sends it
    /// (LANTERN_MAIL_COMMAND, e.g. `msmtp -t`), split into words; unset, nothing is emailed
    /// and links are shown or printed instead.
    public var mailCommand: [String]?
    /// The largest paper a meeting may have, in bytes (LANTERN_PAPERS_MAX_BYTES; 20 MB).
    public var papersMaxBytes = 20 * 1024 * 1024
    /// The largest statistics table uploaded through the web, in bytes
    /// (LANTERN_DATASET_UPLOAD_MAX_BYTES; 32 MB: the largest Home Office table is 7 MB as CSV).
    public var datasetUploadMaxBytes = 32 * 1024 * 1024
    /// Where papers' files are kept (LANTERN_PAPERS_FOLDER); unset, in the database.
    public var papersFolder: String?
    /// Days after its last verification that a contacts directory entry is stale: its
    /// organisation's administrators are asked to check it and the public list says it is
    /// being checked (LANTERN_CONTACT_STALE_DAYS, 1–3650).
    public var contactStaleDays = DirectoryRules.defaultStaleDays
    /// Days without contact recorded after which a case raises a "no contact" alert, for an
    /// organisation that has not set its own (LANTERN_NO_CONTACT_ALERT_DAYS, 1–365).
    public var noContactAlertDays = AlertRules.defaultNoContactDays
    /// Days after a referral's submission within which its Reasonable Grounds decision is
    /// expected; after each such window without a decision or a chase, the case's worker gets a
    /// chase task (LANTERN_RG_EXPECTED_DAYS, 1–365).
    public var rgExpectedDays = ReferralFollowUp.defaultExpectedDays
    /// The kinds of case conference a series may be (LANTERN_CONFERENCE_KINDS, such as `macc,maram`).
    public var conferenceKinds = ConferenceRules.defaultKinds
    /// The public site's languages, in the order its language links show them
    /// (LANTERN_PUBLIC_LANGUAGES, comma-separated tags); British English is always offered,
    /// and a tag without a catalogue is refused at start-up.
    public var publicLanguages: [LanguageTag] = LanternSettings.defaultPublicLanguages
    public static let defaultPublicLanguages = ["en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt"].compactMap(LanguageTag.init)
    /// Boroughs (ONS codes) taking part in the Home Office's devolved child decision-making
    /// pilot: a child's Reasonable and Conclusive Grounds decisions in a case identified there
    /// are recorded as made by the local multi-agency panel (LANTERN_CHILD_DECISION_PILOT_BOROUGHS,
    /// comma-separated London ONS codes; none by default).
    public var childDecisionPilotBoroughs: Set<String> = []

    /// Working days a team has to acknowledge an urgent safeguarding concern, after the working
    /// day it arrives, by 17:00 London time (LANTERN_CONCERN_ACK_URGENT_WORKING_DAYS, 0–30; 0: the
    /// same working day).
    public var concernAckUrgentWorkingDays = 0
    /// The same for a standard concern (LANTERN_CONCERN_ACK_STANDARD_WORKING_DAYS, 0–30; 3).
    public var concernAckStandardWorkingDays = 3
    /// Working days a share's recipient has to answer it, by purpose, overriding the defaults
    /// (LANTERN_SHARE_ANSWER_WORKING_DAYS, such as `housing=5,legal=10`; see `ShareAnswerRules`).
    public var shareAnswerWorkingDays: [SharePurposeKind: Int] = [:]

    /// Boroughs (ONS codes) with an Independent Child Trafficking Guardian service: a child's
    /// first-72-hours checklist there includes the referral to a guardian (LANTERN_ICTG_BOROUGHS,
    /// comma-separated London ONS codes; none by default).
    public var ictgBoroughs: Set<String> = []

    /// Training that unlocks actions, per role and action (LANTERN_TRAINING_REQUIREMENTS, such as
    /// `case_worker:create_case=first-responder`; see `TrainingRequirements`): none by default.
    public var trainingRequirements = TrainingRequirements.none

    /// Survivor voice's limits: messages taken from one address in an hour, from everyone in an
    /// hour (a flood from many addresses), and the fewest seconds between drawing the form and
    /// sending it that a person could take (LANTERN_VOICE_LIMIT_PER_ADDRESS,
    /// LANTERN_VOICE_LIMIT_PER_HOUR, LANTERN_VOICE_MINIMUM_SECONDS).
    public var voiceLimitPerAddress = 5
    public var voiceLimitPerHour = 200
    public var voiceMinimumSeconds = 3

    /// Places booked on the public site: from one address in an hour, from everyone in an hour,
    /// and the fewest seconds between drawing the form and sending it
    /// (LANTERN_PUBLIC_TRAINING_LIMIT_PER_ADDRESS, LANTERN_PUBLIC_TRAINING_LIMIT_PER_HOUR,
    /// LANTERN_PUBLIC_TRAINING_MINIMUM_SECONDS).
    public var publicTrainingLimitPerAddress = 10
    public var publicTrainingLimitPerHour = 300
    public var publicTrainingMinimumSeconds = 3

    /// Cookies get `Secure` and the `__Host-` prefix when Lantern is served over https.
    public var servedOverHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }

    public init(database: DatabaseLocation, key: KeySource, publicURL: String) {
        self.database = database
        self.key = key
        self.publicURL = publicURL
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       demo: Bool = false) throws -> LanternSettings {
        let defaultFile = demo ? "lantern-demo.sqlite" : "lantern.sqlite"
        let database: DatabaseLocation
        switch environment["DATABASE_URL"] {
        case nil, "": database = .sqlite(path: defaultFile)
        case let url? where demo:
            // The demo may use PostgreSQL (for benchmarks at scale), but only an empty database:
            // the launcher refuses one that holds any organisation, so fictional people never
            // mix with real ones. A demo on SQLite always uses its own file.
            database = try parseDatabaseURL(url)
            guard case .postgres = database else {
                throw Invalid(description: "the demo runs on its own SQLite file or on an empty PostgreSQL database; unset DATABASE_URL to use the file")
            }
        case let url?: database = try parseDatabaseURL(url)
        }
        let key: KeySource
        if let value = environment["LANTERN_KEY"], !value.isEmpty {
            key = .value(value)
        } else {
            key = .file(path: environment["LANTERN_KEY_FILE"] ?? (demo ? "lantern-demo.key" : "lantern.key"))
        }
        let port = environment["PORT"] ?? "8080"
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw Invalid(description: "PORT must be a number from 1 to 65535")
        }
        var settings = LanternSettings(database: database, key: key,
                                       publicURL: environment["LANTERN_PUBLIC_URL"] ?? "http://127.0.0.1:\(portNumber)")
        guard let url = URL(string: settings.publicURL), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil else {
            throw Invalid(description: "LANTERN_PUBLIC_URL must be an http or https address, such as https://lantern.example.org")
        }
        settings.isDemo = demo
        settings.port = portNumber
        if let host = environment["HOST"], !host.isEmpty { settings.hostname = host }
        if let schema = environment["LANTERN_PG_SCHEMA"], !schema.isEmpty { settings.postgresSearchPath = [schema] }
        if let text = environment["LANTERN_DISCLOSURE_THRESHOLD"], !text.isEmpty {
            guard let threshold = Int(text), (2...100).contains(threshold) else {
                throw Invalid(description: "LANTERN_DISCLOSURE_THRESHOLD must be a number from 2 to 100 (counts below it are withheld)")
            }
            settings.disclosureThreshold = threshold
        }
        if let token = environment["LANTERN_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 16 else {
                throw Invalid(description: "LANTERN_METRICS_TOKEN must be at least 16 characters (a random secret shared with the scraper)")
            }
            settings.metricsToken = token
        }
        for name in ["LANTERN_RETENTION_YEARS_AFTER_CLOSURE", "LANTERN_RETENTION_YEARS_DUTY_TO_NOTIFY"] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let years = Int(text), (1...100).contains(years) else {
                throw Invalid(description: "\(name) must be a number of years from 1 to 100 (how long identifying details are kept after a case is closed)")
            }
            if name == "LANTERN_RETENTION_YEARS_AFTER_CLOSURE" { settings.retentionYearsAfterClosure = years }
            else { settings.retentionYearsDutyToNotify = years }
        }
        if let text = environment["LANTERN_MAIL_COMMAND"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do { settings.mailCommand = try MailCommand.words(text) } catch let invalid as MailCommand.Invalid {
                throw Invalid(description: "LANTERN_MAIL_COMMAND cannot be used: \(invalid.reason) (give a sendmail-compatible command, such as msmtp -t)")
            }
        }
        if let text = environment["LANTERN_PUBLIC_LANGUAGES"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            var languages: [LanguageTag] = []
            for raw in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
                guard let tag = LanguageTag(raw), Catalogues.bundled.allLanguages.contains(tag) else {
                    throw Invalid(description: "LANTERN_PUBLIC_LANGUAGES names \(raw), which Lantern has no catalogue for (it has \(Catalogues.bundled.allLanguages.map(\.identifier).joined(separator: ", ")))")
                }
                if !languages.contains(tag) { languages.append(tag) }
            }
            settings.publicLanguages = languages
        }
        if let text = environment["LANTERN_TRUSTED_PROXIES"] {
            switch TrustedProxies.parse(text) {
            case .success(let proxies): settings.trustedProxies = proxies
            case .failure(let invalid): throw Invalid(description: invalid.description)
            }
        }
        for (name, path) in [("LANTERN_SIGN_IN_LIMIT_PER_ADDRESS", \LanternSettings.signInLimitPerAddress),
                             ("LANTERN_SIGN_IN_LIMIT_PER_ACCOUNT", \LanternSettings.signInLimitPerAccount)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let limit = Int(text), (1...100_000).contains(limit) else {
                throw Invalid(description: "\(name) must be a number from 1 to 100000 (failed sign-ins allowed in 15 minutes)")
            }
            settings[keyPath: path] = limit
        }
        for (name, path, range) in [("LANTERN_VOICE_LIMIT_PER_ADDRESS", \LanternSettings.voiceLimitPerAddress, 1...10_000),
                                    ("LANTERN_VOICE_LIMIT_PER_HOUR", \LanternSettings.voiceLimitPerHour, 1...1_000_000),
                                    ("LANTERN_VOICE_MINIMUM_SECONDS", \LanternSettings.voiceMinimumSeconds, 0...600),
                                    ("LANTERN_PUBLIC_TRAINING_LIMIT_PER_ADDRESS", \LanternSettings.publicTrainingLimitPerAddress, 1...10_000),
                                    ("LANTERN_PUBLIC_TRAINING_LIMIT_PER_HOUR", \LanternSettings.publicTrainingLimitPerHour, 1...1_000_000),
                                    ("LANTERN_PUBLIC_TRAINING_MINIMUM_SECONDS", \LanternSettings.publicTrainingMinimumSeconds, 0...600)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text), range.contains(value) else {
                throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            settings[keyPath: path] = value
        }
        if let text = environment["LANTERN_TRAINING_REQUIREMENTS"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do { settings.trainingRequirements = try TrainingRequirements.parse(text, against: .lantern) } catch let problem as TrainingRequirements.Problem {
                throw Invalid(description: "LANTERN_TRAINING_REQUIREMENTS: \(problem.description)")
            }
        }
        if let text = environment["LANTERN_NO_CONTACT_ALERT_DAYS"], !text.isEmpty {
            guard let days = Int(text), AlertRules.noContactDaysRange.contains(days) else {
                throw Invalid(description: "LANTERN_NO_CONTACT_ALERT_DAYS must be a whole number of days from 1 to 365")
            }
            settings.noContactAlertDays = days
        }
        if let text = environment["LANTERN_CONFERENCE_KINDS"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let kinds = ConferenceRules.kinds(fromSetting: text) else {
                throw Invalid(description: "LANTERN_CONFERENCE_KINDS must be comma-separated lower-case words such as macc,maram")
            }
            settings.conferenceKinds = kinds
        }
        if let text = environment["LANTERN_RG_EXPECTED_DAYS"], !text.isEmpty {
            guard let days = ReferralFollowUp.expectedDays(text) else {
                throw Invalid(description: "LANTERN_RG_EXPECTED_DAYS must be a whole number of days from 1 to 365")
            }
            settings.rgExpectedDays = days
        }
        if let text = environment["LANTERN_CONTACT_STALE_DAYS"], !text.isEmpty {
            guard let days = Int(text), (1...3650).contains(days) else {
                throw Invalid(description: "LANTERN_CONTACT_STALE_DAYS must be a number of days from 1 to 3650 (after which a contacts directory entry must be checked again)")
            }
            settings.contactStaleDays = days
        }
        if let text = environment["LANTERN_PAPERS_MAX_BYTES"], !text.isEmpty {
            guard let bytes = Int(text), (1024...1_073_741_824).contains(bytes) else {
                throw Invalid(description: "LANTERN_PAPERS_MAX_BYTES must be a number of bytes from 1024 to 1073741824 (the largest paper a meeting may have)")
            }
            settings.papersMaxBytes = bytes
        }
        if let text = environment["LANTERN_DATASET_UPLOAD_MAX_BYTES"], !text.isEmpty {
            guard let bytes = Int(text), (1024...1_073_741_824).contains(bytes) else {
                throw Invalid(description: "LANTERN_DATASET_UPLOAD_MAX_BYTES must be a number of bytes from 1024 to 1073741824 (the largest statistics table uploaded through the web)")
            }
            settings.datasetUploadMaxBytes = bytes
        }
        if let text = environment["LANTERN_CHILD_DECISION_PILOT_BOROUGHS"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            for raw in text.split(separator: ",") {
                let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
                guard BoroughCatalogue.london.borough(code: code) != nil else {
                    throw Invalid(description: "LANTERN_CHILD_DECISION_PILOT_BOROUGHS must be comma-separated ONS codes of London boroughs, such as E09000002,E09000019 (not \(code.isEmpty ? "an empty code" : code))")
                }
                settings.childDecisionPilotBoroughs.insert(code)
            }
        }
        for (name, path) in [("LANTERN_CONCERN_ACK_URGENT_WORKING_DAYS", \LanternSettings.concernAckUrgentWorkingDays),
                             ("LANTERN_CONCERN_ACK_STANDARD_WORKING_DAYS", \LanternSettings.concernAckStandardWorkingDays)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let days = Int(text), (0...30).contains(days) else {
                throw Invalid(description: "\(name) must be a number of working days from 0 to 30 (0: by 17:00 London time on the working day a safeguarding concern arrives)")
            }
            settings[keyPath: path] = days
        }
        if let text = environment["LANTERN_SHARE_ANSWER_WORKING_DAYS"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                settings.shareAnswerWorkingDays = try ShareAnswerRules.parseSetting(text)
            } catch {
                throw Invalid(description: error.description)
            }
        }
        if let text = environment["LANTERN_ICTG_BOROUGHS"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
                let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
                guard BoroughCatalogue.london.borough(code: code) != nil else {
                    throw Invalid(description: "LANTERN_ICTG_BOROUGHS must be comma-separated ONS codes of London boroughs with an Independent Child Trafficking Guardian service, such as E09000012,E09000030 (not \(code.isEmpty ? "an empty code" : code))")
                }
                settings.ictgBoroughs.insert(code)
            }
        }
        if let folder = environment["LANTERN_PAPERS_FOLDER"], !folder.isEmpty {
            guard folder.hasPrefix("/") else {
                throw Invalid(description: "LANTERN_PAPERS_FOLDER must be an absolute path, such as /var/lib/lantern/papers")
            }
            settings.papersFolder = folder
        }
        return settings
    }

    public static func parseDatabaseURL(_ text: String) throws -> DatabaseLocation {
        guard let url = URLComponents(string: text), let scheme = url.scheme else {
            throw Invalid(description: "DATABASE_URL is not a valid address")
        }
        switch scheme {
        case "postgres", "postgresql":
            guard url.host?.isEmpty == false || text.contains("host=") else {
                throw Invalid(description: "DATABASE_URL must name a PostgreSQL host, as in postgres://user:password@host:5432/lantern")
            }
            return .postgres(url: text)
        case "sqlite":
            let path = url.path
            guard !path.isEmpty else { throw Invalid(description: "DATABASE_URL sqlite: needs a file path, as in sqlite:///var/lib/lantern.sqlite") }
            return .sqlite(path: path)
        default:
            throw Invalid(description: "DATABASE_URL must start with postgres:// or sqlite:// (found \(scheme)://)")
        }
    }
}
