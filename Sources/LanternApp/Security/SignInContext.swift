import Vapor
import LanternCore

/// Who is making this request, worked out once by the session or token middleware.
struct SignInContext: Sendable {
    let user: User
    let organisationName: String
    /// Present for browser sessions; nil for API tokens.
    let session: UserSession?
    /// The raw session token from the cookie (only used to derive the CSRF token).
    let stage: UserSession.Stage

    var fullySignedIn: Bool { stage == .signedIn }
    var roles: Set<Role> { user.roleSet }
    var userID: UUID { user.id! }
    var organisationID: UUID { user.$organisation.id }
}

/// Per-request values Lantern keeps on the request.
struct RequestState: Sendable {
    var signIn: SignInContext?
    /// A new anonymous form token to set as a cookie on the way out.
    var newFormToken: String?
    /// The anonymous form token sent by the browser.
    var formToken: String?
}

extension Request {
    private struct StateKey: StorageKey { typealias Value = RequestState }

    var lantern: RequestState {
        get { storage[StateKey.self] ?? RequestState() }
        set { storage[StateKey.self] = newValue }
    }

    /// The signed-in person, past the second factor; otherwise the request is refused
    /// (a redirect to sign in for pages, 401 for the API).
    func requireSignedIn() throws -> SignInContext {
        guard let context = lantern.signIn, context.fullySignedIn else { throw LanternError.signInRequired }
        return context
    }

    /// Function-level check: the person's roles allow this action on something. Without it,
    /// the answer is 403 (they can know the page exists; they may not use it).
    @discardableResult
    func authorise(_ action: Action) throws -> SignInContext {
        let context = try requireSignedIn()
        guard application.lantern.policy.allowsSome(context.roles, action) else { throw LanternError.forbidden }
        return context
    }

    /// Function-level check for a page of several audiences: at least one of the actions is
    /// allowed on something (403 otherwise).
    @discardableResult
    func authorise(anyOf actions: [Action]) throws -> SignInContext {
        let context = try requireSignedIn()
        let policy = application.lantern.policy
        guard actions.contains(where: { policy.allowsSome(context.roles, $0) }) else { throw LanternError.forbidden }
        return context
    }

    /// Object-level check: the action is allowed on this record. A record the person may not
    /// see answers 404, exactly as if it did not exist, so ids cannot be probed.
    @discardableResult
    func authorise(_ action: Action, on relation: Relation) throws -> SignInContext {
        let context = try authorise(action)
        guard application.lantern.policy.permits(context.roles, action, on: relation) else { throw LanternError.notFound }
        return context
    }

    /// How a record owned by `organisationID` relates to the signed-in person.
    func relation(toOrganisation organisationID: UUID, userID: UUID? = nil) throws -> Relation {
        let context = try requireSignedIn()
        if let userID, userID == context.userID { return .own }
        return organisationID == context.organisationID ? .sameOrganisation : .otherOrganisation
    }
}
