import Fluent
import SQLKit
import Vapor
import LanternCore

/// Fills the demo database with clearly fictional organisations and one user per role,
/// each with a random password and an enrolled authenticator, printed at start-up.
enum DemoSeed {
    struct Account {
        let role: Role
        let email: String
        let password: String
        let totpSecret: String
        let organisation: String
    }

    static func run(_ app: Application, cases: Int = 0, seed: UInt64 = 1) async throws -> [Account] {
        let services = app.lantern
        let now = services.now
        let hasher = services.passwords
        let organisations: [(String, OrganisationKind, [String])] = [
            ("Demo Borough Council (fictional)", .council, ["E09000007"]),
            ("Demo Police BCU (fictional)", .police, ["E09000007", "E09000014"]),
            ("Demo NHS Trust (fictional)", .nhs, ["E09000007"]),
            ("Demo Support Charity (fictional)", .charity, []),
            ("Demo Partnership Board (fictional)", .partnershipBoard, []),
        ]
        var created: [OrganisationKind: Organisation] = [:]
        for (name, kind, boroughs) in organisations {
            var fields = OrganisationFields()
            fields.name = name
            fields.kind = kind.rawValue
            fields.boroughs = boroughs
            created[kind] = try await fields.create(on: app.db, at: now)
        }
        let people: [(Role, String, OrganisationKind)] = [
            (.platformAdmin, "Pat Platform", .partnershipBoard),
            (.organisationAdmin, "Ola Admin", .council),
            (.modernSlaveryLead, "Morgan Lead", .council),
            (.caseWorker, "Casey Worker", .council),
            (.analyst, "Ari Analyst", .police),
            (.boardSecretariat, "Bea Secretariat", .partnershipBoard),
            (.trainer, "Tam Trainer", .charity),
            (.voiceModerator, "Val Moderator", .charity),
            (.readOnly, "Robin Reader", .nhs),
        ]
        var accounts: [Account] = []
        var users: [OrganisationKind: UUID] = [:]
        var byRole: [Role: UUID] = [:]
        for (role, name, kind) in people {
            guard let organisation = created[kind] else { continue }
            let email = "\(role.rawValue.replacingOccurrences(of: "_", with: "."))@demo.lantern.invalid"
            let password = "demo-" + SecretToken.generate(byteCount: 9)
            let secret = Base32.encode(TOTP.generateSecret())
            let user = User(organisationID: try organisation.requireID(), email: email, displayName: name + " (demo)",
                            passwordHash: try await hasher.hash(password), roles: [role], createdAt: now)
            try await user.create(on: app.db)
            if role == .caseWorker || users[kind] == nil { users[kind] = try user.requireID() }
            byRole[role] = try user.requireID()
            user.totpSecret = try services.cipher.seal(secret, context: user.totpSealContext)
            try await user.save(on: app.db)
            accounts.append(Account(role: role, email: email, password: password, totpSecret: secret, organisation: organisation.name))
        }
        let owners: [SyntheticSeeder.Owner] = [(OrganisationKind.council, 6.0), (.police, 3), (.nhs, 1), (.charity, 1)].compactMap { kind, weight in
            guard let organisation = created[kind]?.id, let user = users[kind] else { return nil }
            return SyntheticSeeder.Owner(organisationID: organisation, userID: user,
                                         responderType: FirstResponderType(organisationKind: kind), weight: weight)
        }
        if cases > 0 {
            let step = max(1, cases / 20)
            try await SyntheticSeeder.seed(app, count: cases, seed: seed, owners: owners) { written in
                if written % step == 0 || written == cases { print("  generated \(written) of \(cases) cases", terminator: "\r") }
            }
            print("")
            // The seeder writes rows directly: give its cases their own keys and retention
            // columns, as `CaseService` does for a case recorded through Lantern.
            // Ten pages per transaction, so a million cases never make one huge transaction.
            while try await app.db.transaction({ tx -> Int in
                guard let sql = tx as? any SQLDatabase else { return 0 }
                return try await CaseKeyAdoption.adoptUnkeyed(on: sql, fieldCipher: services.cipher, at: now, pages: 10).keyed
            }) > 0 {}
            while try await app.db.transaction({ tx -> Int in
                guard let sql = tx as? any SQLDatabase else { return 0 }
                return try await CaseKeyAdoption.fillRetentionColumns(on: sql, pages: 10)
            }) > 0 {}
        }
        let context = DemoContext(services: services, now: now, today: services.today,
                                  organisations: created.compactMapValues(\.id), people: byRole)
        for seed in featureSeeds { try await seed(context, app.db) }
        try await AuditLog.appendAlone(AuditEvent(action: "demo.seeded"), actor: nil, organisation: nil, requestID: "demo",
                                       sourceAddress: nil, at: now, key: services.auditChainKey, on: app.db)
        return accounts
    }

    /// Each feature's fictional records, in order (later ones read what earlier ones made).
    static let featureSeeds: [@Sendable (DemoContext, any Database) async throws -> Void] = [
        { try await GroupDemo.seedDemo($0, on: $1) },
        { try await MeetingsDemo.seedDemo($0, on: $1) },
        { try await MinutesAndActionsDemo.seedDemo($0, on: $1) },
        { try await StrategyDemo.seedDemo($0, on: $1) },
        { _ = try await ContactsDirectory.seedDemo($0, on: $1) },
        // After the decision: where people live and their support, status and housing, the
        // children's pathway, Duty to Notify reports, concerns (routed through the directory
        // above), then the alerts the day's sweep raises from all of them.
        { try await AccommodationDemo.seedDemo($0, on: $1) },
        { try await StatusDemo.seedDemo($0, on: $1) },
        { try await ChildrenDemo.seedDemo($0, on: $1) },
        { try await DutyToNotifyDemo.seedDemo($0, on: $1) },
        { try await SafeguardingDemo.seedDemo($0, on: $1) },
        // Casework: workers, notes and a task, before the sweep gives alert tasks to the workers.
        { try await CaseworkDemo.seedDemo($0, on: $1) },
        { try await AlertsDemo.seedDemo($0, on: $1) },
        // The referral's own follow-up: a referral awaiting its decision, chased, due again.
        { try await ReferralFollowUpDemo.seedDemo($0, on: $1) },
        // Case conferences: a borough's MACC, its next meeting, members from three agencies, an accepted case.
        { try await ConferenceSeriesDemo.seedDemo($0, on: $1) },
        // Case conferences' record (after the conferences themselves): an earlier meeting's outcome, an action done, one overdue.
        { try await ConferenceOutcomeDemo.seedDemo($0, on: $1) },
        // Shares that are answered: awaiting, accepted, declined, and one past its day (chased).
        { try await ShareAnswerDemo.seedDemo($0, on: $1) },
        // Training: two courses, a session to book, and a Train-the-Trainer cascade four levels deep.
        { try await TrainingDemo.seedDemo($0, on: $1) },
        // Events: next month's conference, a webinar, Anti-Slavery Day, and last month's presentation with its feedback.
        { try await EventsDemo.seedDemo($0, on: $1) },
        // Surveys: the leads network's spring survey (closed, results readable) and its autumn one, open, sent today.
        { try await SurveysDemo.seedDemo($0, on: $1) },
        // Survivor voice: last year's messages, filed under themes, two excerpts shared with consent, and three waiting.
        { try await VoiceDemo.seedDemo($0, on: $1) },
    ]

    static func describe(_ accounts: [Account], url: String) -> String {
        var lines = ["", "DEMO — fictional data only, recreated at every start. Open \(url) and sign in as:", ""]
        for account in accounts {
            lines.append("  \(account.role.label.padding(toLength: 28, withPad: " ", startingAt: 0)) \(account.email)")
            lines.append("      password \(account.password)   TOTP secret \(account.totpSecret)")
        }
        lines.append("")
        lines.append("Add the TOTP secret to an authenticator app (or run: python3 -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\").")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
