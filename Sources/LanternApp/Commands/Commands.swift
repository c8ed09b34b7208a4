import Vapor

/// The `lantern` subcommands beside Vapor's `serve` and Fluent's `migrate`.
func registerCommands(_ app: Application) {
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(AuditCommand(), as: "audit")
}
