import ConsoleKit
import Fluent
import Vapor
import LanternCore

/// `lantern user create|disable|reset-mfa`: account administration from the server's shell,
/// for when nobody can sign in (or to grant platform administration, which no form can).
/// `create` makes an invitation link: the person still chooses their own password and MFA.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create, disable or reset-mfa")
        var action: String
        @Option(name: "email", help: "The person's work email address")
        var email: String?
        @Option(name: "name", help: "create: the person's full name")
        var name: String?
        @Option(name: "organisation", help: "create: the organisation's exact name")
        var organisation: String?
        @Option(name: "roles", help: "create: comma-separated roles, e.g. case_worker,analyst")
        var roles: String?
    }

    var help: String { "Creates (by invitation), disables or resets the MFA of a user" }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let rawEmail = signature.email else { throw Failure(description: "--email is required") }
        let email = User.normalise(email: rawEmail)
        let services = app.lantern
        let now = services.now
        switch signature.action {
        case "create":
            guard let name = signature.name, let orgName = signature.organisation, let rawRoles = signature.roles else {
                throw Failure(description: "create needs --name, --organisation and --roles")
            }
            var errors = FormErrors()
            AccountValidation.checkEmail(email, into: &errors)
            AccountValidation.checkName(name, field: "name", label: "a name", into: &errors)
            let asked = rawRoles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let unknown = asked.filter { Role(rawValue: $0) == nil }
            if !unknown.isEmpty {
                throw Failure(description: "unknown role\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); the roles are "
                                + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let roles = AccountValidation.roles(from: asked, allowed: Role.allCases, into: &errors)
            if let problem = errors.items.first { throw Failure(description: problem.message) }
            guard let organisation = try await Organisation.query(on: app.db).filter(\.$name == orgName).first() else {
                throw Failure(description: "no organisation is named \(orgName)")
            }
            let created: InvitationService.Created
            do {
                created = try await app.db.transaction { tx in
                let created = try await InvitationService.invite(email: email, name: name, roles: roles,
                                                                 organisationID: organisation.requireID(), invitedBy: nil,
                                                                 services: services, on: tx)
                try await AuditLog.appendFromCommandLine(AuditEvent(action: "user.invited", recordType: "invitation",
                                                                    recordID: created.invitation.id?.uuidString),
                                                         organisation: organisation.id, at: now, key: app.lantern.auditChainKey, on: tx)
                return created
                }
            } catch LanternError.invalid(let problems) {
                // Said as a sentence, never as a Swift value.
                throw Failure(description: problems.map(\.message).joined(separator: "; "))
            }
            if try await User.query(on: app.db).filter(\.$email == email).first() != nil {
                context.console.print("Note: \(email) already has an account with another organisation; the invitation will tell them to sign in with it.")
            }
            context.console.print("Invitation for \(email) (valid 7 days, single use):")
            context.console.print(created.link)
            if created.emailed {
                context.console.print("It is also queued for email to \(email); a running server sends it.")
            }
            // This command cannot know where a running server listens: say which address the
            // link assumed (the same one `serve` prints without --port) and how to set it.
            if Environment.get("LANTERN_PUBLIC_URL")?.isEmpty ?? true {
                let path = URLComponents(string: created.link)?.path ?? ""
                context.console.print("""
                    The link assumes Lantern is served at \(services.settings.publicURL), where `lantern serve` listens \
                    without --port (LANTERN_PUBLIC_URL is not set). If it is served elsewhere, open \(path) there, and set \
                    LANTERN_PUBLIC_URL to its address (for example https://lantern.example.org) so that printed links are right.
                    """)
            }
        case "disable", "reset-mfa":
            guard let user = try await User.query(on: app.db).filter(\.$email == email).first() else {
                throw Failure(description: "no user has that email address")
            }
            try await app.db.transaction { tx in
                if signature.action == "disable" {
                    user.disabledAt = user.disabledAt ?? now
                } else {
                    user.totpSecret = nil
                    user.totpLastStep = nil
                    try await RecoveryCodeRecord.query(on: tx).filter(\.$user.$id == user.requireID()).delete()
                    try await Outbox.secondFactorWasReset(for: user, services: services, on: tx)
                }
                try await user.save(on: tx)
                try await SessionStarter.endAll(for: user.requireID(), at: now, on: tx)
                try await AuditLog.appendFromCommandLine(AuditEvent(action: signature.action == "disable" ? "user.disabled"
                                                                        : "user.second_factor_reset",
                                                                    recordType: "user", recordID: user.id?.uuidString),
                                                         organisation: user.$organisation.id, at: now, key: app.lantern.auditChainKey, on: tx)
            }
            context.console.print(signature.action == "disable" ? "Disabled \(email) and ended their sessions."
                                                                : "Reset the authenticator of \(email); they will enrol a new one at next sign-in.")
        default:
            throw Failure(description: "unknown action \(signature.action); use create, disable or reset-mfa")
        }
    }
}
