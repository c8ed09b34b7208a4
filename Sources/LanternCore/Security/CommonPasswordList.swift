import Foundation

/// Passwords too common to accept: a sorted list of well over a million real ones from
/// breach corpora (see `Resources/common-passwords-LICENSE.txt`), searched in place.
///
/// The file is memory-mapped and binary-searched by byte offset (each probe moves to the
/// next line start), so checking a password touches a few pages instead of building a set
/// of 1.4 million strings (about 100 MB) in every process.
public struct CommonPasswordList: Sendable {
    private let bytes: Data

    public init(bytes: Data) { self.bytes = bytes }

    /// Where the bundled list is.
    public static var bundledURL: URL? { Bundle.module.url(forResource: "common-passwords", withExtension: "txt") }

    /// The list bundled with Lantern, mapped on first use.
    public static let bundled: CommonPasswordList = {
        guard let url = bundledURL,
              let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            // A missing resource is a packaging error; refusing nothing would be silent.
            preconditionFailure("common-passwords.txt is missing from LanternCore's resources")
        }
        return CommonPasswordList(bytes: data)
    }()

    /// Whether the lower-cased password is on the list.
    public func contains(_ password: String) -> Bool {
        let needle = Array(password.lowercased().utf8)
        return bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            let all = buffer.bindMemory(to: UInt8.self)
            var low = 0, high = all.count
            // Invariant: every line starting before `low` sorts below the needle, and every
            // line starting at or after `high` sorts above it.
            while low < high {
                let middle = (low + high) / 2
                var start = middle
                while start > low, all[start - 1] != 0x0A { start -= 1 }
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                switch Self.compare(all, start, end, needle) {
                case 0: return true
                case ..<0: low = end + 1
                default: high = start
                }
            }
            return false
        }
    }

    /// Compares the line `all[start..<end]` with `needle` bytewise: negative, zero or positive.
    private static func compare(_ all: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ needle: [UInt8]) -> Int {
        let length = min(end - start, needle.count)
        for offset in 0..<length where all[start + offset] != needle[offset] {
            return Int(all[start + offset]) - Int(needle[offset])
        }
        return (end - start) - needle.count
    }
}
