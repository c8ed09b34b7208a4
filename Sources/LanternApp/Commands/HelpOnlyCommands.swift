import ConsoleKit
import Vapor

/// Commands that `lantern --help` lists but that are not ready without a configured
/// application (help touches no file and no database).

/// `lantern demo`'s entry in `lantern --help` and `lantern demo --help`. The launcher turns
/// `lantern demo` into `serve` on the demo database before Vapor sees it, so this command
/// only describes it.
struct DemoHelp: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "cases", help: "how many fictional cases to generate (default 300, up to 5000000)")
        var cases: Int?
        @Option(name: "seed", help: "the random seed, for the same data each time (default 1)")
        var seed: Int?
        @Option(name: "port", short: "p", help: "the port to serve on (default 8080, or PORT)")
        var port: Int?
        @Flag(name: "generate-only", help: "write the demo database and stop (for benchmarks)")
        var generateOnly: Bool
    }

    var help: String {
        "Serves a fictional demo database (lantern-demo.sqlite, recreated at each start; every page marked DEMO) and prints one account per role"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print("Run `lantern demo` without --help to start the demo.")
    }
}

/// `lantern migrate`'s entry in help (Fluent's own command needs a configured database).
struct MigrateHelp: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "yes", short: "y", help: "migrate without asking")
        var yes: Bool
    }

    var help: String { "Runs the database migrations once (a deploy job; then `serve --no-migrate` on every node)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        context.console.print("Run `lantern migrate` without --help to migrate.")
    }
}
