import Foundation
import Vapor

/// Serves the bundled stylesheet and scripts under `/static/`, from the package resources,
/// so the binary works from any working directory.
enum StaticFiles {
    static func middleware() -> FileMiddleware {
        let base = Bundle.module.resourceURL?.appendingPathComponent("Public").path ?? "Public"
        return FileMiddleware(publicDirectory: base + "/", defaultFile: nil, directoryAction: .none)
    }
}
