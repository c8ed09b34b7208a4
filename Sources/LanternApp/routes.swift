import Vapor

/// Every route Lantern serves: each feature in `LanternFeatures.all` registers its own, each
/// with its access rule (see `Support/Feature.swift`).
func routes(_ app: Application) throws {
    LanternFeatures.register(on: app)
}
