import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, bundled as a resource. A test checks that it
/// names exactly the API routes the application registers.
enum OpenAPIDocument {
    static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
