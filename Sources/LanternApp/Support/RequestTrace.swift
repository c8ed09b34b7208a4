import Foundation
import Vapor

/// Lantern's own id for each request: in the audit log, the log lines, the `X-Request-Id`
/// response header and error pages. Vapor takes the id from the client's `X-Request-Id`
/// header when one is sent; that value is the client's to choose (any text, any length, or
/// another request's id), so it is never stored or logged as ours.
struct RequestTraceMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = UUID().uuidString
        request.storage[RequestTraceKey.self] = id
        request.logger[metadataKey: "request-id"] = .string(id)
        return try await next.respond(to: request)
    }
}

struct RequestTraceKey: StorageKey { typealias Value = String }

extension Request {
    /// This request's id (see `RequestTraceMiddleware`).
    var traceID: String {
        if let id = storage[RequestTraceKey.self] { return id }
        let id = UUID().uuidString
        storage[RequestTraceKey.self] = id
        return id
    }
}
