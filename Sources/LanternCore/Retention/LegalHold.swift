/// A legal hold keeps a case's identifying details past their erase-on date, for as long as
/// proceedings, an inquiry or a claim need them. It names its reason, who placed it and when;
/// while it stands, nothing erases the case. Who may place or release one is the access
/// policy's `manageRetention`; these are the rules about the case itself.
public enum LegalHoldRules {
    /// The reason is written by a person and sealed with the case's other identifying details.
    public static let reasonLimit = 500

    /// Why a hold cannot be placed on this case now, or nil if it can.
    public static func refusalToPlace(_ facts: RetentionFacts) -> String? {
        if facts.erased { return "The identifying details of this case have already been erased; there is nothing left to hold." }
        if facts.legalHold { return "This case is already under a legal hold. Release it first to record a different reason." }
        return nil
    }

    /// Why the hold on this case cannot be released now, or nil if it can.
    public static func refusalToRelease(_ facts: RetentionFacts) -> String? {
        facts.legalHold ? nil : "This case is not under a legal hold."
    }
}
