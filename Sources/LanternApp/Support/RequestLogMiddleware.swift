import Metrics
import Vapor

/// One structured log line and metrics per request. Logs the route pattern (`/users/:id`),
/// never the path or query, so identifiers and tokens in URLs stay out of the logs.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = LanternErrorMiddleware.response(for: error, request: request)
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        Counter(label: "lantern_http_requests_total", dimensions: dimensions).increment()
        Timer(label: "lantern_http_request_duration_seconds", dimensions: [("route", route)],
              preferredDisplayUnit: .seconds).recordNanoseconds(Int64(milliseconds * 1_000_000))
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(response.status.code), "duration_ms": .stringConvertible((milliseconds * 10).rounded() / 10),
        ])
        return response
    }
}
