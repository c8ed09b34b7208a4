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

    /// The most common passwords of at least the minimum length, from public breach lists.
    static let commonPasswords: Set<String> = [
        "123456789012", "1234567890123", "12345678910", "password1234", "password12345",
        "qwertyuiopas", "qwerty123456", "iloveyou1234", "111111111111", "000000000000",
        "aaaaaaaaaaaa", "abcdefghijkl", "abc123456789", "passwordpassword", "welcome12345",
        "letmein12345", "administrator", "changeme1234", "trustno11234", "football1234",
        "baseball1234", "superman1234", "qwertyuiop12", "1q2w3e4r5t6y", "zaq12wsxcde3",
        "correcthorsebatterystaple", "lantern12345", "lanternlantern", "london123456",
        "password123!", "Password1234".lowercased(), "p@ssword1234", "p@ssw0rd1234",
        "sunshine1234", "princess1234", "dragon123456", "monkey123456", "master123456",
    ]
}
