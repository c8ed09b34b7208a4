import Fluent
import Vapor
import LanternCore

/// First run: the one-time link printed by `lantern serve` lets one person create the first
/// organisation and become its administrator (and the platform administrator). There are
/// no default accounts.
struct SetupController {
    func register(_ routes: LanternRoutes) {
        routes.get(SetupPaths.setup, access: .open, use: show)
        routes.post(SetupPaths.setup, access: .open, use: submit)
    }

    struct Form: Content {
        var organisationName: String?
        var organisationKind: String?
        var boroughs: [String]?
        var name: String?
        var email: String?
        var password: String?
        var passwordConfirmation: String?

        enum CodingKeys: String, CodingKey {
            case organisationName = "organisation-name", organisationKind = "organisation-kind", boroughs
            case name, email, password, passwordConfirmation = "password-confirmation"
        }
    }

    private func usableToken(_ request: Request) async throws -> SetupToken {
        let token = request.parameters.get("token") ?? ""
        let now = request.application.lantern.now
        guard let record = try await SetupToken.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.storedHash(of: token)).first(),
              record.usedAt == nil, record.expiresAt > now,
              try await User.query(on: request.db).count() == 0 else {
            throw LanternError.gone(SetupPages.localiser(request)("setup.link-unusable"))
        }
        return record
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        _ = try await usableToken(request)
        return request.render(page(SetupPages.Setup(catalogue: request.application.lantern.boroughs, action: request.url.path),
                                   errors: FormErrors(), request: request))
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let record = try await usableToken(request)
        let form = try request.content.decode(Form.self)
        let catalogue = request.application.lantern.boroughs
        let l = SetupPages.localiser(request)
        var errors = FormErrors()
        let organisation = OrganisationFields(name: form.organisationName, kind: form.organisationKind, boroughs: form.boroughs,
                                              catalogue: catalogue, errors: &errors, l: l)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        // LanternCore's validation messages are English (a noun inside one), so the noun is too.
        AccountValidation.checkName(name, field: "name", label: Localiser.englishGB("setup.noun-your-name"), into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        AccountValidation.checkPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else {
            let model = SetupPages.Setup(organisation: organisation, name: name, email: email, catalogue: catalogue, action: request.url.path)
            return request.render(page(model, errors: errors, request: request))
        }
        let hash = try await request.passwords.hash(form.password ?? "")
        let now = request.application.lantern.now
        let token = try await request.db.transaction { tx in
            let created = try await organisation.create(on: tx, at: now, l: l)
            let user = User(organisationID: try created.requireID(), email: email, displayName: name, passwordHash: hash,
                            roles: [.organisationAdmin, .platformAdmin], createdAt: now)
            try await user.create(on: tx)
            record.usedAt = now
            try await record.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "setup.completed", recordType: "organisation",
                                                 recordID: created.id?.uuidString),
                                      actor: user.id, organisation: created.id, requestID: request.traceID,
                                      sourceAddress: request.clientAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.enrollingSecondFactor, for: user, request: request, on: tx).token
        }
        let response = request.redirect(to: Href.secondFactorSetup)
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    private func page(_ model: SetupPages.Setup, errors: FormErrors, request: Request) -> Page {
        SetupPages.setup(model, errors: errors, csrf: request.csrfToken, l: SetupPages.localiser(request))
    }
}

/// Makes the one-time setup link when the database has no accounts yet.
public enum SetupLink {
    /// Returns the link to print, or nil when accounts already exist.
    public static func createIfNeeded(_ app: Application) async throws -> String? {
        guard try await User.query(on: app.db).count() == 0 else { return nil }
        let now = app.lantern.now
        let token = SecretToken.generate()
        try await SetupToken(tokenHash: SecretToken.storedHash(of: token), now: now,
                             expiresAt: now.addingTimeInterval(app.lantern.settings.setupLinkLifetime)).create(on: app.db)
        return Href.setup(token).absolute(from: app.lantern.settings.publicURL)
    }
}
