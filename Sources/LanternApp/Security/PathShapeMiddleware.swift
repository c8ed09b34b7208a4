import Vapor

/// Refuses addresses with empty segments (`/api//v1/cases`). The router skips them, so such
/// an address reaches the same route as the clean one while looking different to anything
/// that reads the raw path; nothing here may depend on that, and nothing needs such paths.
struct PathShapeMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if path.contains("//") {
            throw LanternError.malformedAddress
        }
        return try await next.respond(to: request)
    }
}
