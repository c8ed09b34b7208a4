import Fluent
import Foundation
import Logging
import Vapor

/// Starts Lantern from the command line: reads settings, configures, seeds the demo or
/// prints the first-run setup link, then hands over to Vapor's command runner.
public enum Launcher {
    public static func run(_ rawArguments: [String] = CommandLine.arguments) async -> Int32 {
        let invocation = Invocation(rawArguments)
        if let problem = invocation.problem {
            FileHandle.standardError.write(Data("lantern: \(problem)\n".utf8))
            return 2
        }
        var environment: Environment
        do {
            environment = try Environment.detect(arguments: invocation.arguments)
            try LoggingSystem.bootstrap(from: &environment) { level in
                let console = Terminal()
                return { label in LogPrivacyFilter(wrapped: ConsoleLogger(label: label, console: console, level: level)) }
            }
        } catch {
            FileHandle.standardError.write(Data("lantern: \(error)\n".utf8))
            return 2
        }
        let app: Application
        do { app = try await Application.make(environment) } catch {
            FileHandle.standardError.write(Data("lantern: cannot start: \(error)\n".utf8))
            return 1
        }
        var status: Int32 = 0
        if invocation.askingForHelp {
            // Help touches nothing: no key file, no database file, no demo, no migrations.
            registerCommands(app)
            app.asyncCommands.use(DemoHelp(), as: "demo")
            app.asyncCommands.use(MigrateHelp(), as: "migrate")
            do { try await app.execute() } catch {
                FileHandle.standardError.write(Data("lantern: \(error)\n".utf8))
                status = 1
            }
            try? await app.asyncShutdown()
            return status
        }
        do {
            var settings = try LanternSettings.fromEnvironment(demo: invocation.demo)
            if let port = invocation.port {
                settings.port = port
                if ProcessInfo.processInfo.environment["LANTERN_PUBLIC_URL"]?.isEmpty ?? true {
                    let host = invocation.hostname.map { $0 == "0.0.0.0" ? "127.0.0.1" : $0 } ?? "127.0.0.1"
                    settings.publicURL = "http://\(host):\(port)"
                }
            }
            settings.migrateOnStart = invocation.migrateOnStart || invocation.demo
            if invocation.demo, case .sqlite(let path) = settings.database {
                // The demo starts afresh each time: fictional data only, never kept.
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            try await configure(app, settings: settings)
            if invocation.demo, case .postgres = settings.database, try await Organisation.query(on: app.db).count() > 0 {
                throw DemoRefused()
            }
            if invocation.demo {
                let accounts = try await DemoSeed.run(app, cases: invocation.demoCases, seed: invocation.demoSeed)
                if invocation.generateOnly {
                    print("Demo database written: \(invocation.demoCases) cases (seed \(invocation.demoSeed)).")
                    print(DemoSeed.describe(accounts, url: settings.publicURL))
                    try? await app.asyncShutdown()
                    return 0
                }
                print(DemoSeed.describe(accounts, url: settings.publicURL))
            } else if invocation.serving, let link = try await SetupLink.createIfNeeded(app) {
                print("""

                Lantern has no accounts yet. Open this one-time link to create the first organisation
                and its administrator (valid for 24 hours):

                    \(link)

                """)
            }
            if invocation.serving {
                // Every node runs the timer; the job_runs table makes each window run once.
                let interval = TimeInterval(ProcessInfo.processInfo.environment["LANTERN_JOB_INTERVAL"].flatMap(Int.init) ?? 300)
                let node = ProcessInfo.processInfo.environment["LANTERN_NODE_NAME"] ?? "node-\(settings.port)-\(getpid())"
                app.lifecycle.use(JobScheduler(interval: max(1, interval), node: node))
                app.lifecycle.use(CaseSearchBackfill())
            }
            try await app.execute()
        } catch {
            // Settings, key and database problems are explained, not dumped.
            FileHandle.standardError.write(Data("lantern: \(error)\n".utf8))
            status = 1
        }
        try? await app.asyncShutdown()
        return status
    }
}

/// The demo never seeds fictional people into a database that already holds organisations.
struct DemoRefused: Error, CustomStringConvertible {
    let description = "DATABASE_URL names a PostgreSQL database that already holds organisations; the demo runs only on an empty one"
}
