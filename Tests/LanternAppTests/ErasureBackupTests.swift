import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Erasure leaves nothing readable, even in a backup taken before it: the data backups never
/// hold the case keys, so restoring an old data backup with the current key file brings back
/// every case except the erased one. Uses the code `lantern backup` and `lantern restore` use.
@Suite struct ErasureBackupTests {
    static let canary = "Canarywhistle"
    static let keeper = "Keepwell"

    static func bytes(of path: String) -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-journal"] { data.append((try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()) }
        return data
    }

    static func contains(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    @Test(arguments: TestDatabase.available)
    func anErasedCaseStaysUnreadableWhenABackupFromBeforeIsRestoredWithTheCurrentKeys(database: TestDatabase) async throws {
        let key = FieldCipher.generateKeyBytes()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-erasure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.backup").path
        let keysAfter = directory.appendingPathComponent("keys-after.jsonl").path
        var token = ""
        var erased = "", kept = ""
        var erasedID = UUID()

        try await TestLantern.run(database, keyBytes: key) { source in
            let w = try await RetentionHTTPTests.world(source)
            erased = try await RetentionHTTPTests.makeCase(w, identified: Day(iso: "2019-11-04")!, closed: Day(iso: "2020-02-01")!,
                                                           firstName: Self.canary)
            kept = try await RetentionHTTPTests.makeCase(w, identified: source.today.adding(days: -10), closed: nil, firstName: Self.keeper)
            token = try await source.apiToken(for: w.worker)
            let record = try await RetentionHTTPTests.record(source, erased)
            erasedID = try record.requireID()
            let erasedKey = try #require(try await CaseKey.find(erasedID, on: source.app.db)).sealedKey
            let keptKey = try #require(try await CaseKey.find(try await RetentionHTTPTests.record(source, kept).requireID(),
                                                              on: source.app.db)).sealedKey
            let oldReferral = record.sealedReferral

            // Back up the data (while the case is still there), then the keys as they are.
            let written = try await LanternBackup.write(app: source.app, dataPath: data, keysPath: nil)
            #expect(written.data != nil && written.keys == nil)
            let backup = Self.bytes(of: data)
            #expect(backup.count > 0 && !Self.contains(backup, Self.canary))
            #expect(!Self.contains(backup, erasedKey) && !Self.contains(backup, keptKey), "no case key in a data backup")
            #expect(Self.contains(backup, oldReferral), "the backup does hold the erased case's sealed details")
            let mode = try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            // Erase (the daily job), then write the key file as it is now.
            #expect(try await RetentionHTTPTests.runRetention(source) == "erased=1 held=0")
            let keys = try await LanternBackup.write(app: source.app, dataPath: nil, keysPath: keysAfter)
            #expect(keys.keys == 1)
            let keyFile = Self.bytes(of: keysAfter)
            #expect(!Self.contains(keyFile, erasedKey) && Self.contains(keyFile, keptKey))
            #expect(try FileManager.default.attributesOfItem(atPath: keysAfter)[.posixPermissions] as? Int == 0o600)

            // On SQLite, nothing of the erased key is left in the database's own files either.
            if let path = source.sqlitePath {
                let live = Self.bytes(of: path)
                #expect(!Self.contains(live, Self.canary))
                #expect(!Self.contains(live, erasedKey), "the erased key's bytes are overwritten, not just unlinked")
                #expect(!Self.contains(live, oldReferral))
                #expect(Self.contains(live, keptKey), "the check reads the real file")
            }
        }

        // Restore the old data backup, with the current keys, into a fresh database.
        func check(_ restored: TestLantern) async throws {
            let record = try await RetentionHTTPTests.record(restored, erased)
            #expect(record.erasedAt == nil, "the backup is from before the erasure")
            #expect(try await restored.app.lantern.caseKeys.cipher(for: erasedID, on: restored.app.db) == nil)
            #expect(!record.sealedReferral.isEmpty)
            #expect((try? restored.app.lantern.cipher.open(record.sealedReferral, context: record.referralSealContext)) == nil,
                    "the field key does not open it either")
            let api = restored.api(token)
            let referral = try await api.get("/api/v1/cases/\(erased)/referral")
            #expect(referral.status == .gone && !referral.body.string.contains(Self.canary))
            let shown = try await api.get("/api/v1/cases/\(erased)")
            #expect(shown.status == .ok && !shown.body.string.contains(Self.canary))
            let other = try await api.get("/api/v1/cases/\(kept)/referral")
            #expect(other.status == .ok && other.body.string.contains(Self.keeper), "other cases read fine")
            // The next retention run finishes the erasure of what is left.
            #expect(try await RetentionHTTPTests.runRetention(restored) == "erased=1 held=0")
            #expect(try await RetentionHTTPTests.record(restored, erased).sealedReferral.isEmpty)
        }

        if database == .sqlite {
            try await TestLantern.run(.sqlite, keyBytes: key) { target in
                let said = try await LanternBackup.restore(app: target.app, dataPath: data, keysPath: keysAfter)
                #expect(said.contains { $0.contains("1 case keys restored") && $0.contains("1 cases without a key") }, "\(said)")
                let path = try #require(target.sqlitePath)
                #expect(!Self.contains(Self.bytes(of: path), Self.canary))
                try await TestLantern.run(.sqlite, keyBytes: key, settings: { $0.database = .sqlite(path: path) }) { restored in
                    try await check(restored)
                    #expect(!Self.contains(Self.bytes(of: path), Self.canary))
                }
            }
        } else {
            try await TestLantern.run(database, keyBytes: key) { restored in
                let said = try await LanternBackup.restore(app: restored.app, dataPath: data, keysPath: keysAfter)
                #expect(said.contains { $0.contains("1 case keys restored") && $0.contains("1 cases without a key") }, "\(said)")
                try await check(restored)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRestoreWithoutTheCaseKeysOrWithAnotherKeyIsRefused(database: TestDatabase) async throws {
        let key = FieldCipher.generateKeyBytes()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-erasure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.backup").path
        let keys = directory.appendingPathComponent("keys.jsonl").path
        try await TestLantern.run(database, keyBytes: key) { source in
            let w = try await RetentionHTTPTests.world(source)
            _ = try await RetentionHTTPTests.makeCase(w, identified: source.today.adding(days: -10), closed: nil)
            let written = try await LanternBackup.write(app: source.app, dataPath: data, keysPath: keys)
            #expect(written.keys == 1)
        }
        try await TestLantern.run(database, keyBytes: key) { target async throws in
            await #expect(throws: BackupFailure.self) { try await LanternBackup.restore(app: target.app, dataPath: data, keysPath: nil) }
            let restored = try await CaseRecord.query(on: target.app.db).count()
            #expect(restored == 0, "nothing restored")
        }
        try await TestLantern.run(database) { other in
            await #expect(throws: BackupFailure.self) { try await LanternBackup.restore(app: other.app, dataPath: data, keysPath: keys) }
        }
    }

    /// Migration 013's work: a case sealed with the field key (as before case keys) gets its
    /// own key, every sealed value is sealed again under it, and the retention columns are set.
    @Test(arguments: TestDatabase.available)
    func casesSealedWithTheFieldKeyAreGivenKeysOfTheirOwn(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await RetentionHTTPTests.world(lantern)
            let closedOn = lantern.today.adding(days: -3)
            let reference = try await RetentionHTTPTests.makeCase(w, identified: lantern.today.adding(days: -30), closed: closedOn)
            let record = try await RetentionHTTPTests.record(lantern, reference)
            let caseID = try record.requireID()
            let caseCipher = try #require(try await lantern.app.lantern.caseKeys.cipher(for: caseID, on: lantern.app.db))
            let field = lantern.app.lantern.cipher
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            // Back to how an earlier Lantern stored it: everything under the field key, no case key.
            func reseal(_ sealed: String, _ context: String) throws -> String {
                try field.seal(try caseCipher.open(sealed, context: context), context: context)
            }
            try await sql.update("cases").set("sealed_referral", to: try reseal(record.sealedReferral, record.referralSealContext))
                .set("closed_on", to: SQLLiteral.null).where("id", .equal, caseID).run()
            for event in try await CaseEvent.query(on: lantern.app.db).filter(\.$case.$id == caseID).filter(\.$sealedNote != nil).all() {
                try await sql.update("case_events").set("sealed_note", to: try reseal(event.sealedNote!, event.noteSealContext))
                    .where("id", .equal, event.id!).run()
            }
            for consent in try await ConsentRecord.query(on: lantern.app.db).filter(\.$case.$id == caseID).all() {
                try await sql.update("consent_records").set("purpose", to: try reseal(consent.sealedPurpose, consent.purposeSealContext))
                    .set("interpreter_language", to: try reseal(consent.sealedInterpreterLanguage!, consent.interpreterSealContext))
                    .where("id", .equal, consent.id!).run()
            }
            for share in try await CaseShare.query(on: lantern.app.db).filter(\.$case.$id == caseID).all() {
                try await sql.update("case_shares").set("purpose", to: try reseal(share.sealedPurpose, share.purposeSealContext))
                    .where("id", .equal, share.id!).run()
            }
            try await CaseKey.query(on: lantern.app.db).filter(\.$id == caseID).delete()

            let adopted = try await lantern.app.db.transaction { tx -> Int in
                let sql = tx as! any SQLDatabase
                let result = try await CaseKeyAdoption.adoptUnkeyed(on: sql, fieldCipher: field, at: Date())
                #expect(result.unreadable == 0)
                _ = try await CaseKeyAdoption.fillRetentionColumns(on: sql)
                return result.keyed
            }
            #expect(adopted == 1)
            let newCipher = try #require(try await lantern.app.lantern.caseKeys.cipher(for: caseID, on: lantern.app.db))
            let after = try await RetentionHTTPTests.record(lantern, reference)
            #expect(after.closedOn == closedOn.daysSinceEpoch)
            #expect((try? field.open(after.sealedReferral, context: after.referralSealContext)) == nil, "no longer under the field key")
            #expect(try newCipher.open(after.sealedReferral, context: after.referralSealContext).contains(RetentionHTTPTests.canaryFirst))
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            #expect(try await api.get("/api/v1/cases/\(reference)/referral").body.string.contains(RetentionHTTPTests.canaryFirst))
            #expect(try await api.get("/api/v1/cases/\(reference)/consents").body.string.contains("Canary consent purpose"))
            let page = try await (try await lantern.signedIn(w.worker)).get("/cases/\(reference)")
            #expect(page.body.string.contains(RetentionHTTPTests.canaryNote) && page.body.string.contains("Canary share purpose"))
        }
    }
}
