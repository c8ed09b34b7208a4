import Foundation
import LanternCore
import Vapor

/// Pages for a group's terms of reference: one version, the form for a new version, and the
/// comparison of two versions (each line marked "Added", "Removed" or "Unchanged" in words).
enum TermsPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "terms", "groups", "components") }

    struct Show {
        var groupID: String
        var groupName: String
        var version: Int
        var body: String
        var quorum: Int
        var approvedOn: Day
        /// The approving meeting, if recorded: its id and title.
        var meeting: (id: String, title: String)?
        var nextReview: Day
        var isCurrent: Bool
        var review: TermsRules.ReviewState
    }

    /// The approving meeting as a link, or "Not recorded".
    static func meetingLink(_ meeting: (id: String, title: String)?, _ l: Localiser) -> HTML {
        guard let meeting else { return HTML("\(l("groups.terms-meeting-none"))") }
        return HTML("<a href=\"\(Href.meeting(meeting.id))\">\(meeting.title)</a>")
    }

    /// A text's lines as paragraphs (blank lines dropped), so the layout keeps its breaks.
    static func paragraphs(_ text: String) -> HTML {
        HTML("\(LineDiff.lines(of: text).filter { !$0.allSatisfy(\.isWhitespace) }.map { HTML("<p class=\"body\">\($0)</p>") })")
    }

    static func show(_ m: Show, l: Localiser) -> Page {
        let title = l("terms.title", ["group": m.groupName, "version": l.number(m.version)])
        return Page(title: title, content: """
            <span class="caption">\(m.groupName)</span>
            <h1 class="heading-l">\(l("terms.heading", ["version": l.number(m.version)]))</h1>
            \(Components.summaryList([
                (l("terms.status"), HTML("\(m.isCurrent ? l("terms.status-current") : l("terms.status-not-current"))")),
                (l("groups.terms-approved"), HTML("\(l.day(m.approvedOn))")),
                (l("groups.terms-meeting"), meetingLink(m.meeting, l)),
                (l("groups.terms-quorum"), HTML("\(l.number(m.quorum))")),
                (l("groups.terms-next-review"), HTML("\(l.day(m.nextReview))\(m.isCurrent ? HTML(" \(GroupPages.reviewTag(m.review, l))") : .empty)")),
            ]))
            <h2 class="heading-m">\(l("terms.text-heading"))</h2>
            \(paragraphs(m.body))
            """, backLink: (Href.group(m.groupID), l("groups.back-to-group")), language: l.language)
    }

    struct Form {
        var groupID: String
        var groupName: String
        var values: TermsController.TermsForm
        /// The group's meetings to choose the approving one from.
        var meetings: [(id: String, label: String)]
        var errors: FormErrors
    }

    static func form(_ m: Form, csrf: String, l: Localiser) -> Page {
        let v = m.values
        return Page(title: l("terms.new-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.groupName)</span>
            <h1 class="heading-l">\(l("terms.new-title"))</h1>
            <p class="body">\(l("terms.new-intro"))</p>
            <form method="post" action="\(Href.newTerms(m.groupID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textArea(name: "body", label: l("terms.field-body"), value: v.body ?? "", hint: l("terms.field-body-hint"), rows: 20,
                                  errors: m.errors, l: l))
            \(Components.textInput(name: "quorum", label: l("terms.field-quorum"), value: v.quorum ?? "", hint: l("terms.field-quorum-hint"),
                                   width: 4, errors: m.errors, extra: HTML(" inputmode=\"numeric\""), l: l))
            \(Components.textInput(name: "approvedOn", label: l("terms.field-approved"), value: v.approvedOn ?? "", type: "date", errors: m.errors, l: l))
            \(Components.select(name: "approvedMeetingID", label: l("terms.field-meeting-select"),
                                options: [("", l("terms.field-meeting-none"))] + m.meetings.map { ($0.id, $0.label) },
                                selected: v.approvedMeetingID ?? "", errors: m.errors, l: l))
            \(Components.textInput(name: "nextReviewOn", label: l("terms.field-review"), value: v.nextReviewOn ?? "",
                                   hint: l("terms.field-review-hint"), type: "date", errors: m.errors, l: l))
            \(Components.button(l("terms.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.group(m.groupID), l("groups.back-to-group")), language: l.language)
    }

    struct Compare {
        var groupID: String
        var groupName: String
        /// Every version, newest first.
        var versions: [Int]
        var from: Int?
        var to: Int?
        var lines: [LineDiff.Line]
        var errors: FormErrors
    }

    static func compare(_ m: Compare, l: Localiser) -> Page {
        let options = m.versions.map { (String($0), l("groups.terms-version-n", ["version": l.number($0)])) }
        let picker: HTML = """
            <form method="get" action="\(Href.compareTerms(m.groupID))" novalidate>
            \(Components.select(name: "from", label: l("groups.compare-from"), options: options, selected: m.from.map(String.init),
                                errors: m.errors, id: "compare-from", l: l))
            \(Components.select(name: "to", label: l("groups.compare-to"), options: options, selected: m.to.map(String.init),
                                errors: m.errors, id: "compare-to", l: l))
            \(Components.button(l("groups.compare"), secondary: true))
            </form>
            """
        var result: HTML = .empty
        if m.errors.isEmpty, let from = m.from, let to = m.to {
            let counts = LineDiff.counts(m.lines)
            let rows: [[HTML]] = m.lines.map { line in
                let change: HTML = switch line.change {
                case .added: HTML("<strong>\(l("terms.change-added"))</strong>")
                case .removed: HTML("<strong>\(l("terms.change-removed"))</strong>")
                case .kept: HTML("\(l("terms.change-kept"))")
                }
                let text: HTML = switch line.change {
                case .added: HTML("<ins class=\"diff diff--added\">\(line.text)</ins>")
                case .removed: HTML("<del class=\"diff diff--removed\">\(line.text)</del>")
                case .kept: HTML("\(line.text)")
                }
                return [change, HTML("\(line.oldNumber.map { l.number($0) } ?? "")"), HTML("\(line.newNumber.map { l.number($0) } ?? "")"), text]
            }
            result = """
                <h2 class="heading-m">\(l("terms.compare-result", ["from": l.number(from), "to": l.number(to)]))</h2>
                <p class="body">\(l("terms.compare-counts", ["added": l.number(counts.added), "removed": l.number(counts.removed)]))</p>
                \(Components.table(caption: l("terms.compare-caption", ["from": l.number(from), "to": l.number(to)]),
                                   headers: [l("terms.column-change"), l("terms.column-old", ["version": l.number(from)]),
                                             l("terms.column-new", ["version": l.number(to)]), l("terms.column-text")], rows: rows))
                """
        }
        return Page(title: l("terms.compare-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.groupName)</span>
            <h1 class="heading-l">\(l("terms.compare-title"))</h1>
            \(picker)
            \(result)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.group(m.groupID), l("groups.back-to-group")), language: l.language)
    }
}
