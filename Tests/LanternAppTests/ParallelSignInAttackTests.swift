import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Guesses sent all at once must be counted one by one: every limit on sign-in is a single
/// conditional statement, so parallel requests cannot all read the same count.
@Suite struct ParallelSignInAttackTests {
    /// Audit entries where a password or code for this account was actually checked and failed.
    static func checkedFailures(of person: TestPerson, on db: any Database) async throws -> Int {
        try await AuditEntry.query(on: db).filter(\.$recordID == person.id.uuidString)
            .filter(\.$action ~~ ["sign_in.password", "sign_in.second_factor", "account.locked"])
            .filter(\.$outcome == "failed").count()
    }

    @Test(arguments: TestDatabase.available)
    func fortyParallelWrongPasswordsGetAtMostTheThresholdOfChecks(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.signInLimitPerAccount = 1_000; $0.signInLimitPerAddress = 1_000 }) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            // MUT: 40 wrong passwords at once
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for n in 0..<40 {
                    group.addTask { try await browser.post("/sign-in", [("email", person.email), ("password", "wrong guess number \(n)")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // validate: refused as wrong, or told to come back when too many hashes were queued
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .serviceUnavailable })
            let threshold = lantern.app.lantern.settings.lockoutThreshold
            #expect(try await Self.checkedFailures(of: person, on: lantern.app.db) == threshold)
            let user = try #require(try await User.find(person.id, on: lantern.app.db))
            #expect(user.lockedUntil.map { $0 > lantern.clock.now } == true)
            // The right password is refused while locked.
            let right = try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
            #expect(right.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func threeHundredParallelCodeGuessesOnOneSessionGetAtMostTheThresholdOfChecks(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.signInLimitPerAccount = 1_000; $0.signInLimitPerAddress = 1_000 }) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            #expect(try await browser.post("/sign-in", [("email", person.email), ("password", person.password)]).status == .seeOther)
            try await browser.get("/sign-in/code")
            let real = person.totpCode(at: lantern.clock.now)
            // MUT: 300 wrong codes at once on the password-only session
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<300 {
                    let guess = String(format: "%06d", (Int(real)! + 1 + n) % 1_000_000)
                    group.addTask { _ = try await browser.post("/sign-in/code", [("code", guess)]) }
                }
                try await group.waitForAll()
            }
            // validate: no more checks than the threshold, and the account is locked
            #expect(try await Self.checkedFailures(of: person, on: lantern.app.db) <= lantern.app.lantern.settings.lockoutThreshold)
            let user = try #require(try await User.find(person.id, on: lantern.app.db))
            #expect(user.lockedUntil.map { $0 > lantern.clock.now } == true)
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneCodeSentFromSixSessionsAtOnceSignsInOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            var browsers: [TestBrowser] = []
            for _ in 0..<6 {
                let browser = lantern.browser()
                try await browser.get("/sign-in")
                #expect(try await browser.post("/sign-in", [("email", person.email), ("password", person.password)]).status == .seeOther)
                try await browser.get("/sign-in/code")
                browsers.append(browser)
            }
            let code = person.totpCode(at: lantern.clock.now)
            let signedIn = try await withThrowingTaskGroup(of: Bool.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/sign-in/code", [("code", code)]).location == "/" }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(signedIn == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneRecoveryCodeSentFromSixSessionsAtOnceSignsInOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            try await RecoveryCodeRecord(userID: person.id, codeHash: RecoveryCode.storedHash(of: "abcde-fghjk", cipher: lantern.app.lantern.cipher))
                .create(on: lantern.app.db)
            var browsers: [TestBrowser] = []
            for _ in 0..<6 {
                let browser = lantern.browser()
                try await browser.get("/sign-in")
                try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
                try await browser.get("/sign-in/code")
                browsers.append(browser)
            }
            let signedIn = try await withThrowingTaskGroup(of: Bool.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/sign-in/code", [("code", "abcde-fghjk")]).status == .seeOther }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(signedIn == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func tooManyAttemptsForOneAccountGet429WithRetryAfterKnownOrNot(database: TestDatabase) async throws {
        // Only the per-account limit is under test: the two runs below send 82 attempts from one
        // address, past the per-address default of 50, and attempts racing for the last places
        // of both limits could then let fewer than 8 through (each limit still holds).
        try await TestLantern.run(database, settings: { $0.signInLimitPerAccount = 8; $0.signInLimitPerAddress = 1_000 }) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            for email in [person.email, "nobody-here@example.org"] {
                let browser = lantern.browser()
                try await browser.get("/sign-in")
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<40 {
                        group.addTask { try await browser.post("/sign-in", [("email", email), ("password", "not the password at all")]).status }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                // Exactly the limit was let through; the rest were told to wait. Known and
                // unknown addresses are treated alike.
                #expect(statuses.filter { $0 == .unauthorized }.count == 8, "\(email)")
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 32, "\(email)")
                let last = try await browser.post("/sign-in", [("email", email), ("password", "not the password at all")])
                #expect(last.status == .tooManyRequests)
                let wait = Int(last.headers.first(name: .retryAfter) ?? "") ?? 0
                #expect(wait > 0 && wait <= 15 * 60)
                #expect(last.body.string.contains("Too many attempts to sign in"))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func tokensAreRevokedByAPasswordChangeAndStayRevokedAfterAnMFAReset(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: organisation, roles: [.organisationAdmin])
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let token = try await lantern.apiToken(for: person)
            #expect(try await lantern.api(token).get("/api/v1/me").status == .ok)
            // MUT: the person changes their password
            let browser = try await lantern.signedIn(person)
            try await browser.get("/account")
            let changed = try await browser.post("/account/password", [("current-password", person.password),
                                                                       ("password", "a brand new passphrase here"),
                                                                       ("password-confirmation", "a brand new passphrase here")])
            #expect(changed.status == .seeOther)
            #expect(try await lantern.api(token).get("/api/v1/me").status == .unauthorized)

            // A token made after that, then an MFA reset and re-enrolment: it must not come back.
            let second = try await lantern.apiToken(for: person)
            #expect(try await lantern.api(second).get("/api/v1/me").status == .ok)
            let adminBrowser = try await lantern.signedIn(admin)
            try await adminBrowser.get("/organisation/users/\(person.id)")
            #expect(try await adminBrowser.post("/organisation/users/\(person.id)/reset-second-factor").status == .seeOther)
            let user = try #require(try await User.find(person.id, on: lantern.app.db))
            user.totpSecret = try lantern.app.lantern.cipher.seal(person.totpSecret, context: user.totpSealContext)
            try await user.save(on: lantern.app.db)
            #expect(try await lantern.api(second).get("/api/v1/me").status == .unauthorized)
        }
    }
}
