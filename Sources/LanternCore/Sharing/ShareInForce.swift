/// A share as the "is it in force" rule sees it: the days it runs, and whether it was revoked.
public struct ShareTerms: Sendable, Equatable {
    public var startsOn: Day
    public var until: Day
    public var revoked: Bool

    public init(startsOn: Day, until: Day, revoked: Bool = false) {
        self.startsOn = startsOn
        self.until = until
        self.revoked = revoked
    }
}

extension SharingRules {
    /// Whether a share gives access today: not revoked, begun (from its first day), not ended
    /// (through its last day), and resting on a consent in force today, so withdrawing or
    /// reaching the end of consent ends every share made under it at once. The one rule: the
    /// case page, the shared list and every access check ask it.
    public static func isActive(_ share: ShareTerms, under consent: ConsentTerms, today: Day) -> Bool {
        !share.revoked && share.startsOn <= today && today <= share.until && consent.inForce(on: today)
    }

}
