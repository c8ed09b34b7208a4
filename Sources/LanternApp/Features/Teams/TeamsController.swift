import Fluent
import Vapor
import LanternCore

/// An organisation's teams: list, create, rename, add and remove members. Only those who may
/// manage teams (the organisation's user administrators) use these pages; every change is
/// audited. A team of another organisation answers 404.
struct TeamsController {
    func register(_ routes: LanternRoutes) {
        routes.get(TeamPaths.teams, access: .action(.manageTeams), use: list)
        routes.get(TeamPaths.newTeam, access: .action(.manageTeams), use: newForm)
        routes.post(TeamPaths.newTeam, access: .action(.manageTeams), use: create)
        routes.get(TeamPaths.team, access: .action(.manageTeams), use: show)
        routes.post(TeamPaths.rename, access: .action(.manageTeams), use: rename)
        routes.post(TeamPaths.addMember, access: .action(.manageTeams), use: addMember)
        routes.post(TeamPaths.removeMember, access: .action(.manageTeams), use: removeMember)
    }

    struct NameForm: Content { var name: String? }
    struct MemberForm: Content { var userID: String? }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.manageTeams)
        let teams = try await request.narrow(Team.query(on: request.db), to: .manageTeams, among: [.sameOrganisation])
            .sort(\.$name).all()
        let counts = try await TeamMember.query(on: request.db).filter(\.$team.$id ~~ teams.compactMap(\.id)).all()
            .reduce(into: [UUID: Int]()) { $0[$1.$team.id, default: 0] += 1 }
        try await request.audit(AuditEvent(action: "teams.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let list = TeamsPages.List(organisationName: context.organisationName,
                                   teams: teams.map { ($0.id?.uuidString ?? "", $0.name, counts[$0.id ?? UUID()] ?? 0) })
        return request.render(TeamsPages.list(list, l: TeamsPages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.manageTeams)
        return request.render(TeamsPages.new(name: "", errors: FormErrors(), csrf: request.csrfToken, l: TeamsPages.localiser(request)))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.manageTeams)
        let name = (try request.content.decode(NameForm.self).name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let l = TeamsPages.localiser(request)
        var errors = try await Self.check(name, organisationID: context.organisationID, excluding: nil, l: l, on: request.db)
        guard errors.isEmpty else { return request.render(TeamsPages.new(name: name, errors: errors, csrf: request.csrfToken, l: l)) }
        let team = Team(organisationID: context.organisationID, name: name, createdAt: request.application.lantern.now)
        do {
            try await request.db.transaction { tx in
                try await team.create(on: tx)
                try await request.audit(AuditEvent(action: "team.created", recordType: "team", recordID: team.id?.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two administrators chose the same name at once: the unique index kept one.
            errors.add("name", l("teams.name-taken"))
            return request.render(TeamsPages.new(name: name, errors: errors, csrf: request.csrfToken, l: l))
        }
        return request.redirect(to: Href.team(team.id?.uuidString ?? "").query("done", TeamsPages.Show.Done.created.rawValue))
    }

    /// The team named in the path, if the person may manage it (their organisation's); 404 otherwise.
    private func target(_ request: Request) async throws -> Authorised<Team> {
        try request.authorise(.manageTeams)
        guard let id = request.parameters.get("teamID", as: UUID.self), let team = try await Team.find(id, on: request.db) else {
            throw LanternError.notFound
        }
        return try await request.authorise(.manageTeams, team, placedAt: RecordPlacement(organisationID: team.$organisation.id.uuidString))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let team = try await target(request)
        return request.render(try await page(team, request: request, renameValue: team.record.name, errors: FormErrors()))
    }

    private func page(_ team: Authorised<Team>, request: Request, renameValue: String, errors: FormErrors) async throws -> Page {
        let teamID = try team.record.requireID()
        let memberIDs = try await TeamMember.query(on: request.db).filter(\.$team.$id == teamID).all().map { $0.$user.id }
        let people = try await User.query(on: request.db).filter(\.$organisation.$id == team.record.$organisation.id)
            .sort(\.$displayName).all()
        try await request.audit(AuditEvent(action: "team.viewed", recordType: "team", recordID: teamID.uuidString))
        let show = TeamsPages.Show(
            id: teamID.uuidString, name: team.record.name,
            members: people.filter { memberIDs.contains($0.id ?? UUID()) }.map { ($0.id?.uuidString ?? "", $0.displayName, $0.email) },
            others: people.filter { !memberIDs.contains($0.id ?? UUID()) && !$0.isDisabled }.map { ($0.id?.uuidString ?? "", $0.displayName) },
            renameValue: renameValue, errors: errors, done: request.query[String.self, at: "done"].flatMap(TeamsPages.Show.Done.init(rawValue:)))
        return TeamsPages.show(show, csrf: request.csrfToken, l: TeamsPages.localiser(request))
    }

    @Sendable func rename(_ request: Request) async throws -> Response {
        let team = try await target(request)
        let name = (try request.content.decode(NameForm.self).name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let errors = try await Self.check(name, organisationID: team.record.$organisation.id, excluding: team.record.id,
                                          l: TeamsPages.localiser(request), on: request.db)
        guard errors.isEmpty else { return request.render(try await page(team, request: request, renameValue: name, errors: errors)) }
        team.record.name = name
        try await request.db.transaction { tx in
            try await team.record.save(on: tx)
            try await request.audit(AuditEvent(action: "team.renamed", recordType: "team", recordID: team.record.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.team(team.record.id?.uuidString ?? "").query("done", TeamsPages.Show.Done.renamed.rawValue))
    }

    @Sendable func addMember(_ request: Request) async throws -> Response {
        let team = try await target(request)
        let teamID = try team.record.requireID()
        // Only people of the team's own organisation can join it.
        guard let userID = UUID(exactly: try request.content.decode(MemberForm.self).userID ?? ""),
              let user = try await User.find(userID, on: request.db), user.$organisation.id == team.record.$organisation.id,
              !user.isDisabled else {
            var errors = FormErrors()
            errors.add("userID", TeamsPages.localiser(request)("teams.person-missing"))
            return request.render(try await page(team, request: request, renameValue: team.record.name, errors: errors))
        }
        let already = try await TeamMember.query(on: request.db).filter(\.$team.$id == teamID).filter(\.$user.$id == userID).first()
        if already == nil {
            let member = TeamMember()
            member.id = UUID()
            member.$team.id = teamID
            member.$user.id = userID
            member.addedAt = request.application.lantern.now
            member.addedBy = team.context.userID
            do {
                try await request.db.transaction { tx in
                    try await member.create(on: tx)
                    try await request.audit(AuditEvent(action: "team.member_added", recordType: "team", recordID: teamID.uuidString), on: tx)
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Added by someone else at the same moment: the person is in the team, as asked.
            }
        }
        return request.redirect(to: Href.team(teamID.uuidString).query("done", TeamsPages.Show.Done.added.rawValue))
    }

    @Sendable func removeMember(_ request: Request) async throws -> Response {
        let team = try await target(request)
        let teamID = try team.record.requireID()
        guard let userID = request.parameters.get("userID", as: UUID.self),
              let member = try await TeamMember.query(on: request.db).filter(\.$team.$id == teamID).filter(\.$user.$id == userID).first()
        else { throw LanternError.notFound }
        try await request.db.transaction { tx in
            try await member.delete(on: tx)
            try await request.audit(AuditEvent(action: "team.member_removed", recordType: "team", recordID: teamID.uuidString), on: tx)
        }
        return request.redirect(to: Href.team(teamID.uuidString).query("done", TeamsPages.Show.Done.removed.rawValue))
    }

    /// A team's name: given, at most 100 characters, no control characters, unique in its organisation.
    static func check(_ name: String, organisationID: UUID, excluding: UUID?, l: Localiser, on db: any Database) async throws -> FormErrors {
        var errors = FormErrors()
        if name.isEmpty {
            errors.add("name", l("teams.name-missing"))
        } else if name.count > 100 {
            errors.add("name", l("teams.name-too-long", ["limit": l.number(100)]))
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.add("name", l("teams.name-control"))
        } else {
            var same = Team.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$name == name)
            if let excluding { same = same.filter(\.$id != excluding) }
            if try await same.first() != nil { errors.add("name", l("teams.name-taken")) }
        }
        return errors
    }
}

extension Team: NarrowableRecord {
    /// A team belongs to its organisation; its members relate to it as their team.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<Team>? {
        let own = viewpoint.context.organisationID, teams = viewpoint.teamIDs
        switch relation {
        case .sameOrganisation: return RecordCondition { $0.filter(\.$organisation.$id == own) }
        case .sameTeam: return teams.isEmpty ? nil : RecordCondition { $0.filter(\.$id ~~ teams) }
        default: return nil
        }
    }
}
