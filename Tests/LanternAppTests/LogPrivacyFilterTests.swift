import Logging
import Synchronization
import Testing
@testable import LanternApp

@Suite struct LogPrivacyFilterTests {
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

    @Test func statementsRequestHeadsAndBodiesNeverReachTheLogEvenAtTrace() {
        let captured = Captured()
        let logger = Logger(label: "test") { _ in LogPrivacyFilter(wrapped: CapturingHandler(captured: captured)) }
        logger.debug("Executing query", metadata: ["binds": "[Jane Doe]"], source: "SQLiteKit")
        logger.debug("Running query", source: "FluentKit")
        logger.trace("Executing query", source: "PostgresKit")
        logger.trace("POST /sign-in\nCookie: lantern-session=abc\n\nemail=a%40b&password=hunter2", source: "Vapor")
        logger.debug("Authorization: Bearer lt_secret", source: "NIOHTTP1")
        logger.debug("scheduled job ran", source: "LanternApp")
        logger.warning("Connection request timed out", source: "FluentKit")
        #expect(captured.lines.withLock { $0 } == ["LanternApp: scheduled job ran", "FluentKit: Connection request timed out"])
    }
}
