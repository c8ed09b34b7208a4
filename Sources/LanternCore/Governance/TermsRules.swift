/// Terms of reference: when a review falls due, which version is current, what a version
/// must hold.
public enum TermsRules {
    /// How many days before its next-review date a review becomes a task and is flagged.
    public static let reviewNoticeDays = 30

    /// Where a version's review stands on `today`.
    public enum ReviewState: String, Sendable, Equatable {
        /// The next-review date is more than `reviewNoticeDays` away.
        case notDue = "not_due"
        /// The next-review date is within `reviewNoticeDays` (today included).
        case due
        /// The next-review date has passed.
        case overdue
    }

    public static func reviewState(nextReview: Day, today: Day) -> ReviewState {
        if nextReview < today { return .overdue }
        if nextReview <= today.adding(days: reviewNoticeDays) { return .due }
        return .notDue
    }

    /// Whether a review should be a task today (due or overdue).
    public static func reviewFallsDue(nextReview: Day, today: Day) -> Bool {
        reviewState(nextReview: nextReview, today: today) != .notDue
    }

    /// The current version among (version, approved on): the highest version approved on or
    /// before `today`. Nil when none is approved yet.
    public static func currentVersion(_ versions: [(version: Int, approvedOn: Day)], today: Day) -> Int? {
        versions.filter { $0.approvedOn <= today }.map(\.version).max()
    }

    /// What is wrong with a new version's fields.
    public enum Problem: String, Sendable, Equatable {
        case bodyMissing = "body-missing"
        case bodyTooLong = "body-too-long"
        case quorumInvalid = "quorum-invalid"
        case approvedMissing = "approved-missing"
        case reviewMissing = "review-missing"
        case reviewNotAfterApproval = "review-not-after-approval"
    }

    public static let bodyLimit = 100_000

    /// Checks a version's fields, by field name: body, quorum, approvedOn, nextReviewOn.
    public static func problems(body: String, quorum: Int?, approvedOn: Day?, nextReviewOn: Day?) -> [String: Problem] {
        var found: [String: Problem] = [:]
        if body.allSatisfy(\.isWhitespace) { found["body"] = .bodyMissing }
        else if body.count > bodyLimit { found["body"] = .bodyTooLong }
        if quorum.map({ !(1...500).contains($0) }) ?? true { found["quorum"] = .quorumInvalid }
        if approvedOn == nil { found["approvedOn"] = .approvedMissing }
        if let approvedOn, let nextReviewOn {
            if nextReviewOn <= approvedOn { found["nextReviewOn"] = .reviewNotAfterApproval }
        } else if nextReviewOn == nil {
            found["nextReviewOn"] = .reviewMissing
        }
        return found
    }
}
