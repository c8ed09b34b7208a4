/// What the command line asks for, before Vapor sees it: `lantern demo` and
/// `lantern serve --demo` both mean "serve the demo database"; `--no-migrate` leaves the
/// schema to a separate `lantern migrate` job (many nodes on one PostgreSQL).
struct Invocation: Equatable {
    var arguments: [String]
    var demo = false
    var migrateOnStart = true
    var serving = false

    init(_ raw: [String]) {
        var args = raw
        if args.count >= 2, args[1] == "demo" {
            demo = true
            args[1] = "serve"
        }
        if args.contains("--demo") {
            demo = true
            args.removeAll { $0 == "--demo" }
        }
        if args.contains("--no-migrate") {
            migrateOnStart = false
            args.removeAll { $0 == "--no-migrate" }
        }
        // Vapor serves when no command is given.
        serving = args.count < 2 || args[1] == "serve" || args[1].hasPrefix("-")
        let command = args.count >= 2 ? args[1] : "serve"
        // Only commands that need the current schema migrate; `audit verify` only reads.
        if !["serve", "user", "migrate"].contains(command) && serving == false { migrateOnStart = false }
        if command == "migrate" { migrateOnStart = false }
        arguments = args
    }
}
