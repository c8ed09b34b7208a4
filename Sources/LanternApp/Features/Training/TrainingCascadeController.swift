import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/training/cascade`: the Train-the-Trainer cascade drawn and written out (who trained whom,
/// each generation, reach), and the trainers who have yet to deliver what they committed to.
/// Only people who trained others are named; everyone else is counted.
struct TrainingCascadeController {
    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.cascade, access: .action(.viewTrainingCoverage), use: page)
        routes.get(TrainingPaths.cascadeJSON, access: .action(.viewTrainingCoverage), use: json)
    }

    private struct PlacedRow: Decodable { let trainer_user_id: UUID; let n: Int }
    private struct TrainerLinkRow: Decodable { let trainer_user_id: UUID; let user_id: UUID; let completed_on: Int; let recorded_at: Date }

    /// The cascade as stored, read as the page needs it: how many people each trainer placed
    /// (one grouped statement), then those trainers' own places in the cascade, looked up by
    /// index a thousand at a time and put in the order they happened. The people who trained
    /// no one (nearly all of 100,000) are counted, never loaded.
    static func cascade(on db: any Database) async throws -> CascadeOfTrainers<String> {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let placed = try await sql.raw("""
            SELECT trainer_user_id, COUNT(*) AS n FROM training_completions
            WHERE in_cascade = \(bind: true) AND trainer_user_id IS NOT NULL GROUP BY trainer_user_id
            """).all(decoding: PlacedRow.self)
        var links: [TrainerLinkRow] = []
        for batch in inThousands(placed.map(\.trainer_user_id)) {
            links += try await sql.raw("""
                SELECT trainer_user_id, user_id, completed_on, recorded_at FROM training_completions
                WHERE in_cascade = \(bind: true) AND trainer_user_id IS NOT NULL AND user_id IN (\(binds: batch))
                """).all(decoding: TrainerLinkRow.self)
        }
        links.sort { ($0.completed_on, $0.recorded_at) < ($1.completed_on, $1.recorded_at) }
        return CascadeOfTrainers(
            placedBy: Dictionary(placed.map { ($0.trainer_user_id.uuidString, $0.n) }, uniquingKeysWith: +),
            trainerLinks: links.map { CascadeLink(trainer: $0.trainer_user_id.uuidString, trainee: $0.user_id.uuidString) })
    }

    /// Ids a thousand to a statement: well inside SQLite's and PostgreSQL's limits on binds.
    private static func inThousands(_ ids: [UUID]) -> [[UUID]] {
        stride(from: 0, to: ids.count, by: 1_000).map { Array(ids[$0..<min($0 + 1_000, ids.count)]) }
    }

    private struct NameRow: Decodable { let id: UUID; let display_name: String; let organisation_name: String }

    /// "Name (Organisation)" for each person asked for: one joined statement per thousand,
    /// reading two columns rather than every account's whole row.
    static func names(of people: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        var names: [UUID: String] = [:]
        for batch in inThousands(Array(people)) {
            let rows = try await sql.raw("""
                SELECT u.id, u.display_name, o.name AS organisation_name FROM users u JOIN organisations o ON o.id = u.organisation_id
                WHERE u.id IN (\(binds: batch))
                """).all(decoding: NameRow.self)
            for row in rows { names[row.id] = "\(row.display_name) (\(row.organisation_name))" }
        }
        return names
    }

    /// Everything the page and the JSON show.
    static func overview(_ request: Request) async throws -> TrainingPages.Cascade {
        let db = request.db, services = request.application.lantern
        let cascade = try await cascade(on: db)
        let depths = cascade.depthOfEveryTrainer()
        let reach = cascade.reachOfEveryTrainer(depths: depths)
        let commitments = try await TrainingCommitment.query(on: db).sort(\.$dueOn).limit(5_000).all()
        let named = Set(cascade.trainers.compactMap(UUID.init(exactly:))).union(commitments.map(\.userID))
        let names = try await names(of: named, on: db)
        func name(_ id: String) -> String { UUID(exactly: id).flatMap { names[$0] } ?? "" }
        func node(_ id: String) -> TrainingPages.Cascade.Node {
            .init(id: id, name: name(id), trainedDirectly: cascade.trainedDirectly(by: id), reach: reach[id] ?? 0, depth: depths[id] ?? 0,
                  children: cascade.trainersTrained(by: id).map(node))
        }
        let roots = cascade.roots.map(node)
        let courses = Dictionary(try await TrainingCourse.query(on: db).all().compactMap { c in c.id.map { ($0, c.title) } }, uniquingKeysWith: { a, _ in a })
        let today = services.today
        let delivered = try await deliveredSessions(by: Set(commitments.map(\.userID)), on: db, upTo: today)
        let owed: [TrainingPages.Cascade.Commitment] = commitments.map { c in
            let count = delivered[c.userID, default: []].filter { $0 >= c.madeOn }.count
            return .init(name: name(c.userID.uuidString), course: courses[c.courseID] ?? "", due: Day(daysSinceEpoch: c.dueOn),
                         sessionsDue: c.sessionsDue, delivered: count, trainedAnyone: cascade.trainers.contains(c.userID.uuidString),
                         lapsed: count < c.sessionsDue && Day(daysSinceEpoch: c.dueOn) < today)
        }
        return TrainingPages.Cascade(roots: roots, peopleReached: cascade.peopleReached,
                                     generations: cascade.generations(depths: depths), commitments: owed)
    }

    /// The days of the sessions each person delivered (named trainer, not cancelled, held by
    /// today, with at least one person who came).
    static func deliveredSessions(by people: Set<UUID>, on db: any Database, upTo today: Day) async throws -> [UUID: [Int]] {
        guard !people.isEmpty else { return [:] }
        let named = try await TrainingSessionTrainer.query(on: db).filter(\.$userID ~~ Array(people)).all()
        let sessions = Dictionary(try await TrainingSession.query(on: db).filter(\.$id ~~ named.map(\.sessionID))
            .filter(\.$state == TrainingSessionState.planned.rawValue).filter(\.$heldOn <= today.daysSinceEpoch).all()
            .compactMap { s in s.id.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
        let attended = Set(try await TrainingRegistration.query(on: db).filter(\.$sessionID ~~ Array(sessions.keys))
            .filter(\.$state == RegistrationState.attended.rawValue).all().map(\.sessionID))
        var result: [UUID: [Int]] = [:]
        for row in named where attended.contains(row.sessionID) {
            if let session = sessions[row.sessionID] { result[row.userID, default: []].append(session.heldOn) }
        }
        return result
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let overview = try await Self.overview(request)
        try await request.audit(AuditEvent(action: "training_cascade.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(TrainingPages.cascade(overview, l: TrainingAccess.localiser(request)))
    }

    struct NodeDTO: Content { var id: String; var name: String; var depth: Int; var trainedDirectly: Int; var reach: Int; var trainers: [NodeDTO] }
    struct CommitmentDTO: Content { var name: String; var course: String; var due: String; var sessionsDue: Int; var delivered: Int; var lapsed: Bool }
    struct CascadeDTO: Content { var peopleReached: Int; var generations: Int; var roots: [NodeDTO]; var commitments: [CommitmentDTO] }

    @Sendable func json(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let overview = try await Self.overview(request)
        try await request.audit(AuditEvent(action: "training_cascade.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        func dto(_ node: TrainingPages.Cascade.Node) -> NodeDTO {
            NodeDTO(id: node.id, name: node.name, depth: node.depth, trainedDirectly: node.trainedDirectly, reach: node.reach, trainers: node.children.map(dto))
        }
        let body = CascadeDTO(peopleReached: overview.peopleReached, generations: overview.generations, roots: overview.roots.map(dto),
                              commitments: overview.commitments.map { .init(name: $0.name, course: $0.course, due: $0.due.iso,
                                                                            sessionsDue: $0.sessionsDue, delivered: $0.delivered, lapsed: $0.lapsed) })
        return try await body.encodeResponse(for: request)
    }
}
