import Foundation
import LanternCore
import NIOConcurrencyHelpers
import Vapor

/// Hands a rendered message to something that sends it.
protocol MailTransport: Sendable {
    /// Returns when the message was accepted; throws `MailFailure` otherwise.
    func send(_ rendered: String) async throws
}

/// The configured sendmail-compatible command (`LANTERN_MAIL_COMMAND`), run without a shell
/// for each message, with the message on standard input. Its output is discarded: it may quote
/// the address or the message, and Lantern keeps neither in its logs (msmtp's `--logfile`
/// is the place for a mail log).
struct CommandMailTransport: MailTransport {
    let words: [String]
    var timeout: Duration = .seconds(30)

    init(words: [String]) {
        self.words = words
        // A command that exits before reading its input must not take Lantern with it.
        signal(SIGPIPE, SIG_IGN)
    }

    func send(_ rendered: String) async throws {
        guard let program = words.first, let executable = Self.locate(program) else { throw MailFailure.couldNotStart }
        let process = ProcessBox(Process())
        process.value.executableURL = executable
        process.value.arguments = Array(words.dropFirst())
        let input = Pipe()
        process.value.standardInput = input
        process.value.standardOutput = FileHandle.nullDevice
        process.value.standardError = FileHandle.nullDevice
        let timedOut = NIOLockedValueBox(false)
        let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
        defer { timer.withLockedValue { $0?.cancel() } }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.value.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.value.run()
            } catch {
                process.value.terminationHandler = nil
                continuation.resume(throwing: MailFailure.couldNotStart)
                return
            }
            try? input.fileHandleForWriting.write(contentsOf: Data(rendered.utf8))
            try? input.fileHandleForWriting.close()
            let timeout = timeout
            timer.withLockedValue {
                $0 = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil, process.value.isRunning else { return }
                    timedOut.withLockedValue { $0 = true }
                    process.value.terminate()
                }
            }
        }
        if timedOut.withLockedValue({ $0 }) { throw MailFailure.timedOut(seconds: Int(timeout.components.seconds)) }
        guard status == 0 else { throw MailFailure.exited(status: status) }
    }

    /// A path as given, or the program found on PATH.
    static func locate(_ program: String) -> URL? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? URL(fileURLWithPath: program) : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    /// `Process` is used from the continuation and the timeout task; it is thread-safe for
    /// `isRunning` and `terminate`.
    final class ProcessBox: @unchecked Sendable {
        let value: Process
        init(_ value: Process) { self.value = value }
    }
}

extension Application {
    private struct MailTransportKey: StorageKey { typealias Value = any MailTransport }

    /// How messages leave: the configured command, unless a test put its own in.
    var mailTransport: (any MailTransport)? {
        get {
            if let set = storage[MailTransportKey.self] { return set }
            return lantern.settings.mailCommand.map { CommandMailTransport(words: $0) }
        }
        set { storage[MailTransportKey.self] = newValue }
    }
}
