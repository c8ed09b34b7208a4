import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/training/exemptions`: an organisation's administrators see which of its people the
/// training requirements hold back, and exempt one of them from one requirement until a day
/// (at most 90 days ahead, never themselves), or end an exemption early. Every grant and end
/// is audited; at most one exemption per person and action is live.
struct TrainingExemptionsController {
    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.exemptions, access: .action(.grantTrainingExemption), use: list)
        routes.post(TrainingPaths.exemptions, access: .action(.grantTrainingExemption), use: grant)
        routes.post(TrainingPaths.revokeExemption, access: .action(.grantTrainingExemption), use: revoke)
    }

    struct GrantForm: Content {
        var person: String?; var action: String?; var until: String?; var reason: String?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        try request.authoriseForOwnOrganisation(.grantTrainingExemption)
        return request.render(try await page(request, GrantForm(), errors: FormErrors()))
    }

    /// The page: requirements in force, the organisation's people they apply to with their
    /// standing, live exemptions, and the form.
    private func page(_ request: Request, _ input: GrantForm, errors: FormErrors) async throws -> Page {
        let context = try request.requireSignedIn()
        let services = request.application.lantern, today = services.today
        let requirements = services.policy.requirements
        let people = try await User.query(on: request.db).filter(\.$organisation.$id == context.organisationID)
            .filter(\.$disabledAt == nil).sort(\.$displayName).limit(2_000).all()
            .filter { !requirements.qualifications(for: $0.roleSet).isEmpty }
        let exemptions = try await TrainingExemption.query(on: request.db).filter(\.$organisationID == context.organisationID)
            .filter(\.$revokedAt == nil).filter(\.$untilDay >= today.daysSinceEpoch).sort(\.$untilDay).all()
        let held = try await TrainingStandingLoader.qualificationsHeld(inOrganisation: context.organisationID,
                                                                       among: Set(requirements.conditions.values.flatMap(\.values)),
                                                                       today: today, on: request.db)
        // Names for every live exemption, including one whose person has since left a role or been disabled.
        let names = Dictionary(try await User.query(on: request.db).filter(\.$id ~~ Array(Set(exemptions.map(\.userID)))).all()
            .compactMap { p in p.id.map { ($0, p.displayName) } }, uniquingKeysWith: { a, _ in a })
        let model = TrainingExemptionPages.Model(
            requirements: requirements.conditions.flatMap { role, actions in
                actions.map { action, qualification in (role: role.label, action: action.label, qualification: qualification) }
            }.sorted { ($0.role, $0.action) < ($1.role, $1.action) },
            people: people.compactMap { person in
                guard let id = person.id else { return nil }
                let needed = requirements.qualifications(for: person.roleSet).sorted(), holds = held[id] ?? []
                return .init(name: person.displayName, held: needed.filter { holds.contains($0) }, missing: needed.filter { !holds.contains($0) })
            },
            exemptions: exemptions.map { e in
                .init(id: e.id?.uuidString ?? "", person: names[e.userID] ?? "", action: Action(rawValue: e.action)?.label ?? e.action,
                      until: e.until, reason: e.reason)
            },
            personOptions: people.compactMap { p in p.id.flatMap { $0 == context.userID ? nil : ($0.uuidString, p.displayName) } },
            actionOptions: requirements.actions.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, $0.label) },
            latest: today.adding(days: TrainingExemptionRules.longestDays),
            input: input, errors: errors)
        return TrainingExemptionPages.page(model, csrf: request.csrfToken, l: TrainingAccess.localiser(request))
    }

    @Sendable func grant(_ request: Request) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.grantTrainingExemption)
        let input = try request.content.decode(GrantForm.self)
        let services = request.application.lantern, today = services.today
        guard !services.policy.requirements.isEmpty else {
            throw LanternError.conflict("No training requirement is in force, so there is nothing to exempt anyone from.")
        }
        let l = TrainingAccess.localiser(request)
        let granteeID = input.person.flatMap { UUID(exactly: $0.trimmingCharacters(in: .whitespaces)) }
        // Only an active person of the administrator's own organisation can be named.
        var grantee: User?
        if let granteeID {
            grantee = try await User.query(on: request.db).filter(\.$id == granteeID)
                .filter(\.$organisation.$id == context.organisationID).filter(\.$disabledAt == nil).first()
        }
        let draft = TrainingExemptionRules.Draft(granteeID: grantee?.id, action: input.action.flatMap(Action.init(rawValue:)),
                                                 until: input.until.flatMap { Day(iso: $0.trimmingCharacters(in: .whitespaces)) },
                                                 reason: input.reason ?? "")
        let problems = TrainingExemptionRules.problems(draft, granterID: context.userID, granteeRoles: grantee?.roleSet,
                                                       requirements: services.policy.requirements, today: today)
        var errors = FormErrors()
        for problem in TrainingExemptionRules.Problem.allCases where problems.contains(problem) {
            switch problem {
            case .person: errors.add("person", l("training.exemption.error.person"))
            case .selfGrant: errors.add("person", l("training.exemption.error.self"))
            case .action: errors.add("action", l("training.exemption.error.action"))
            case .until: errors.add("until", l("training.exemption.error.until", ["days": l.number(TrainingExemptionRules.longestDays)]))
            case .reason: errors.add("reason", l("training.exemption.error.reason"))
            }
        }
        guard errors.isEmpty, let granteeID = draft.granteeID, let action = draft.action, let until = draft.until else {
            return request.render(try await page(request, input, errors: errors))
        }
        let exemption = TrainingExemption()
        exemption.id = UUID()
        exemption.userID = granteeID
        exemption.organisationID = context.organisationID
        exemption.action = action.rawValue
        exemption.untilDay = until.daysSinceEpoch
        exemption.reason = draft.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        exemption.grantedBy = context.userID
        exemption.grantedAt = services.now
        do {
            try await request.db.transaction { tx in
                // A new exemption replaces the person's live one for the action (ended, kept on record).
                let replaced = try await TrainingExemption.query(on: tx).filter(\.$userID == granteeID).filter(\.$action == action.rawValue)
                    .filter(\.$revokedAt == nil).all()
                for old in replaced {
                    try await TrainingExemption.query(on: tx).filter(\.$id == old.requireID()).filter(\.$revokedAt == nil)
                        .set(\.$revokedAt, to: services.now).set(\.$revokedBy, to: context.userID).update()
                    try await request.audit(AuditEvent(action: "training_exemption.revoked", recordType: "training_exemption",
                                                       recordID: old.id?.uuidString), on: tx)
                }
                try await exemption.create(on: tx)
                try await request.audit(AuditEvent(action: "training_exemption.granted", recordType: "training_exemption",
                                                   recordID: exemption.id?.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another grant for the same person and action won the race; it stands.
            throw LanternError.conflict("An exemption for this person and action was granted at the same moment. Reload the page to see it.")
        }
        return request.redirect(to: Href.trainingExemptions)
    }

    @Sendable func revoke(_ request: Request) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.grantTrainingExemption)
        let id = try TrainingAccess.uuid(request, "exemptionID")
        guard let exemption = try await TrainingExemption.find(id, on: request.db) else { throw LanternError.notFound }
        try request.authorise(.grantTrainingExemption, forOrganisation: exemption.organisationID)
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            // One guarded statement: of many at once, one ends it and the rest find it ended.
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            guard try await sql.update(TrainingExemption.schema)
                .set("revoked_at", to: now).set("revoked_by", to: context.userID)
                .where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null)
                .returning("id").first() != nil else { throw LanternError.conflict("This exemption has already ended.") }
            try await request.audit(AuditEvent(action: "training_exemption.revoked", recordType: "training_exemption",
                                               recordID: id.uuidString), on: tx)
        }
        return request.redirect(to: Href.trainingExemptions)
    }
}
