import Vapor

/// The `lantern` subcommands beside Vapor's `serve` and Fluent's `migrate`.
func registerCommands(_ app: Application) {
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(DatasetsCommand(), as: "datasets")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.asyncCommands.use(ReindexSearchCommand(), as: "reindex-search")
    app.asyncCommands.use(ProfileCommand(), as: "profile")
}
