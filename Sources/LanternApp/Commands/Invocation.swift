/// What the command line asks for, before Vapor sees it: `lantern demo` and
/// `lantern serve --demo` both mean "serve the demo database"; `--no-migrate` leaves the
/// schema to a separate `lantern migrate` job (many nodes on one PostgreSQL).
struct Invocation: Equatable {
    var arguments: [String]
    var demo = false
    var migrateOnStart = true
    var serving = false
    /// `lantern demo --cases N --seed S`: how many synthetic cases the demo holds.
    var demoCases = 300
    var demoSeed: UInt64 = 1
    /// `--generate-only`: write the demo database and stop (for benchmarks).
    var generateOnly = false
    /// `--help` or `-h` anywhere: print help, touch nothing (no files, no database).
    var askingForHelp = false
    /// The port and host given to `serve` (`--port`/`-p`, `--hostname`/`-H`), so printed
    /// links name the address actually served.
    var port: Int?
    var hostname: String?
    var problem: String?

    init(_ raw: [String]) {
        var args = raw
        askingForHelp = args.contains("--help") || args.contains("-h")
        if args.count >= 2, args[1] == "demo" {
            demo = true
            // Help for the demo is the demo's own (its options), not serve's.
            if !askingForHelp { args[1] = "serve" }
        }
        if args.contains("--demo") {
            demo = true
            args.removeAll { $0 == "--demo" }
        }
        func value(after flag: String) -> String? {
            guard let index = args.firstIndex(of: flag) else { return nil }
            let next = args.index(after: index)
            let found = next < args.endIndex ? args[next] : nil
            args.removeSubrange(index...(found == nil ? index : next))
            return found ?? ""
        }
        if let cases = value(after: "--cases") {
            if let n = Int(cases), (0...5_000_000).contains(n) { demoCases = n } else { problem = "--cases must be a number from 0 to 5000000" }
        }
        if let seed = value(after: "--seed") {
            if let n = UInt64(seed) { demoSeed = n } else { problem = "--seed must be a whole number" }
        }
        if args.contains("--generate-only") {
            generateOnly = true
            args.removeAll { $0 == "--generate-only" }
        }
        if args.contains("--no-migrate") {
            migrateOnStart = false
            args.removeAll { $0 == "--no-migrate" }
        }
        // Vapor reads these itself; Lantern reads them too, for the links it prints.
        for flag in ["--port", "-p"] {
            if let index = args.firstIndex(of: flag), args.index(after: index) < args.endIndex {
                if let n = Int(args[args.index(after: index)]), (1...65535).contains(n) { port = n } else { problem = "--port must be a number from 1 to 65535" }
            }
        }
        for flag in ["--hostname", "-H"] {
            if let index = args.firstIndex(of: flag), args.index(after: index) < args.endIndex { hostname = args[args.index(after: index)] }
        }
        // Vapor serves when no command is given.
        // `lantern --port 9000` serves; `lantern --help` (anywhere) only prints help.
        serving = !askingForHelp && (args.count < 2 || args[1] == "serve" || args[1].hasPrefix("-"))
        let command = args.count >= 2 ? args[1] : "serve"
        // Only commands that need the current schema migrate; `audit verify` only reads.
        if !["serve", "user", "migrate", "import", "datasets"].contains(command) && serving == false { migrateOnStart = false }
        if command == "migrate" || askingForHelp { migrateOnStart = false }
        arguments = args
    }
}
