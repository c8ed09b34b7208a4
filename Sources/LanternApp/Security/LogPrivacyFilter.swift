import Logging

/// Keeps what other libraries log below info level out of the log, whatever level is asked
/// for. Fluent and the SQL drivers log each statement with its bound values (a case's
/// details, a person's id); Vapor at trace logs each request's head and body, with its
/// cookies, bearer token and, on sign-in, the password. Lantern's own messages (which never
/// carry personal data) pass at every level, so `--log debug` and `--log trace` stay useful.
struct LogPrivacyFilter: LogHandler {
    /// The modules whose messages are Lantern's own.
    static let ownSources: Set<String> = ["LanternApp", "LanternCore", "lantern"]
    var wrapped: any LogHandler

    func log(event: LogEvent) {
        if event.level < .info, !Self.ownSources.contains(event.source) { return }
        wrapped.log(event: event)
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }
    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }
    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }
}
