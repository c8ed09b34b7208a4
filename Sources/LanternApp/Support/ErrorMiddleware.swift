import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Turns every error into a clear page (browsers) or an RFC 9457 problem (the API). Never
/// shows internals: an unexpected error says only that something went wrong, with the
/// request id to quote, and is logged by type, never by message (messages can hold data).
struct LanternErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    struct Problem: Content {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var instance: String?
        var errors: [FieldProblem]?
    }

    struct FieldProblem: Content {
        var field: String
        var message: String
    }

    static func wantsJSON(_ request: Request) -> Bool {
        // Compared by hand: HTTPMediaType's == treats */* as a wildcard and would match JSON.
        if let surface = request.surface { return surface == .api }
        // No route matched: answer in the API's form where the address looks like the API's.
        if request.url.path.hasPrefix(Href(APIPaths.root).path + "/") { return true }
        guard let first = request.headers.accept.first?.mediaType else { return false }
        return first.type == "application" && (first.subType == "json" || first.subType == "problem+json")
    }

    static func response(for error: any Error, request: Request) -> Response {
        let status: HTTPStatus
        let title: String
        let detail: String
        var fields: [FieldProblem]?
        switch error {
        case LanternError.signInRequired where !wantsJSON(request):
            // Part-way through signing in, the next step is where to go; otherwise sign in.
            return request.redirect(to: request.lantern.signIn.map { SessionStarter.nextStep(for: $0.stage) } ?? .signIn)
        case let error as LanternError:
            status = error.status
            title = error.title
            detail = error.detail
            if case .invalid(let items) = error { fields = items.map { FieldProblem(field: $0.field, message: $0.message) } }
        case let abort as any AbortError where abort.status.code < 500:
            status = abort.status
            title = abort.status == .notFound ? LanternError.notFound.title : abort.status.reasonPhrase
            detail = abort.status == .payloadTooLarge
                ? "What was sent is too large. Shorten the text or file and try again."
                : (abort.status == .notFound ? LanternError.notFound.detail : abort.reason)
        case let decoding as DecodingError:
            status = .badRequest
            title = "The request could not be read"
            detail = Self.describe(decoding)
        case _ where databaseUnavailable(error):
            // The database is down, restarting or busy: a temporary state, not a fault here.
            status = .serviceUnavailable
            title = "Lantern cannot reach its database just now"
            detail = "Try again in a moment. If this goes on, quote reference \(request.traceID) to support."
            request.logger.warning("database unavailable", metadata: ["error_type": "\(String(reflecting: type(of: error)))"])
        default:
            status = .internalServerError
            title = "Sorry, something went wrong"
            detail = "The problem has been logged. Quote reference \(request.traceID) if you contact support."
            request.logger.error("unhandled error", metadata: ["error_type": "\(String(reflecting: type(of: error)))"])
        }
        var extraHeaders = HTTPHeaders()
        if status == .serviceUnavailable { extraHeaders.replaceOrAdd(name: .retryAfter, value: "5") }
        if wantsJSON(request) {
            let problem = Problem(type: "about:blank", title: title, status: Int(status.code), detail: detail,
                                  instance: request.traceID, errors: fields)
            var headers = extraHeaders
            headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
            let body = (try? JSONEncoder.lantern.encode(problem)) ?? Data("{}".utf8)
            return Response(status: status, headers: headers, body: .init(data: body))
        }
        // The title and detail are the same words the API's problem details carry (English);
        // the page's own words come from the catalogue.
        let l = request.localiser.forPage(areas: "errors")
        // Training is what stands in the way: the way to book it comes first.
        var booking = HTML.empty
        if case LanternError.trainingRequired(let qualification, _) = error {
            booking = HTML("<p class=\"body\"><a class=\"button\" href=\"\(Href.trainingFor(qualification))\">\(l("errors.book-training"))</a></p>")
        }
        // The title and detail are English (the API's words): marked so on a page in another language.
        let english: HTML = l.language == .englishGB ? .empty : HTML(" lang=\"en-GB\" dir=\"ltr\"")
        let page = Page(title: title, content: """
            <h1 class="heading-l"\(english)>\(title)</h1>
            <p class="body"\(english)>\(detail)</p>
            \(booking)
            <p class="body"><a href="\(Href(.root))">\(l("errors.start-page"))</a></p>
            """, status: status, language: l.language)
        let response = request.render(page)
        for (name, value) in extraHeaders { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    /// Errors that mean the database cannot be used at the moment (PostgreSQL down or
    /// restarting, the connection pool closed or exhausted, SQLite busy past its timeout):
    /// answered 503 with Retry-After rather than 500.
    static func databaseUnavailable(_ error: any Error) -> Bool {
        switch error {
        case let psql as PSQLError:
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // Class 08 (connection exception), 57P01-57P03 (shutting down, crashed,
                // starting up), 53300 (too many connections), 40001/40P01 (serialisation
                // failure, deadlock: the transaction was rolled back whole and can be retried).
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].contains(state)
            default:
                return false
            }
        case is ConnectionPoolTimeoutError, is ConnectionPoolError:
            return true
        case let sqlite as SQLiteError:
            return sqlite.reason == .busy || sqlite.reason == .locked
        default:
            return false
        }
    }

    /// Names the field that could not be read without echoing the value sent.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "The field \(key.stringValue) is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "The field \(path(context)) has the wrong type."
        case .dataCorrupted(let context):
            return path(context).isEmpty ? "The body is not valid." : "The field \(path(context)) is not valid."
        @unknown default: return "The request is not valid."
        }
    }
}
