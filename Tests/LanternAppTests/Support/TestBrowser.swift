import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import LanternApp

/// Drives the application like a browser: keeps cookies, and finds the CSRF token in the
/// last page it saw, so tests post forms exactly as a person's browser would.
final class TestBrowser: Sendable {
    let app: Application
    private let state = NIOLockedValueBox<(cookies: [String: String], csrf: String?)>(([:], nil))

    init(app: Application) { self.app = app }

    var cookies: [String: String] {
        get { state.withLockedValue { $0.cookies } }
        set { state.withLockedValue { $0.cookies = newValue } }
    }
    var csrfToken: String? { state.withLockedValue { $0.csrf } }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a form; `csrf: false` leaves the token out, as a forged cross-site post would.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if csrf { all.append(("_csrf", csrfToken ?? "")) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a form that carries a file (multipart, with the page's CSRF token), as a browser does.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)] = [], file: (field: String, name: String, bytes: [UInt8])?,
                       csrf: Bool = true) async throws -> TestingHTTPResponse {
        let boundary = "lantern-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields + (csrf ? [("_csrf", csrfToken ?? "")] : []) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        let jar = cookies
        if !jar.isEmpty { headers.replaceOrAdd(name: .cookie, value: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count >= 1 else { continue }
            let name = String(pair[0]), cookie = pair.count > 1 ? String(pair[1]) : ""
            state.withLockedValue { $0.cookies[name] = cookie.isEmpty ? nil : cookie }
        }
        let text = response.body.string
        if let range = text.range(of: #"name="_csrf" value=""#) {
            let rest = text[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { state.withLockedValue { $0.csrf = String(rest[..<end]) } }
        }
        return response
    }

    func signIn(_ person: TestPerson, at date: Date) async throws {
        try await get("/sign-in")
        let first = try await post("/sign-in", [("email", person.email), ("password", person.password)])
        #expect(first.status == .seeOther, "password step")
        #expect(first.headers.first(name: .location) == "/sign-in/code")
        try await get("/sign-in/code")
        let second = try await post("/sign-in/code", [("code", person.totpCode(at: date))])
        #expect(second.status == .seeOther, "code step")
        #expect(second.headers.first(name: .location) == "/")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
}
