import Fluent
import Foundation
import LanternCore

/// Shares that are answered (issue 12): each share says what it is for and when its recipient
/// must answer (working days by purpose, `LANTERN_SHARE_ANSWER_WORKING_DAYS`); the recipient
/// accepts or declines with a reason at `/shared/:shareID` (or the API); the sharer sees the
/// answer on the case and gets a task; the daily job `share_answers` chases the recipient and
/// escalates to the sharer's leads (`ShareChase`).
extension Feature {
    static let shareAnswers = Feature(
        name: "ShareAnswers",
        register: { routes in ShareAnswerController().register(routes) },
        caseSections: [CaseSection(slot: .top, order: 30, render: ShareAnswerSections.partner),
                       CaseSection(slot: .end, order: 90, render: ShareAnswerSections.owner)])
}

enum ShareAnswerPaths {
    static let share = RoutePath("shared", ":shareID")
    static let apiAnswer = RoutePath.api("shares", ":shareID", "answer")
}

extension Href {
    static func shareAnswer(_ shareID: String) -> Href { ShareAnswerPaths.share.href(shareID) }
}

/// The case page's parts about answers: for a partner, who shared the case and the answer it
/// waits for (top); for the owner, the answers to the case's shares (end, by the sharing section).
enum ShareAnswerSections {
    @Sendable static func partner(_ input: CaseSectionInput) async throws -> HTML? {
        guard input.access.relation != .sameOrganisation, let share = input.access.share, let shareID = share.id,
              let answer = try await ShareAnswerRecord.find(shareID, on: input.request.db) else { return nil }
        let contact = try await ShareAnswerService.sharerContact(of: share, owner: input.access.record.$organisation.id, on: input.request.db)
        return ShareAnswerPages.partnerNotice(shareID: shareID.uuidString, contact: contact, due: answer.due, state: answer.state,
                                              today: input.today, l: ShareAnswerPages.localiser(input.request))
    }

    @Sendable static func owner(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access
        guard access.relation == .sameOrganisation else { return nil }
        let db = input.request.db, caseID = try access.record.requireID()
        let shares = try await CaseShare.query(on: db).filter(\.$case.$id == caseID).sort(\.$grantedAt).all()
        guard !shares.isEmpty else { return nil }
        let answers = try await ShareAnswerService.answers(of: shares.compactMap(\.id), on: db)
        let people = Set(answers.values.compactMap(\.answeredBy))
        let names = people.isEmpty ? [:] : Dictionary(try await User.query(on: db).filter(\.$id ~~ Array(people)).all()
            .map { ($0.id ?? UUID(), $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let organisations = Dictionary(try await Organisation.query(on: db).filter(\.$id ~~ Array(Set(shares.map { $0.$organisation.id }))).all()
            .map { ($0.id ?? UUID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows: [ShareAnswerPages.OwnerRow] = try shares.compactMap { share in
            guard let id = share.id, let answer = answers[id] else { return nil }
            return ShareAnswerPages.OwnerRow(organisation: organisations[share.$organisation.id] ?? "", kind: answer.kind, due: answer.due,
                                             state: answer.state, answeredAt: answer.answeredAt,
                                             answeredBy: answer.answeredBy.flatMap { names[$0] },
                                             reason: try answer.reason(using: access.caseCipher))
        }
        return ShareAnswerPages.ownerSection(rows, today: input.today, l: ShareAnswerPages.localiser(input.request))
    }
}
