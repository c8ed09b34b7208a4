import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct AuditAndEncryptionTests {
    @Test(arguments: TestDatabase.available)
    func theAuditChainVerifiesAndCatchesATamperedRow(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: real activity, then check the chain
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users")
            try await browser.get("/organisation/audit")
            let count = try await AuditEntry.query(on: lantern.app.db).count()
            #expect(count >= 4)
            #expect(try await AuditLog.verify(key: lantern.app.lantern.auditChainKey, on: lantern.app.db) == .intact(entries: Int64(count)))

            // MUT: someone edits one row directly in the database
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            try await sql.update("audit_entries").set("action", to: "users.listed.nothing.to.see").where("seq", .equal, 2).run()
            // validate
            #expect(try await AuditLog.verify(key: lantern.app.lantern.auditChainKey, on: lantern.app.db) == .broken(sequence: 2, reason: "entry 2 was altered"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func concurrentAppendsKeepOneUnbrokenChain(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let app = lantern.app
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        try await AuditLog.appendAlone(AuditEvent(action: "test.concurrent", recordID: String(n)), actor: nil,
                                                       organisation: nil, requestID: nil, sourceAddress: nil,
                                                       at: Date(), key: app.lantern.auditChainKey, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(key: app.lantern.auditChainKey, on: app.db) == .intact(entries: 40))
        }
    }

    @Test(arguments: TestDatabase.available)
    func groupCommittedEntriesAreEachStoredOnceInOneUnbrokenChain(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let app = lantern.app
            let writer = app.lantern.auditWriter
            // Writers on both sides of the group commit: 60 stand-alone entries and 20 appended
            // inside transactions of their own, all at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        try await writer.append(PendingAudit(event: AuditEvent(action: "test.grouped", recordID: String(n)), actor: nil,
                                                             organisation: nil, requestID: "r\(n)", sourceAddress: nil, date: Date()),
                                                key: app.lantern.auditChainKey, on: app.db)
                    }
                }
                for n in 0..<20 {
                    group.addTask {
                        try await AuditLog.appendAlone(AuditEvent(action: "test.alone", recordID: String(n)), actor: nil,
                                                       organisation: nil, requestID: nil, sourceAddress: nil, at: Date(), key: app.lantern.auditChainKey, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(key: app.lantern.auditChainKey, on: app.db) == .intact(entries: 80))
            let grouped = try await AuditEntry.query(on: app.db).filter(\.$action == "test.grouped").all()
            #expect(Set(grouped.compactMap(\.recordID)) == Set((0..<60).map(String.init)))
            #expect(Set(grouped.compactMap(\.requestID)).count == 60)
        }
    }

    @Test func aFailedGroupCommitFailsEveryWaiterAndStoresNothing() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let app = lantern.app
            let sql = try #require(app.db as? any SQLDatabase)
            // MUT: the chain head is gone, so the commit cannot claim its numbers
            try await sql.delete(from: "audit_head").run()
            let writer = app.lantern.auditWriter
            let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<10 {
                    group.addTask {
                        do {
                            try await writer.append(PendingAudit(event: AuditEvent(action: "test.lost", recordID: String(n)), actor: nil,
                                                                 organisation: nil, requestID: nil, sourceAddress: nil, date: Date()),
                                                    key: app.lantern.auditChainKey, on: app.db)
                            return false
                        } catch { return true }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(failures == 10)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "test.lost").count() == 0)
        }
    }

    @Test func theTOTPSecretIsNotInTheDatabaseFileAsPlainText() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let person = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let path = try #require(lantern.sqlitePath)
            var bytes = Data()
            for suffix in ["", "-wal"] {
                bytes.append((try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data())
            }
            #expect(bytes.range(of: Data(person.totpSecret.utf8)) == nil)
            #expect(bytes.range(of: Data(person.email.utf8)) != nil, "the check reads the real file")
        }
    }

    @Test func theWrongKeyStopsStartUp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func settings(_ key: [UInt8]) -> LanternSettings {
            var s = LanternSettings(database: .sqlite(path: directory.appendingPathComponent("db.sqlite").path),
                                    key: .value(Data(key).base64EncodedString()), publicURL: "http://127.0.0.1:8080")
            s.passwordCost = 4
            return s
        }
        let first = try await Application.make(.testing)
        try await configure(first, settings: settings(FieldCipher.generateKeyBytes()))
        try await first.asyncShutdown()

        let second = try await Application.make(.testing)
        await #expect(throws: KeyGuard.WrongKey.self) { try await configure(second, settings: settings(FieldCipher.generateKeyBytes())) }
        try await second.asyncShutdown()
    }

    @Test func aKeyFileIsCreatedOwnerOnly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("k-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try KeyLoader.load(.file(path: path))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: KeyLoader.Failure.self) { try KeyLoader.load(.file(path: path)) }
    }

    @Test func sqliteRunsInWALWithFullSync() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            let wait = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect(mode == "wal")
            #expect(sync == 2)
            #expect(wait == 10000)
        }
    }
}
