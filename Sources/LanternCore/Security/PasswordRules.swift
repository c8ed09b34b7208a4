/// What Lantern accepts as a password (ASVS 6.2): long enough, not too long for bcrypt
/// (which silently ignores bytes past 72), not a well-known password, and no composition
/// rules.
public enum PasswordRules {
    public static let minimumLength = 12
    public static let maximumBytes = 72

    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case tooShort
        case tooLong
        case common
        case controlCharacters
        case mismatch

        public var description: String {
            switch self {
            case .tooShort: "Password must be at least \(PasswordRules.minimumLength) characters"
            case .tooLong: "Password must be \(PasswordRules.maximumBytes) bytes or fewer"
            case .common: "Password is too common. Choose one that others are unlikely to use"
            case .controlCharacters: "Password must not contain control characters (they cannot be typed reliably)"
            case .mismatch: "Passwords do not match"
            }
        }
    }

    public static func problem(password: String, confirmation: String? = nil) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacters }
        if commonPasswords.contains(password.lowercased()) { return .common }
        if let confirmation, confirmation != password { return .mismatch }
        return nil
    }

    /// Well over a million known passwords of at least the minimum length.
    static var commonPasswords: CommonPasswordList { .bundled }
}
