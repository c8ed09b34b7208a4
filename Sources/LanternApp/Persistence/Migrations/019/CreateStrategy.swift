import Fluent
import SQLKit

/// A group's strategy: priorities, objectives, indicators, entered indicator values (a new
/// row per correction, the highest version current) and the governance actions linked to
/// objectives. The group and action ids hold no foreign key to the governance tables (as
/// terms hold none to meetings): strategy rows are deleted with their priority, not with a group.
struct CreateStrategy: AsyncMigration {
    var name: String { "019_CreateStrategy" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(StrategyPriority.schema)
                .id()
                .field("group_id", .uuid, .required)
                .field("position", .int, .required)
                .field("title", .string, .required)
                .field("description", .string, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .create()
            try await tx.schema(StrategyObjective.schema)
                .id()
                .field("priority_id", .uuid, .required, .references(StrategyPriority.schema, "id", onDelete: .cascade))
                .field("position", .int, .required)
                .field("title", .string, .required)
                .field("description", .string, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .create()
            try await tx.schema(StrategyIndicator.schema)
                .id()
                .field("objective_id", .uuid, .required, .references(StrategyObjective.schema, "id", onDelete: .cascade))
                .field("name", .string, .required)
                .field("binding", .string)
                .field("period_kind", .string, .required)
                .field("unit", .string, .required)
                .field("direction", .string, .required)
                .field("target", .double, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .create()
            try await tx.schema(StrategyIndicatorValue.schema)
                .id()
                .field("indicator_id", .uuid, .required, .references(StrategyIndicator.schema, "id", onDelete: .cascade))
                .field("period", .string, .required)
                .field("period_end", .int, .required)
                .field("version", .int, .required)
                .field("value", .double, .required)
                .field("recorded_at", .datetime, .required)
                .field("recorded_by", .uuid, .required)
                .unique(on: "indicator_id", "period", "version")
                .create()
            try await tx.schema(StrategyObjectiveAction.schema)
                .id()
                .field("objective_id", .uuid, .required, .references(StrategyObjective.schema, "id", onDelete: .cascade))
                .field("action_id", .uuid, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .unique(on: "objective_id", "action_id")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "strategy_priorities_group").on(StrategyPriority.schema).column("group_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StrategyObjectiveAction.schema).delete()
        try await database.schema(StrategyIndicatorValue.schema).delete()
        try await database.schema(StrategyIndicator.schema).delete()
        try await database.schema(StrategyObjective.schema).delete()
        try await database.schema(StrategyPriority.schema).delete()
    }
}
