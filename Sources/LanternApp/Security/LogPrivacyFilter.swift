import Logging

/// Keeps database statements out of the log at every level. Fluent and the SQL drivers log
/// each statement with its bound values at debug level, and those values can be personal
/// data (a case's details, a person's id). Everything else passes through unchanged, so
/// `--log debug` stays useful for Lantern's own messages.
struct QueryLogFilter: LogHandler {
    /// The modules that log statements and their values.
    static let querySources: Set<String> = ["FluentKit", "FluentSQL", "SQLKit", "SQLiteKit", "SQLiteNIO",
                                            "PostgresKit", "PostgresNIO", "FluentSQLiteDriver", "FluentPostgresDriver"]
    var wrapped: any LogHandler

    func log(event: LogEvent) {
        if event.level < .info, Self.querySources.contains(event.source) { return }
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
