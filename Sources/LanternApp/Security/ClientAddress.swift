import Vapor
import LanternCore

extension Request {
    /// The address of whoever sent this request: the connection's peer, or behind a trusted
    /// reverse proxy the client it names (see `TrustedProxies`). Used for the per-address
    /// limits and the audit log's "from where"; nil when the peer is unknown.
    var clientAddress: String? {
        application.lantern.settings.trustedProxies.client(peer: remoteAddress?.ipAddress,
                                                           forwardedFor: headers[.xForwardedFor])
    }
}
