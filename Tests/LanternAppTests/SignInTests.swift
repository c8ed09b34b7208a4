import Fluent
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct SignInTests {
    @Test(arguments: TestDatabase.available)
    func signsInWithPasswordAndTOTP(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            // MUT
            let browser = try await lantern.signedIn(person)
            let home = try await browser.get("/")
            // validate
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Welcome, \(person.user.displayName)"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theCookieFromBeforeSignInIsNotValidAfter(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
            let halfway = browser.cookies
            try await browser.get("/sign-in/code")
            try await browser.post("/sign-in/code", [("code", person.totpCode(at: lantern.clock.now))])
            #expect(browser.cookies["lantern-session"] != halfway["lantern-session"])
            #expect(try await browser.get("/account").status == .ok)

            let attacker = lantern.browser()
            attacker.cookies = halfway
            let response = try await attacker.get("/account")
            #expect(response.status == .seeOther)
            #expect(response.location == "/sign-in")
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongPasswordsLockTheAccountForAWhile(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            for _ in 0..<lantern.app.lantern.settings.lockoutThreshold {
                let response = try await browser.post("/sign-in", [("email", person.email), ("password", "wrong password here")])
                #expect(response.status == .unauthorized)
            }
            // The right password is now refused, with the same message as a wrong one.
            let locked = try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
            #expect(locked.status == .unauthorized)
            #expect(locked.body.string.contains(SignInController.failureMessage.prefix(40)))
            #expect(browser.cookies["lantern-session"] == nil)

            // The lock lifts by itself: nobody can lock a colleague out for good.
            lantern.clock.advance(lantern.app.lantern.settings.lockoutDuration + 1)
            try await browser.signIn(person, at: lantern.clock.now)
            #expect(try await browser.get("/account").status == .ok)

            let audit = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "account.locked").count()
            #expect(audit == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownEmailsAreAnsweredLikeWrongPasswords(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            let unknown = try await browser.post("/sign-in", [("email", "nobody@example.org"), ("password", "whatever password")])
            let wrong = try await browser.post("/sign-in", [("email", person.email), ("password", "whatever password")])
            #expect(unknown.status == wrong.status)
            let strip = { (s: String) in s.replacingOccurrences(of: "nobody@example.org", with: "").replacingOccurrences(of: person.email, with: "") }
            let csrfFree = { (s: String) in s.replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression) }
            #expect(csrfFree(strip(unknown.body.string)) == csrfFree(strip(wrong.body.string)))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTOTPCodeWorksOnlyOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let code = person.totpCode(at: lantern.clock.now)
            let first = lantern.browser()
            try await first.signIn(person, at: lantern.clock.now)

            let second = lantern.browser()
            try await second.get("/sign-in")
            try await second.post("/sign-in", [("email", person.email), ("password", person.password)])
            try await second.get("/sign-in/code")
            let replay = try await second.post("/sign-in/code", [("code", code)])
            #expect(replay.status == .unprocessableEntity)
            #expect(try await second.get("/account").location == "/sign-in/code")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRecoveryCodeSignsInOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let code = "abcde-fghjk"
            try await RecoveryCodeRecord(userID: person.id, codeHash: RecoveryCode.storedHash(of: code, cipher: lantern.app.lantern.cipher))
                .create(on: lantern.app.db)
            for attempt in 0..<2 {
                let browser = lantern.browser()
                try await browser.get("/sign-in")
                try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
                try await browser.get("/sign-in/code")
                let response = try await browser.post("/sign-in/code", [("code", "ABCDE FGHJK")])
                #expect(response.status == (attempt == 0 ? .seeOther : .unprocessableEntity))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func sessionsEndWhenIdleAndAfterTheAbsoluteLimit(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let settings = lantern.app.lantern.settings

            let idle = try await lantern.signedIn(person)
            lantern.clock.advance(settings.idleTimeout + 1)
            #expect(try await idle.get("/account").location == "/sign-in")

            let busy = try await lantern.signedIn(person)
            var elapsed: Double = 0
            while elapsed < settings.absoluteTimeout - settings.idleTimeout {
                lantern.clock.advance(settings.idleTimeout - 60)
                elapsed += settings.idleTimeout - 60
                #expect(try await busy.get("/account").status == .ok)
            }
            lantern.clock.advance(settings.idleTimeout)
            #expect(try await busy.get("/account").location == "/sign-in")
        }
    }

    @Test(arguments: TestDatabase.available)
    func signingOutEndsTheSessionOnTheServer(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker])
            let browser = try await lantern.signedIn(person)
            try await browser.get("/")
            let kept = browser.cookies
            let out = try await browser.post("/sign-out")
            #expect(out.location == "/signed-out")
            #expect(out.headers.first(name: "Clear-Site-Data") != nil)
            let replay = lantern.browser()
            replay.cookies = kept
            #expect(try await replay.get("/account").location == "/sign-in")
            #expect(try await UserSession.query(on: lantern.app.db).count() == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aNewAccountMustEnrolAnAuthenticatorBeforeAnythingElse(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: organisation, roles: [.caseWorker], enrolled: false)
            let browser = lantern.browser()
            try await browser.get("/sign-in")
            let response = try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
            #expect(response.location == "/second-factor/setup")
            #expect(try await browser.get("/account").location == "/second-factor/setup")
            let page = try await browser.get("/second-factor/setup")
            let secret = try #require(page.body.string.firstMatch(of: /data-secret="([A-Z2-7]+)"/)?.1)
            let code = TOTP(secret: Base32.decode(String(secret))!).code(at: lantern.clock.now)
            let confirmed = try await browser.post("/second-factor/setup", [("code", code)])
            #expect(confirmed.status == .ok)
            #expect(confirmed.body.string.contains("Save your recovery codes"))
            #expect(try await browser.get("/account").status == .ok)
            let stored = try #require(try await User.find(person.id, on: lantern.app.db)?.totpSecret)
            #expect(!stored.contains(String(secret)))
            #expect(try await RecoveryCodeRecord.query(on: lantern.app.db).count() == 10)
        }
    }
}
