import Foundation
import Vapor

/// Serves the bundled stylesheet and scripts under `/static/`, from the package resources,
/// so the binary works from any working directory.
enum StaticFiles {
    static func middleware() -> StaticFilesMiddleware {
        let base = Bundle.module.resourceURL?.appendingPathComponent("Public").path ?? "Public"
        return StaticFilesMiddleware(files: FileMiddleware(publicDirectory: base + "/", defaultFile: nil, directoryAction: .none))
    }

    /// The stylesheet's text, for documents that must carry it inside (a PDF's page).
    static let stylesheet: String = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Public/static/lantern.css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}

/// Vapor's file middleware, asked only about paths a file could have. A longer name than the
/// file system allows (255 bytes a segment, 4,096 in all) makes it throw, which would answer
/// 500 to anyone, signed in or not, for any route; such a path is passed on to the routes,
/// which answer it as they answer any unknown path.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    static let longestSegment = 255
    static let longestPath = 1_024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.utf8.count <= Self.longestPath,
              !path.split(separator: "/").contains(where: { $0.utf8.count > Self.longestSegment }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
