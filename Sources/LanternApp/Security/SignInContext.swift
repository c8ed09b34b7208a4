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
    /// Where they stand against the training requirements (nothing held unless loaded).
    let training: TrainingPosition
    /// The access policy as it stands for them: grants whose training condition they do not
    /// meet are gone. Every check for this person asks this, never the bare table.
    let policy: AccessPolicy

    init(user: User, organisationName: String, session: UserSession?, stage: UserSession.Stage,
         policy: AccessPolicy, training: TrainingPosition = TrainingPosition()) {
        self.user = user
        self.organisationName = organisationName
        self.session = session
        self.stage = stage
        self.training = training
        self.policy = policy.standing(training.standing)
    }

    /// The context with the person's training position read from the database, when some
    /// requirement applies to their roles.
    static func withTraining(user: User, organisationName: String, session: UserSession?, stage: UserSession.Stage,
                             request: Request) async throws -> SignInContext {
        let services = request.application.lantern
        let position = stage == .signedIn
            ? try await TrainingStandingLoader.position(of: try user.requireID(), roles: user.roleSet, policy: services.policy,
                                                        today: services.today, on: request.db)
            : TrainingPosition()
        return SignInContext(user: user, organisationName: organisationName, session: session, stage: stage,
                             policy: services.policy, training: position)
    }

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

    /// The access policy for whoever is asking: the signed-in person's (with their training
    /// conditions applied), or the bare table when nobody is signed in.
    var accessPolicy: AccessPolicy { lantern.signIn?.policy ?? application.lantern.policy }

    /// Function-level check: the person's roles allow this action on something. Without it,
    /// the answer is 403 (they can know the page exists; they may not use it). When only
    /// training stands in the way, the 403 says which and how to book.
    @discardableResult
    func authorise(_ action: Action) throws -> SignInContext {
        let context = try requireSignedIn()
        guard context.policy.allowsSome(context.roles, action) else { throw refusal(context, [action]) }
        return context
    }

    /// 403, naming the training that would allow one of the actions, if training is the reason.
    private func refusal(_ context: SignInContext, _ actions: [Action]) -> LanternError {
        for action in actions {
            // Asked of the whole table: the person's own no longer holds the grants training would unlock.
            let missing = application.lantern.policy.missingTraining(context.roles, action, standing: context.training.standing)
            if let qualification = missing.sorted().first {
                return .trainingRequired(qualification: qualification, lapsedAfter: context.training.lapsed[qualification] ?? nil)
            }
        }
        return .forbidden
    }

    /// Function-level check for a page of several audiences: at least one of the actions is
    /// allowed on something (403 otherwise).
    @discardableResult
    func authorise(anyOf actions: [Action]) throws -> SignInContext {
        let context = try requireSignedIn()
        guard actions.contains(where: { context.policy.allowsSome(context.roles, $0) }) else { throw refusal(context, actions) }
        return context
    }

    /// Object-level check: the action is allowed on this record. A record the person may not
    /// see answers 404, exactly as if it did not exist, so ids cannot be probed.
    @discardableResult
    func authorise(_ action: Action, on relation: Relation) throws -> SignInContext {
        let context = try authorise(action)
        guard context.policy.permits(context.roles, action, on: relation) else { throw LanternError.notFound }
        return context
    }

    /// How a record owned by `organisationID` relates to the signed-in person.
    func relation(toOrganisation organisationID: UUID, userID: UUID? = nil) throws -> Relation {
        let context = try requireSignedIn()
        if let userID, userID == context.userID { return .own }
        return organisationID == context.organisationID ? .sameOrganisation : .otherOrganisation
    }
}
