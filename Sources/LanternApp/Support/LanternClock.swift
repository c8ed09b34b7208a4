import Foundation

/// The time, injectable so tests can move it forward (TOTP steps, session timeouts, expiry).
public struct LanternClock: Sendable {
    public let now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date) { self.now = now }
    public static let system = LanternClock { Date() }
}
