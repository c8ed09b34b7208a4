import Prometheus
import SQLKit
import Vapor
import LanternCore

/// Liveness, readiness (the database answers) and Prometheus metrics.
struct HealthController {
    func register(_ routes: LanternRoutes) {
        routes.get(HealthPaths.live, access: .open, use: live)
        routes.get(HealthPaths.ready, access: .open, use: ready)
        routes.get(HealthPaths.metrics, access: .open, use: metrics)
    }

    struct Status: Content { var status: String }

    @Sendable func live(_ request: Request) async throws -> Status { Status(status: "ok") }

    @Sendable func ready(_ request: Request) async throws -> Response {
        do {
            guard let sql = request.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            _ = try await sql.raw("SELECT 1 AS ok").first()
            return try await Status(status: "ready").encodeResponse(for: request)
        } catch {
            let response = try await Status(status: "database unavailable").encodeResponse(for: request)
            response.status = .serviceUnavailable
            return response
        }
    }

    /// Only for the scraper holding `LANTERN_METRICS_TOKEN`: the figures (routes, counts,
    /// timings) describe how Lantern is used and are nobody else's business.
    @Sendable func metrics(_ request: Request) async throws -> Response {
        guard let expected = request.application.lantern.settings.metricsToken,
              let sent = request.headers.bearerAuthorization?.token,
              constantTimeEquals(sent, expected) else { throw LanternError.notFound }
        var buffer: [UInt8] = []
        MetricsBootstrap.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }
}
