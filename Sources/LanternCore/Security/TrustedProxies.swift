import Foundation

/// Which client a request came from when Lantern runs behind a reverse proxy (nginx).
///
/// Every request then arrives from the proxy's address, so the per-address limits (sign-in,
/// survivor voice, public training) would count everyone together and the audit log would
/// record the proxy. The proxy names the client in `X-Forwarded-For`, but anyone can send that
/// header: it is believed only when the connection itself comes from an address the operator
/// listed (`LANTERN_TRUSTED_PROXIES`), and then only its right-most entries, which the trusted
/// proxies wrote; the first address from the right that is not a trusted proxy is the client.
public struct TrustedProxies: Sendable, Equatable {
    /// Addresses and networks, as (network bytes, prefix length in bits).
    public let networks: [Network]

    public struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    public static let none = TrustedProxies(networks: [])

    public init(networks: [Network]) { self.networks = networks }

    /// Parses "127.0.0.1, 10.0.0.0/8, ::1"; a failure naming the first entry that is not an address.
    public static func parse(_ text: String) -> Result<TrustedProxies, InvalidEntry> {
        var networks: [Network] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else { return .failure(InvalidEntry(entry: entry)) }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...(bytes.count * 8)).contains(prefix) else { return .failure(InvalidEntry(entry: entry)) }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
        return .success(TrustedProxies(networks: networks))
    }

    public struct InvalidEntry: Error, Equatable, CustomStringConvertible {
        public let entry: String
        public var description: String {
            "LANTERN_TRUSTED_PROXIES: \"\(entry)\" is not an address or network (such as 127.0.0.1, 10.0.0.0/8 or ::1)"
        }
    }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy and the header
    /// names someone else. `forwardedFor`: every `X-Forwarded-For` header, in order.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // A hop that is not an address ends the chain: what lies left of it is unchecked.
            guard Self.bytes(of: hop) != nil else { return peer }
            if !trusts(hop) { return hop }
        }
        return peer
    }

    /// An IPv4 or IPv6 address as its bytes (nil when it is neither); an IPv4 address written
    /// as IPv6 (::ffff:127.0.0.1, as a dual-stack socket reports it) as IPv4.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}
