import Testing
@testable import LanternCore

/// Behind nginx the client is the right-most address in X-Forwarded-For that is not a
/// trusted proxy, and only when the connection comes from a trusted proxy.
@Suite struct TrustedProxiesTests {
    let proxies = try! TrustedProxies.parse("127.0.0.1, 10.0.0.0/8, fd00::/8").get()

    @Test func aTrustedProxyNamesTheClient() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: "::ffff:127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        // Through two proxies: the right-most untrusted hop.
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1, 203.0.113.7, 10.9.9.9"]) == "203.0.113.7")
        #expect(proxies.client(peer: "fd12::1", forwardedFor: ["2001:db8::5"]) == "2001:db8::5")
        // No header, or only proxies in it: the peer itself.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.1"]) == "127.0.0.1")
    }

    @Test func anyoneElsesHeaderIsIgnored() {
        // A client connecting directly cannot choose its address by sending the header.
        #expect(proxies.client(peer: "203.0.113.7", forwardedFor: ["127.0.0.1"]) == "203.0.113.7")
        #expect(proxies.client(peer: "11.0.0.1", forwardedFor: ["198.51.100.1"]) == "11.0.0.1")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "127.0.0.1")
        // Garbage in the chain stops it: the peer, not whatever was written left of it.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, not-an-address"]) == "127.0.0.1")
        #expect(proxies.client(peer: nil, forwardedFor: ["198.51.100.1"]) == nil)
    }

    @Test func aBadEntryIsRefusedByName() throws {
        #expect(throws: TrustedProxies.InvalidEntry(entry: "nginx.local")) { try TrustedProxies.parse("127.0.0.1, nginx.local").get() }
        #expect(throws: TrustedProxies.InvalidEntry(entry: "10.0.0.0/33")) { try TrustedProxies.parse("10.0.0.0/33").get() }
        #expect(try TrustedProxies.parse("").get() == .none)
    }
}
