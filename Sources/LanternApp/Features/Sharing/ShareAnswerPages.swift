import Foundation
import LanternCore
import Vapor

/// Answers to shares as the pages show them: the purpose choice on the share form, the
/// recipient's "answer this share" page, the partner's notice at the top of a shared case, the
/// owner's answers on the case, and the shared list's answer columns.
enum ShareAnswerPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "shareanswers", "components") }

    static func kindLabel(_ kind: SharePurposeKind, _ l: Localiser) -> String {
        switch kind {
        case .housing: l("shareanswers.kind.housing")
        case .health: l("shareanswers.kind.health")
        case .legal: l("shareanswers.kind.legal")
        case .support: l("shareanswers.kind.support")
        case .safeguarding: l("shareanswers.kind.safeguarding")
        case .other: l("shareanswers.kind.other")
        }
    }

    static func stateTag(_ state: ShareAnswerState, overdue: Bool, _ l: Localiser) -> HTML {
        switch state {
        case .awaiting: overdue ? Components.tag(l("shareanswers.state.overdue"), colour: "red")
            : Components.tag(l("shareanswers.state.awaiting"), colour: "yellow")
        case .accepted: Components.tag(l("shareanswers.state.accepted"), colour: "green")
        case .declined: Components.tag(l("shareanswers.state.declined"), colour: "grey")
        }
    }

    /// The share form's "what is it for" radios, each with its days to answer when known.
    static func purposeKindChoice(selected: String?, answerDays: [SharePurposeKind: Int], errors: FormErrors, l: Localiser) -> HTML {
        let options = SharePurposeKind.allCases.map { kind -> (String, String) in
            guard let days = answerDays[kind] else { return (kind.rawValue, kindLabel(kind, l)) }
            return (kind.rawValue, l.plural("shareanswers.kind-with-days", count: days, ["kind": kindLabel(kind, l), "count": l.number(days)]))
        }
        return Components.radios(name: "purposeKind", legend: l("shareanswers.purpose-kind"), options: options,
                                 selected: selected ?? SharePurposeKind.other.rawValue, hint: l("shareanswers.purpose-kind-hint"),
                                 errors: errors, l: l)
    }

    /// Who shared it and how to reach them.
    static func contactRows(_ c: SharerContact, l: Localiser) -> [(key: String, value: HTML)] {
        var rows: [(key: String, value: HTML)] = [
            (l("shareanswers.shared-by"), HTML("\(c.name)")),
            (l("shareanswers.organisation"), HTML("\(c.organisation)")),
        ]
        if !c.teams.isEmpty { rows.append((l("shareanswers.team"), HTML("\(c.teams.joined(separator: ", "))"))) }
        if !c.email.isEmpty { rows.append((l("shareanswers.email"), HTML("<a href=\"mailto:\(c.email)\">\(c.email)</a>"))) }
        if let role = c.directoryRole {
            var parts: [String] = [role]
            if let phone = c.directoryPhone, !phone.isEmpty { parts.append(phone) }
            if let email = c.directoryEmail, !email.isEmpty { parts.append(email) }
            rows.append((l("shareanswers.directory"), HTML("\(parts.joined(separator: ", "))")))
        }
        return rows
    }

    struct AnswerModel {
        var shareID: String
        var reference: String
        var inForce: Bool
        var kind: SharePurposeKind
        var purpose: String
        var sharedOn: Day
        var due: Day?
        var state: ShareAnswerState
        var answeredAt: Date?
        var answeredBy: String?
        var reason: String?
        var contact: SharerContact
        var mayAnswer: Bool
        var decision: String?
        var reasonInput: String?
        var errors: FormErrors
        var justAnswered: Bool
        var today: Day
    }

    /// `/shared/:shareID`: the share, who shared it and how to reach them, and the answer (or its form).
    static func answerPage(_ m: AnswerModel, csrf: String, l: Localiser) -> Page {
        var rows: [(key: String, value: HTML)] = [
            (l("shareanswers.case"), m.inForce ? HTML("<a href=\"\(Href.case(m.reference))\"><code>\(m.reference)</code></a>")
                : HTML("<code>\(m.reference)</code>")),
            (l("shareanswers.purpose-kind"), HTML("\(kindLabel(m.kind, l))")),
            (l("shareanswers.purpose"), HTML("\(m.purpose)")),
            (l("shareanswers.shared-on"), HTML("\(l.day(m.sharedOn))")),
        ]
        if let due = m.due { rows.append((l("shareanswers.answer-by"), HTML("\(l.day(due))"))) }
        let overdue = m.state == .awaiting && m.due.map { ShareAnswerRules.isOverdue(due: $0, today: m.today) } == true
        rows.append((l("shareanswers.answer"), stateTag(m.state, overdue: overdue, l)))
        if let at = m.answeredAt {
            rows.append((l("shareanswers.answered"), HTML("\(l("shareanswers.answered-by", ["when": l.dateTime(at), "who": m.answeredBy ?? ""]))")))
        }
        if let reason = m.reason { rows.append((l("shareanswers.reason"), HTML("\(reason)"))) }
        let form: HTML
        if !m.inForce {
            form = HTML("<p class=\"warning-text\">\(l("shareanswers.withdrawn"))</p>")
        } else if m.state == .awaiting && m.mayAnswer {
            form = HTML("""
                <h2 class="heading-m">\(l("shareanswers.form-heading"))</h2>
                <form method="post" action="\(Href.shareAnswer(m.shareID))" novalidate>
                \(Components.csrfField(csrf))
                \(Components.radios(name: "decision", legend: l("shareanswers.decision"),
                                    options: [(ShareDecision.accept.rawValue, l("shareanswers.accept")),
                                              (ShareDecision.decline.rawValue, l("shareanswers.decline"))],
                                    selected: m.decision, errors: m.errors, l: l))
                \(Components.textArea(name: "reason", label: l("shareanswers.reason"), value: m.reasonInput,
                                      hint: l("shareanswers.reason-hint"), rows: 4, errors: m.errors, l: l))
                \(Components.button(l("shareanswers.send")))
                </form>
                """)
        } else {
            form = .empty
        }
        return Page(title: l("shareanswers.title"), content: """
            \(Components.errorSummary(m.errors, l))
            \(m.justAnswered ? Components.notification(title: l("shareanswers.sent"), body: HTML("<p class=\"body\">\(l("shareanswers.sent-body"))</p>")) : .empty)
            <span class="caption">\(l("shareanswers.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("shareanswers.title"))</h1>
            \(Components.summaryList(rows))
            <h2 class="heading-m">\(l("shareanswers.contact-heading"))</h2>
            \(Components.summaryList(contactRows(m.contact, l: l)))
            \(form)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.sharedCases, l("shareanswers.back")), language: l.language)
    }

    /// The partner's notice at the top of a shared case: who shared it, how to reach them, and
    /// the answer it waits for.
    static func partnerNotice(shareID: String, contact: SharerContact, due: Day?, state: ShareAnswerState, today: Day, l: Localiser) -> HTML {
        let who = contact.teams.isEmpty
            ? l("shareanswers.notice-by", ["name": contact.name, "organisation": contact.organisation])
            : l("shareanswers.notice-by-team", ["name": contact.name, "organisation": contact.organisation, "team": contact.teams.joined(separator: ", ")])
        let overdue = state == .awaiting && due.map { ShareAnswerRules.isOverdue(due: $0, today: today) } == true
        let answer: String = switch state {
        case .awaiting: due.map { l("shareanswers.notice-answer-by", ["date": l.day($0)]) } ?? ""
        case .accepted: l("shareanswers.notice-accepted")
        case .declined: l("shareanswers.notice-declined")
        }
        return HTML("""
            <div class="inset-text" id="shared-by">
            <p class="body">\(who)\(contact.email.isEmpty ? HTML.empty : HTML(" (<a href=\"mailto:\(contact.email)\">\(contact.email)</a>)")). \(answer) \(stateTag(state, overdue: overdue, l))</p>
            <p class="body"><a href="\(Href.shareAnswer(shareID))">\(state == .awaiting ? l("shareanswers.notice-link-answer") : l("shareanswers.notice-link"))</a></p>
            </div>
            """)
    }

    struct OwnerRow {
        var organisation: String
        var kind: SharePurposeKind
        var due: Day?
        var state: ShareAnswerState
        var answeredAt: Date?
        var answeredBy: String?
        var reason: String?
    }

    /// The owner's view of the answers to the case's shares.
    static func ownerSection(_ rows: [OwnerRow], today: Day, l: Localiser) -> HTML {
        let cells: [[HTML]] = rows.map { r in
            let overdue = r.state == .awaiting && r.due.map { ShareAnswerRules.isOverdue(due: $0, today: today) } == true
            return [HTML("\(r.organisation)"), HTML("\(kindLabel(r.kind, l))"), HTML("\(r.due.map { l.day($0) } ?? "")"),
                    HTML("\(stateTag(r.state, overdue: overdue, l))"),
                    HTML("\(r.answeredAt.map { l("shareanswers.answered-by", ["when": l.dateTime($0), "who": r.answeredBy ?? ""]) } ?? "")"),
                    HTML("\(r.reason ?? "")")]
        }
        return HTML("""
            <h2 class="heading-m" id="share-answers">\(l("shareanswers.owner-heading"))</h2>
            \(Components.table(caption: l("shareanswers.owner-caption"),
                               headers: [l("shareanswers.column-organisation"), l("shareanswers.purpose-kind"), l("shareanswers.answer-by"),
                                         l("shareanswers.answer"), l("shareanswers.answered"), l("shareanswers.reason")], rows: cells))
            """)
    }

    /// The shared list's two answer cells for one share: the answer, and the day it is due by.
    static func listCells(_ answer: ShareAnswerRecord?, shareID: String, today: Day, l: Localiser) -> [HTML] {
        guard let answer else { return [.empty, .empty] }
        let overdue = answer.state == .awaiting && answer.due.map { ShareAnswerRules.isOverdue(due: $0, today: today) } == true
        return [HTML("<a href=\"\(Href.shareAnswer(shareID))\">\(stateTag(answer.state, overdue: overdue, l))<span class=\"visually-hidden\"> \(l("shareanswers.open-share"))</span></a>"),
                HTML("\(answer.state == .awaiting ? answer.due.map { l.day($0) } ?? "" : "")")]
    }
}
