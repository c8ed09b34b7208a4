import Logging
import Synchronization
import Testing
@testable import LanternApp

@Suite struct QueryLogFilterTests {
    /// Remembers what reaches it.
    final class Captured: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingHandler: LogHandler {
        let captured: Captured
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            captured.lines.withLock { $0.append("\(event.source): \(event.message)") }
        }
    }

    @Test func statementsAndTheirValuesNeverReachTheLogEvenAtDebug() {
        let captured = Captured()
        let logger = Logger(label: "test") { _ in QueryLogFilter(wrapped: CapturingHandler(captured: captured)) }
        logger.debug("Executing query", metadata: ["binds": "[Jane Doe]"], source: "SQLiteKit")
        logger.debug("Running query", source: "FluentKit")
        logger.trace("Executing query", source: "PostgresKit")
        logger.debug("scheduled job ran", source: "LanternApp")
        logger.warning("Connection request timed out", source: "FluentKit")
        #expect(captured.lines.withLock { $0 } == ["LanternApp: scheduled job ran", "FluentKit: Connection request timed out"])
    }
}
