import Fluent
import Foundation
import LanternCore

/// The demo's groups: a fictional board, a leads network and its data sub-group, with
/// members in every role and terms of reference (two versions for the board, the current one
/// overdue for review).
enum GroupDemo {
    struct Seeded: Sendable {
        var boardID: UUID
        var networkID: UUID
        var dataSubgroupID: UUID
    }

    /// For `lantern demo`: hosted by the demo partnership board organisation; the lead chairs,
    /// the organisation administrator vice-chairs, the board secretariat is the secretariat,
    /// then a case worker (member), an analyst (observer), a trainer (adviser) and a read-only
    /// user (a past member). Does nothing if the demo board is already there.
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard try await PartnershipGroup.query(on: db).filter(\.$slug == Self.boardSlug).first() == nil,
              let host = demo.organisation(.partnershipBoard) ?? demo.organisations.values.first else { return }
        let order: [Role] = [.modernSlaveryLead, .organisationAdmin, .boardSecretariat, .caseWorker, .analyst, .trainer, .readOnly]
        var people: [(userID: UUID, organisationID: UUID)] = []
        for role in order {
            guard let id = demo.person(role), let user = try await User.find(id, on: db) else { continue }
            people.append((id, user.$organisation.id))
        }
        _ = try await seedDemo(hostOrganisationID: host, people: people, createdBy: demo.person(.boardSecretariat) ?? people.first?.userID ?? UUID(),
                               today: demo.today, now: demo.now, on: db)
    }

    static let boardSlug = "london-modern-slavery-partnership-board-demo"

    /// `people` are existing users with the organisation each represents; roles go in order
    /// chair, vice-chair, secretariat, member, observer, adviser, then member (a person is
    /// given the same role in each group). The secretariat is `people[2]` (or the last
    /// person when fewer than three). One past membership is added when there are seven or more.
    static func seedDemo(hostOrganisationID: UUID, people: [(userID: UUID, organisationID: UUID)], createdBy: UUID,
                         today: Day, now: Date, on db: any Database) async throws -> Seeded {
        let board = PartnershipGroup(kind: .board, name: "London Modern Slavery Partnership Board (demo)",
                                     slug: Self.boardSlug,
                                     purpose: "Leads London's partnership response to modern slavery and human trafficking (a fictional board for the demo).",
                                     parentID: nil, hostOrganisationID: hostOrganisationID, isPublic: true, createdAt: now)
        let network = PartnershipGroup(kind: .network, name: "London Modern Slavery Leads Network (demo)",
                                       slug: "london-modern-slavery-leads-network-demo",
                                       purpose: "Borough modern slavery leads sharing practice; meets three times a year (fictional).",
                                       parentID: nil, hostOrganisationID: hostOrganisationID, isPublic: true, createdAt: now)
        let data = PartnershipGroup(kind: .subgroup, name: "Leads Network Data Sub-group (demo)",
                                    slug: "leads-network-data-subgroup-demo",
                                    purpose: "Works with the police on the network's figures (fictional).",
                                    parentID: network.id, hostOrganisationID: hostOrganisationID, isPublic: false, createdAt: now)
        let roles: [GroupRole] = [.chair, .viceChair, .secretariat, .member, .observer, .adviser]
        try await db.transaction { tx in
            for group in [board, network, data] { try await group.create(on: tx) }
            for group in [board, network, data] {
                let groupID = try group.requireID()
                for (index, person) in people.enumerated() {
                    let role: GroupRole = people.count < 3 && index == people.count - 1 ? .secretariat
                        : index < roles.count ? roles[index] : .member
                    try await GroupMember(groupID: groupID, userID: person.userID, organisationID: person.organisationID, role: role,
                                          from: today.adding(days: -400), until: nil, createdAt: now, createdBy: createdBy).create(on: tx)
                }
                if people.count >= 7 {
                    // Someone who was a member for a while and left.
                    try await GroupMember(groupID: groupID, userID: people[6].userID, organisationID: people[6].organisationID, role: .member,
                                          from: today.adding(days: -800), until: today.adding(days: -401), createdAt: now,
                                          createdBy: createdBy).create(on: tx)
                }
            }
            let boardID = try board.requireID()
            try await TermsVersion(groupID: boardID, version: 1, body: Self.boardTerms(quorum: 3, review: "every year"), quorum: 3,
                                   approvedOn: today.adding(days: -800), approvedMeetingID: nil, nextReviewOn: today.adding(days: -435),
                                   createdAt: now, createdBy: createdBy).create(on: tx)
            // The current version: its review date has passed, so the review is overdue.
            try await TermsVersion(groupID: boardID, version: 2, body: Self.boardTerms(quorum: 3, review: "every year, in the spring"), quorum: 3,
                                   approvedOn: today.adding(days: -400), approvedMeetingID: nil, nextReviewOn: today.adding(days: -35),
                                   createdAt: now, createdBy: createdBy).create(on: tx)
            try await TermsVersion(groupID: network.requireID(), version: 1,
                                   body: "Purpose\nThe network brings together the modern slavery leads of London's boroughs.\nMeetings\nThree times a year, and an annual conference.\nQuorum\nTen members from at least five boroughs.",
                                   quorum: 10, approvedOn: today.adding(days: -200), approvedMeetingID: nil, nextReviewOn: today.adding(days: 165),
                                   createdAt: now, createdBy: createdBy).create(on: tx)
            try await TermsVersion(groupID: data.requireID(), version: 1,
                                   body: "Purpose\nThe data sub-group prepares the network's figures with the police.\nQuorum\nThree members.",
                                   quorum: 3, approvedOn: today.adding(days: -100), approvedMeetingID: nil, nextReviewOn: today.adding(days: 20),
                                   createdAt: now, createdBy: createdBy).create(on: tx)
        }
        return Seeded(boardID: try board.requireID(), networkID: try network.requireID(), dataSubgroupID: try data.requireID())
    }

    private static func boardTerms(quorum: Int, review: String) -> String {
        """
        Purpose
        The board leads London's partnership response to modern slavery (a fictional board for the demo).
        Membership
        Councils, the police, the NHS and charities working in London.
        Meetings
        The board meets four times a year.
        Quorum
        \(quorum) members, including the chair or vice-chair.
        Review
        These terms are reviewed \(review).
        """
    }
}
