import Crypto
import Vapor
import LanternCore

/// What Lantern's features share, created once at start-up and kept on the application.
struct LanternServices: Sendable {
    let settings: LanternSettings
    let cipher: FieldCipher
    let clock: LanternClock
    let policy: AccessPolicy
    let boroughs: BoroughCatalogue
    /// Per-purpose keys derived from the field key, so one secret file serves all.
    let csrfKey: [UInt8]
    let decoyPasswordHash: String
    /// Commits stand-alone audit entries in groups (see `AuditWriter`).
    let auditWriter = AuditWriter()
    /// The audit chain's HMAC key, derived from the field key (never stored in the database).
    let auditChainKey: AuditChainKey
    /// One profile question at a time per person, within a time limit.
    let profileQuestions = ProfileQuestionGate()
    /// bcrypt on its own bounded pool (see `PasswordHasher`).
    let passwords: PasswordHasher

    init(settings: LanternSettings, cipher: FieldCipher, clock: LanternClock, decoyPasswordHash: String) {
        self.decoyPasswordHash = decoyPasswordHash
        self.passwords = PasswordHasher(cost: settings.passwordCost)
        self.auditChainKey = AuditChainKey(cipher: cipher)
        self.settings = settings
        self.cipher = cipher
        self.clock = clock
        self.policy = AccessPolicy.lantern.requiring(settings.trainingRequirements)
        self.boroughs = .london
        self.csrfKey = Array(cipher.blindIndex("csrf", purpose: "csrf-key").utf8)
    }

    var now: Date { clock.now() }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = LanternServices }

    var lantern: LanternServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                preconditionFailure("configure(_:) sets Lantern's services before any route runs")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}
