/// The JSON API's own routes (who am I, boroughs, organisations) and its OpenAPI document.
/// Features with an API face register their API routes in their own `Feature`.
extension Feature {
    static let api = Feature(name: "API", register: { routes in APIController().register(routes) })
}

enum APIPaths {
    /// `/api/…`: the JSON API's root, for problem+json on unmatched API paths.
    static let root = RoutePath("api")
    static let openAPI = RoutePath("api", "openapi.json")
    static let me = RoutePath.api("me")
    static let boroughs = RoutePath.api("boroughs")
    static let organisations = RoutePath.api("organisations")
    static let organisation = RoutePath.api("organisations", ":organisationID")
    static let organisationUsers = RoutePath.api("organisations", ":organisationID", "users")
    static let organisationAudit = RoutePath.api("organisations", ":organisationID", "audit")
}
