import Fluent
import Foundation
import LanternCore
import Vapor

/// A meeting with what its checks need: its series (the host) and its members.
struct ConferenceMeetingRecord: Sendable {
    let meeting: ConferenceMeeting
    let series: ConferenceSeries
    let members: [ConferenceMember]

    var meetingID: UUID { meeting.id ?? UUID() }

    /// The host organisation's records: its lead manages them; members (and the chair) read them.
    var placement: RecordPlacement {
        RecordPlacement(organisationID: series.organisationID.uuidString,
                        conferenceMemberIDs: Set(members.map(\.userID.uuidString) + [meeting.chairUserID.uuidString]))
    }

    /// The host's records only (for changes: the host lead manages, members do not).
    var hostPlacement: RecordPlacement { RecordPlacement(organisationID: series.organisationID.uuidString) }

    func isChair(_ userID: UUID) -> Bool { meeting.chairUserID == userID }
}

/// Loading series and meetings for the viewer: a bad or unknown id, or one the viewer may not
/// reach, answers 404 exactly like one that does not exist.
enum ConferenceAccess {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "conferences", "components") }

    static func uuid(_ request: Request, _ name: String) throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(exactly:)) else { throw LanternError.notFound }
        return id
    }

    static func record(meetingID: UUID, on db: any Database) async throws -> ConferenceMeetingRecord {
        guard let meeting = try await ConferenceMeeting.find(meetingID, on: db),
              let series = try await ConferenceSeries.find(meeting.seriesID, on: db) else { throw LanternError.notFound }
        let members = try await ConferenceMember.query(on: db).filter(\.$meetingID == meetingID).all()
        return ConferenceMeetingRecord(meeting: meeting, series: series, members: members)
    }

    /// The meeting in the path for a reader: its members and chair (`viewCaseConference`, the
    /// conference relation) and the host's lead (`viewCaseConference` or `manageConferences` on
    /// the host's records). `manages` says whether the viewer may change its members.
    static func meeting(_ request: Request) async throws -> (record: ConferenceMeetingRecord, context: SignInContext, manages: Bool) {
        let context = try request.authorise(anyOf: [.viewCaseConference, .manageConferences])
        let record = try await record(meetingID: try uuid(request, "meetingID"), on: request.db)
        let manages = try await permits(.manageConferences, record, placement: record.hostPlacement, request: request)
        if !manages {
            guard try await permits(.viewCaseConference, record, placement: record.placement, request: request) else { throw LanternError.notFound }
        }
        return (record, context, manages)
    }

    static func permits<R: Sendable>(_ action: Action, _ record: R, placement: RecordPlacement, request: Request) async throws -> Bool {
        let context = try request.requireSignedIn()
        guard request.accessPolicy.allowsSome(context.roles, action) else { return false }
        do {
            _ = try await request.authorise(action, record, placedAt: placement)
            return true
        } catch LanternError.notFound {
            return false
        }
    }

    /// The series in the path for its host's lead (`manageConferences`); 404 otherwise.
    static func managedSeries(_ request: Request) async throws -> (ConferenceSeries, SignInContext) {
        try request.authorise(.manageConferences)
        guard let series = try await ConferenceSeries.find(try uuid(request, "seriesID"), on: request.db) else { throw LanternError.notFound }
        let authorised = try await request.authorise(.manageConferences, series, placedAt: RecordPlacement(organisationID: series.organisationID.uuidString))
        return (series, authorised.context)
    }

    /// Names of people and organisations for display.
    static func names(users ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await User.query(on: db).filter(\.$id ~~ Array(Set(ids))).all().compactMap { u in u.id.map { ($0, u.displayName) } },
                          uniquingKeysWith: { a, _ in a })
    }

    static func organisationNames(on db: any Database) async throws -> [UUID: String] {
        Dictionary(try await Organisation.query(on: db).all().compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
    }
}
