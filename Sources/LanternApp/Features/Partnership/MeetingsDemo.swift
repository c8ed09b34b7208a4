import Fluent
import Foundation
import LanternCore

/// The demo's meetings: for every demo group, one held long ago, one held recently and the
/// next one scheduled, each with an agenda (one item confidential), attendance for the held
/// ones and one small PDF paper. Fictional throughout; runs after the groups are seeded and
/// does nothing for a group that already has meetings.
enum MeetingsDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        let groups = try await PartnershipGroup.query(on: db).sort(\.$name).all()
        let uploader = demo.person(.boardSecretariat) ?? demo.people.values.first ?? UUID()
        for group in groups {
            let groupID = try group.requireID()
            guard try await Meeting.query(on: db).filter(\.$group.$id == groupID).count() == 0 else { continue }
            let plans: [(days: Int, status: MeetingStatus, title: String)] = [
                (-120, .held, "\(group.name): spring meeting"),
                (-30, .held, "\(group.name): summer meeting"),
                (30, .scheduled, "\(group.name): autumn meeting"),
            ]
            for plan in plans {
                let day = demo.today.adding(days: plan.days)
                guard let start = LondonTime.instant(day: day, hour: 10, minute: 0),
                      let end = LondonTime.instant(day: day, hour: 12, minute: 0) else { continue }
                let checked = CheckedMeeting(title: plan.title, startsAt: start, endsAt: end, place: "City Hall, Committee Room 4",
                                             link: plan.days > 0 ? "https://meet.example.org/\(group.slug)" : nil,
                                             isPublic: group.isPublic, status: plan.status)
                let meeting = Meeting(groupID: groupID, checked: checked, createdAt: demo.now)
                try await db.transaction { tx in
                    try await meeting.create(on: tx)
                    let meetingID = try meeting.requireID()
                    let agenda: [(String, String, Bool)] = [
                        ("Welcome, introductions and apologies", "Chair", false),
                        ("Minutes of the last meeting and matters arising", "Secretariat", false),
                        ("Referrals across London: the quarter's figures", "Data sub-group lead", false),
                        ("Case review: lessons from a multi-agency response", "Safeguarding lead", true),
                        ("Any other business", "Chair", false),
                    ]
                    var items: [AgendaItem] = []
                    for (index, entry) in agenda.enumerated() {
                        let item = AgendaItem(meetingID: meetingID, position: index + 1, title: entry.0, presenter: entry.1,
                                              isConfidential: entry.2, createdAt: demo.now)
                        try await item.create(on: tx)
                        items.append(item)
                    }
                    let bytes = PaperSamples.pdf(text: "\(plan.title) - minutes of the last meeting (fictional demo paper)")
                    let paper = Paper()
                    paper.id = UUID()
                    paper.$agendaItem.id = try items[1].requireID()
                    paper.fileName = "Minutes of the last meeting.pdf"
                    paper.mediaType = PaperKind.pdf.mediaType
                    paper.byteCount = bytes.count
                    paper.sha256 = PaperStore.sha256(bytes)
                    paper.storage = "db"
                    paper.content = Data(bytes)
                    paper.uploadedBy = uploader
                    paper.createdAt = demo.now
                    try await paper.create(on: tx)
                    guard plan.status == .held else { return }
                    let members = try await GroupMember.query(on: tx).filter(\.$group.$id == groupID).inForce(on: day).all()
                    let users = try await User.query(on: tx).filter(\.$id ~~ members.map { $0.$user.id }).all()
                    let organisations = try await Organisation.query(on: tx).filter(\.$id ~~ members.map(\.organisationID)).all()
                    var seen: Set<UUID> = []
                    for (index, member) in members.enumerated() where seen.insert(member.$user.id).inserted {
                        // Most come; one sends apologies; one is absent at the recent meeting.
                        let status: AttendanceStatus = index == 1 ? .apologies : (index == 2 && plan.days == -30 ? .absent : .present)
                        try await MeetingAttendance(meetingID: meetingID, userID: member.$user.id,
                                                    personName: users.first { $0.id == member.$user.id }?.displayName ?? "",
                                                    organisationID: member.organisationID,
                                                    organisationName: organisations.first { $0.id == member.organisationID }?.name ?? "",
                                                    status: status).create(on: tx)
                    }
                    try await MeetingAttendance(meetingID: meetingID, userID: nil, personName: "Alex Example (guest speaker)", organisationID: nil,
                                                organisationName: "Example Anti-Slavery Charity", status: .present).create(on: tx)
                }
            }
        }
    }
}
