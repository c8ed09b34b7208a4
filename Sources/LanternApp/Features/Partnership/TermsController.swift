import Fluent
import Foundation
import LanternCore
import Vapor

/// A group's terms of reference: reading a version, adding a new one (a new row, never a
/// change to an old one) and comparing any two. Members read; those who run the group add.
struct TermsController {
    func register(_ routes: LanternRoutes) {
        routes.get(GroupPaths.newTerms, access: .action(.manageGroup), use: newForm)
        routes.post(GroupPaths.newTerms, access: .action(.manageGroup), use: create)
        routes.get(GroupPaths.terms, access: .anyAction(GroupsController.readers), use: show)
        routes.get(GroupPaths.compareTerms, access: .anyAction(GroupsController.readers), use: compare)
    }

    struct TermsForm: Content {
        var body: String?
        var quorum: String?
        var approvedOn: String?
        var approvedMeetingID: String?
        var nextReviewOn: String?
    }

    private func groupID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        return id
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let group = try await request.authoriseGroup(try groupID(request), for: .manageGroup)
        let latest = try await TermsVersion.query(on: request.db).filter(\.$group.$id == group.record.requireID())
            .sort(\.$version, .descending).first()
        let today = request.application.lantern.today
        let form = TermsForm(body: latest?.body ?? "", quorum: latest.map { String($0.quorum) } ?? "", approvedOn: today.iso,
                             nextReviewOn: today.adding(days: 365).iso)
        let meetings = try await Self.meetings(of: try group.record.requireID(), on: request.db, l: TermsPages.localiser(request))
        return request.render(TermsPages.form(TermsPages.Form(groupID: try group.record.requireID().uuidString, groupName: group.record.name,
                                                              values: form, meetings: meetings, errors: FormErrors()),
                                              csrf: request.csrfToken, l: TermsPages.localiser(request)))
    }

    /// The group's meetings (not cancelled), newest first, as choices for the approving meeting.
    static func meetings(of groupID: UUID, on db: any Database, l: Localiser) async throws -> [(id: String, label: String)] {
        try await Meeting.query(on: db).filter(\.$group.$id == groupID).filter(\.$status != MeetingStatus.cancelled.rawValue)
            .sort(\.$startsAt, .descending).limit(200).all()
            .map { ($0.id?.uuidString ?? "", l("terms.meeting-choice", ["title": $0.title, "date": l.date($0.startsAt)])) }
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let group = try await request.authoriseGroup(try groupID(request), for: .manageGroup)
        let id = try group.record.requireID()
        let form = try request.content.decode(TermsForm.self)
        let l = TermsPages.localiser(request)
        let body = (form.body ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let quorum = Int((form.quorum ?? "").trimmingCharacters(in: .whitespaces))
        let approvedText = (form.approvedOn ?? "").trimmingCharacters(in: .whitespaces)
        let reviewText = (form.nextReviewOn ?? "").trimmingCharacters(in: .whitespaces)
        let approvedOn = Day(iso: approvedText), nextReviewOn = Day(iso: reviewText)
        var errors = FormErrors()
        for (field, problem) in TermsRules.problems(body: body, quorum: quorum, approvedOn: approvedOn, nextReviewOn: nextReviewOn)
            .sorted(by: { Self.order($0.key) < Self.order($1.key) }) {
            errors.add(field, Self.message(problem, typed: field == "approvedOn" ? approvedText : reviewText, l: l))
        }
        // The meeting that approved them, if one is named: a meeting of this group.
        let meetings = try await Self.meetings(of: id, on: request.db, l: l)
        let meetingText = (form.approvedMeetingID ?? "").trimmingCharacters(in: .whitespaces)
        let meetingID = meetingText.isEmpty ? nil : UUID(exactly: meetingText)
        if !meetingText.isEmpty, meetingID == nil || !meetings.contains(where: { $0.id == meetingText }) {
            errors.add("approvedMeetingID", l("terms.error.meeting-choose"))
        }
        let model = TermsPages.Form(groupID: id.uuidString, groupName: group.record.name, values: form, meetings: meetings, errors: errors)
        guard errors.isEmpty, let quorum, let approvedOn, let nextReviewOn else {
            return request.render(TermsPages.form(model, csrf: request.csrfToken, l: l))
        }
        // The next number; two people adding at once: the unique (group, version) keeps one,
        // and the other takes the number after it.
        var attempts = 0
        while true {
            attempts += 1
            let latest = try await TermsVersion.query(on: request.db).filter(\.$group.$id == id).max(\.$version) ?? 0
            let version = TermsVersion(groupID: id, version: latest + 1, body: body, quorum: quorum, approvedOn: approvedOn,
                                       approvedMeetingID: meetingID, nextReviewOn: nextReviewOn,
                                       createdAt: request.application.lantern.now, createdBy: group.context.userID)
            do {
                try await request.db.transaction { tx in
                    try await version.create(on: tx)
                    try await request.audit(AuditEvent(action: "terms.added", recordType: "group", recordID: id.uuidString), on: tx)
                }
                break
            } catch let error as any DatabaseError where error.isConstraintFailure && attempts < 5 {
                continue
            }
        }
        return request.redirect(to: Href.group(id.uuidString).query("done", GroupPages.Show.Done.terms.rawValue))
    }

    private static func order(_ field: String) -> Int { ["body", "quorum", "approvedOn", "nextReviewOn"].firstIndex(of: field) ?? 9 }

    private static func message(_ problem: TermsRules.Problem, typed: String, l: Localiser) -> String {
        switch problem {
        case .bodyMissing: l("terms.error.body-missing")
        case .bodyTooLong: l("terms.error.body-too-long", ["limit": l.number(TermsRules.bodyLimit)])
        case .quorumInvalid: l("terms.error.quorum")
        case .approvedMissing: typed.isEmpty ? l("terms.error.approved-missing") : l("terms.error.approved-invalid")
        case .reviewMissing: typed.isEmpty ? l("terms.error.review-missing") : l("terms.error.review-invalid")
        case .reviewNotAfterApproval: l("terms.error.review-not-after")
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let group = try await request.authoriseGroup(try groupID(request), forAnyOf: GroupsController.readers)
        let id = try group.record.requireID()
        guard let number = request.parameters.get("version", as: Int.self),
              let version = try await TermsVersion.query(on: request.db).filter(\.$group.$id == id).filter(\.$version == number).first()
        else { throw LanternError.notFound }
        let today = request.application.lantern.today
        let all = try await TermsVersion.query(on: request.db).filter(\.$group.$id == id).all()
        let current = TermsRules.currentVersion(all.map { ($0.version, $0.approvedDay) }, today: today)
        try await request.audit(AuditEvent(action: "terms.viewed", recordType: "group", recordID: id.uuidString))
        let meeting = try await Self.meeting(version.approvedMeetingID, on: request.db)
        let model = TermsPages.Show(groupID: id.uuidString, groupName: group.record.name, version: version.version, body: version.body,
                                    quorum: version.quorum, approvedOn: version.approvedDay, meeting: meeting,
                                    nextReview: version.nextReviewDay, isCurrent: current == version.version,
                                    review: TermsRules.reviewState(nextReview: version.nextReviewDay, today: today))
        return request.render(TermsPages.show(model, l: TermsPages.localiser(request)))
    }

    /// The approving meeting's id and title, if one is recorded and still there.
    static func meeting(_ id: UUID?, on db: any Database) async throws -> (id: String, title: String)? {
        guard let id, let meeting = try await Meeting.find(id, on: db) else { return nil }
        return (id.uuidString, meeting.title)
    }

    @Sendable func compare(_ request: Request) async throws -> Response {
        let group = try await request.authoriseGroup(try groupID(request), forAnyOf: GroupsController.readers)
        let id = try group.record.requireID()
        let versions = try await TermsVersion.query(on: request.db).filter(\.$group.$id == id).sort(\.$version).all()
        let l = TermsPages.localiser(request)
        let from = request.query[Int.self, at: "from"], to = request.query[Int.self, at: "to"]
        let old = versions.first { $0.version == from }, new = versions.first { $0.version == to }
        var errors = FormErrors()
        if old == nil { errors.add("compare-from", l("terms.error.compare-version")) }
        if new == nil { errors.add("compare-to", l("terms.error.compare-version")) }
        let lines: [LineDiff.Line] = if let old, let new { LineDiff.compare(old.body, new.body) } else { [] }
        if errors.isEmpty {
            try await request.audit(AuditEvent(action: "terms.compared", recordType: "group", recordID: id.uuidString))
        }
        let model = TermsPages.Compare(groupID: id.uuidString, groupName: group.record.name, versions: versions.map(\.version).reversed(),
                                       from: from, to: to, lines: lines, errors: errors)
        return request.render(TermsPages.compare(model, l: l))
    }
}
