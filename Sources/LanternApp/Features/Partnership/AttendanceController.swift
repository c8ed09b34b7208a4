import Fluent
import Foundation
import LanternCore
import Vapor

/// Who came to a meeting: each member in membership on the meeting's day (listed whether or
/// not recorded yet) and named guests, each present, sending apologies or absent; and whether
/// the meeting was quorate by the group's current terms of reference (`Quorum`).
struct AttendanceController {
    func register(_ routes: LanternRoutes) {
        routes.get(MeetingPaths.attendance, access: .action(.manageGroup), use: form)
        routes.post(MeetingPaths.attendance, access: .action(.manageGroup), use: record)
        routes.post(MeetingPaths.addGuest, access: .action(.manageGroup), use: addGuest)
        routes.post(MeetingPaths.removeGuest, access: .action(.manageGroup), use: removeGuest)
    }

    struct GuestForm: Content {
        var name: String?
        var organisation: String?
        var status: String?
    }

    /// One line of the attendance: a member (with `userID`) or a guest (with `attendanceID`).
    struct Line: Sendable {
        var userID: UUID?
        var attendanceID: UUID?
        var name: String
        var organisation: String
        var role: GroupRole?
        var status: AttendanceStatus?
    }

    struct Summary: Sendable {
        var lines: [Line]
        var outcome: Quorum.Outcome
    }

    /// The meeting's attendance: members in membership on the meeting's (London) day first, by
    /// name, with what is recorded for them; then anyone else recorded (guests, former members).
    static func summary(group: PartnershipGroup, meeting: Meeting, on db: any Database, today: Day) async throws -> Summary {
        let groupID = try group.requireID(), meetingID = try meeting.requireID()
        let day = LondonTime.wallClock(meeting.startsAt).day
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).inForce(on: day).all()
        let recorded = try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == meetingID).all()
        let userIDs = Set(members.map { $0.$user.id })
        let users = userIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ Array(userIDs)).all()
        let organisationIDs = Set(members.map(\.organisationID))
        let organisations = organisationIDs.isEmpty ? [] : try await Organisation.query(on: db).filter(\.$id ~~ Array(organisationIDs)).all()
        var lines: [Line] = []
        var seen: Set<UUID> = []
        for member in members where !seen.contains(member.$user.id) {
            seen.insert(member.$user.id)
            let row = recorded.first { $0.userID == member.$user.id }
            // A person with two memberships counts by the one that counts towards the quorum.
            let roles = members.filter { $0.$user.id == member.$user.id }.map(\.groupRole)
            lines.append(Line(userID: member.$user.id, attendanceID: row?.id,
                              name: users.first { $0.id == member.$user.id }?.displayName ?? row?.personName ?? "",
                              organisation: organisations.first { $0.id == member.organisationID }?.name ?? row?.organisationName ?? "",
                              role: roles.first(where: Quorum.counts) ?? roles.first, status: row?.attendanceStatus))
        }
        lines.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        for row in recorded where row.userID.map({ !seen.contains($0) }) ?? true {
            lines.append(Line(userID: row.userID, attendanceID: row.id, name: row.personName, organisation: row.organisationName,
                              role: nil, status: row.attendanceStatus))
        }
        let quorum = try await TermsVersion.query(on: db).filter(\.$group.$id == groupID).filter(\.$approvedOn <= today.daysSinceEpoch)
            .sort(\.$version, .descending).first()?.quorum
        let outcome = Quorum.assess(lines.compactMap { line in line.status.map { Attendee(status: $0, role: line.role) } }, quorum: quorum)
        return Summary(lines: lines, outcome: outcome)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        return request.render(try await page(group, meeting, request: request, guest: ("", "", ""), errors: FormErrors()))
    }

    private func page(_ group: Authorised<PartnershipGroup>, _ meeting: Meeting, request: Request,
                      guest: (name: String, organisation: String, status: String), errors: FormErrors) async throws -> Page {
        let summary = try await Self.summary(group: group.record, meeting: meeting, on: request.db, today: request.today)
        let model = MeetingPages.Attendance(meetingID: meeting.id?.uuidString ?? "", title: meeting.title, startsAt: meeting.startsAt,
                                            summary: summary, guestName: guest.name, guestOrganisation: guest.organisation,
                                            guestStatus: guest.status, errors: errors,
                                            done: request.query[String.self, at: "done"] == MeetingPages.Done.attendanceRecorded.rawValue)
        return MeetingPages.attendance(model, csrf: request.csrfToken, l: MeetingPages.localiser(request))
    }

    @Sendable func record(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let meetingID = try meeting.requireID()
        let summary = try await Self.summary(group: group.record, meeting: meeting, on: request.db, today: request.today)
        var errors = FormErrors()
        var chosen: [(Line, AttendanceStatus)] = []
        for line in summary.lines {
            let field = line.userID.map { "member-\($0.uuidString)" } ?? "guest-\(line.attendanceID?.uuidString ?? "")"
            guard let raw = try? request.content.get(String.self, at: field), !raw.isEmpty else { continue }
            guard let status = AttendanceStatus(rawValue: raw) else {
                errors.add(field, MeetingPages.localiser(request)("meetings.attendance-status-invalid"))
                continue
            }
            chosen.append((line, status))
        }
        guard errors.isEmpty else { return request.render(try await page(group, meeting, request: request, guest: ("", "", ""), errors: errors)) }
        let organisationOf = try await memberOrganisations(group: group.record, meeting: meeting, on: request.db)
        let changes = chosen
        do {
            try await save(changes, meetingID: meetingID, organisationOf: organisationOf, request: request)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone recorded the same member at the same moment: show the page as it now stands.
            return request.render(try await page(group, meeting, request: request, guest: ("", "", ""), errors: FormErrors()))
        }
        return request.redirect(to: Href.meetingAttendance(meetingID.uuidString).query("done", MeetingPages.Done.attendanceRecorded.rawValue))
    }

    /// Each chosen status, as a change to the member's row or a new row, and one audit entry.
    private func save(_ changes: [(Line, AttendanceStatus)], meetingID: UUID, organisationOf: [UUID: UUID], request: Request) async throws {
        try await request.db.transaction { tx in
            for (line, status) in changes {
                if let id = line.attendanceID, let row = try await MeetingAttendance.find(id, on: tx) {
                    guard row.status != status.rawValue else { continue }
                    row.status = status.rawValue
                    try await row.save(on: tx)
                } else if let userID = line.userID {
                    let row = MeetingAttendance(meetingID: meetingID, userID: userID, personName: line.name,
                                                organisationID: organisationOf[userID], organisationName: line.organisation, status: status)
                    try await row.create(on: tx)
                }
            }
            try await request.audit(AuditEvent(action: "meeting.attendance_recorded", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
    }

    private func memberOrganisations(group: PartnershipGroup, meeting: Meeting, on db: any Database) async throws -> [UUID: UUID] {
        let day = LondonTime.wallClock(meeting.startsAt).day
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == group.requireID()).inForce(on: day).all()
        return Dictionary(members.map { ($0.$user.id, $0.organisationID) }, uniquingKeysWith: { first, _ in first })
    }

    @Sendable func addGuest(_ request: Request) async throws -> Response {
        let (group, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let meetingID = try meeting.requireID()
        let form = try request.content.decode(GuestForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let organisation = (form.organisation ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let l = MeetingPages.localiser(request)
        var errors = FormErrors()
        switch MeetingRules.textProblem(name, limit: 200, required: true) {
        case .titleMissing?: errors.add("guestName", l("meetings.guest-name-missing"))
        case .some: errors.add("guestName", l("meetings.guest-name-invalid", ["limit": l.number(200)]))
        case nil: break
        }
        if MeetingRules.textProblem(organisation, limit: 200, required: false) != nil {
            errors.add("guestOrganisation", l("meetings.guest-organisation-invalid", ["limit": l.number(200)]))
        }
        let status = AttendanceStatus(rawValue: form.status ?? "")
        if status == nil { errors.add("guestStatus", l("meetings.guest-status-missing")) }
        guard errors.isEmpty, let status else {
            return request.render(try await page(group, meeting, request: request, guest: (name, organisation, form.status ?? ""), errors: errors))
        }
        let row = MeetingAttendance(meetingID: meetingID, userID: nil, personName: name, organisationID: nil, organisationName: organisation, status: status)
        try await request.db.transaction { tx in
            try await row.create(on: tx)
            try await request.audit(AuditEvent(action: "meeting.guest_added", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
        return request.redirect(to: Href.meetingAttendance(meetingID.uuidString).query("done", MeetingPages.Done.attendanceRecorded.rawValue))
    }

    @Sendable func removeGuest(_ request: Request) async throws -> Response {
        let (_, meeting) = try await request.authoriseMeeting(forAnyOf: [.manageGroup])
        let meetingID = try meeting.requireID()
        guard let id = request.parameters.get("attendanceID", as: UUID.self), let row = try await MeetingAttendance.find(id, on: request.db),
              row.$meeting.id == meetingID, row.userID == nil else { throw LanternError.notFound }
        try await request.db.transaction { tx in
            try await row.delete(on: tx)
            try await request.audit(AuditEvent(action: "meeting.guest_removed", recordType: "meeting", recordID: meetingID.uuidString), on: tx)
        }
        return request.redirect(to: Href.meetingAttendance(meetingID.uuidString).query("done", MeetingPages.Done.attendanceRecorded.rawValue))
    }
}
