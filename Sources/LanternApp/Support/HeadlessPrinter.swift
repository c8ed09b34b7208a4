import Foundation
import Vapor

/// Prints a self-contained HTML document to PDF with headless Chromium, the browser the
/// end-to-end tests already use (Debian's `chromium` package), so a PDF looks exactly as
/// the page prints from a browser. The document is written to a private temporary folder
/// and opened as a file with every network name unresolvable; the document itself carries a
/// content security policy that allows no script and no fetch (`HeadlessPrinter.policy`),
/// so nothing in it can run or reach out. At most two print at once (each is a browser
/// process); more wait their turn up to a limit, then get 429. `LANTERN_CHROMIUM` names
/// another executable.
///
/// The browser runs under coreutils' `timeout`, which gives it a process group of its own and,
/// past the time limit, stops the whole group (the browser's helpers too), killing it outright
/// a few seconds later if it has not gone. Lantern waits for it without holding a thread: the
/// thread pool is where the database's blocking work runs.
enum HeadlessPrinter {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    /// A PDF taking longer than this many seconds is abandoned (the browser is stopped).
    static let timeLimit = 60
    /// coreutils' `timeout`, present on every Debian system.
    static let timeoutCommand = ["/usr/bin/timeout", "/bin/timeout"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The browser to print with, if this machine has one.
    static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let named = environment["LANTERN_CHROMIUM"], !named.isEmpty {
            return FileManager.default.isExecutableFile(atPath: named) ? named : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in candidates {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    static let gate = PrintGate(running: 2, waiting: 8)

    /// The `<meta>` every printed document carries: styles inside it and images as data, nothing else.
    static let policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"

    /// The PDF of `html`. Throws `LanternError.unavailable` when no browser is installed or it
    /// fails, `.tooManyRequests` when too many are waiting.
    static func pdf(of html: String) async throws -> Data {
        guard let browser = executable(), let timeout = timeoutCommand else {
            throw LanternError.unavailable("Making a PDF needs Chromium on the server (the Debian package chromium). "
                                           + "Until then, print the report from your browser and choose Save as PDF: it prints the same.")
        }
        try await gate.enter()
        do {
            let data = try await run(browser, under: timeout, html: html)
            await gate.leave()
            return data
        } catch {
            await gate.leave()
            throw error
        }
    }

    private static func run(_ browser: String, under timeout: String, html: String) async throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html"), output = folder.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timeout)
        process.arguments = ["--kill-after=5", String(timeLimit), browser,
                             "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run", "--disable-dev-shm-usage",
                             "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                             "--no-pdf-header-footer", "--print-to-pdf=\(output.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { finished in
            process.terminationHandler = { finished.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Data("%PDF".utf8)) else {
            throw LanternError.unavailable("The PDF could not be made this time. Try again, or print the report from your browser and choose Save as PDF.")
        }
        return data
    }
}

/// At most `running` at once and `waiting` in line; anyone beyond is turned away.
actor PrintGate {
    let running: Int, waiting: Int
    private var active = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    func enter() async throws {
        if active < running {
            active += 1
            return
        }
        guard queue.count < waiting else { throw LanternError.tooManyRequests }
        await withCheckedContinuation { queue.append($0) }
    }

    func leave() {
        if queue.isEmpty {
            active -= 1
        } else {
            queue.removeFirst().resume()
        }
    }
}
