import Foundation
import LanternCore
import Vapor

/// Pages of status and housing: the case page's section, the case's whole history of them,
/// the forms (status, pillar, homelessness application, housing request), and the housing
/// requests as the organisations see them, in the viewer's language (`l`).
enum StatusPages {
    /// The request's language if the catalogue has all of aftercare, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "aftercare", "components") }

    /// What the redirect after a change says was done (`?done=`).
    enum Done: String { case answered }

    struct StatusRow { var status: ImmigrationStatus; var nrpf: Bool; var from: Day; var isCurrent: Bool }
    struct PillarRow { var id: String; var pillar: SupportPillar?; var requestedOn: Day; var outcome: PillarOutcome; var decidedOn: Day? }
    struct ApplicationRow {
        var id: String; var borough: String; var appliedOn: Day; var duty: HomelessnessDuty; var priorityNeed: PriorityNeed
        var decidedOn: Day?; var outcome: String?
    }
    /// One housing request; `reference` only for the sending side, `note`/`answer` only when
    /// the viewer may read them.
    struct RequestRow {
        var id: String; var reference: String?; var borough: String; var organisation: String; var sentOn: Day
        var status: HousingRequestStatus; var answeredOn: Day?; var note: String?; var answer: String?
    }

    struct Summary {
        var reference: String
        var canEdit: Bool
        var today: Day
        /// Latest first.
        var statuses: [StatusRow]
        var pillars: [PillarRow]
        /// Latest first.
        var applications: [ApplicationRow]
        /// Latest first.
        var requests: [RequestRow]

        var current: StatusRow? { statuses.first { $0.isCurrent } }
    }

    static func pillarName(_ pillar: SupportPillar?, _ l: Localiser) -> String {
        switch pillar {
        case .accommodation: l("aftercare.status.pillar.accommodation")
        case .financialSupport: l("aftercare.status.pillar.financial-support")
        case .supportWorker: l("aftercare.status.pillar.support-worker")
        case nil: l("aftercare.status.pillar.unknown")
        }
    }

    static func nrpfWords(_ nrpf: Bool, _ l: Localiser) -> String {
        nrpf ? l("aftercare.status.nrpf-yes") : l("aftercare.status.nrpf-no")
    }

    static func statusTag(_ status: HousingRequestStatus, _ l: Localiser) -> HTML {
        switch status {
        case .sent: Components.tag(status.label(l), colour: "yellow")
        case .accepted: Components.tag(status.label(l), colour: "green")
        case .declined: Components.tag(status.label(l), colour: "red")
        case .withdrawn: Components.tag(status.label(l), colour: "grey")
        }
    }

    // MARK: The case page's section

    static func section(_ m: Summary, csrf: String, l: Localiser) -> HTML {
        let status: HTML = m.current.map { HTML("\(l("aftercare.status.status-from", ["status": $0.status.label(l), "day": l.day($0.from)]))") }
            ?? HTML("\(l("aftercare.status.not-recorded"))")
        let funds: HTML = m.current.map { HTML("\(nrpfWords($0.nrpf, l))") } ?? HTML("\(l("aftercare.status.not-recorded"))")
        let requested = m.pillars.map { pillarName($0.pillar, l) }
        let granted = m.pillars.filter { $0.outcome == .granted }.map { pillarName($0.pillar, l) }
        let pillars: HTML = m.pillars.isEmpty ? HTML("\(l("aftercare.status.pillars-none"))") : HTML("""
            \(l("aftercare.status.pillars-requested", ["pillars": requested.joined(separator: ", ")]))<br>\
            \(granted.isEmpty ? l("aftercare.status.pillars-none-granted") : l("aftercare.status.pillars-granted", ["pillars": granted.joined(separator: ", ")]))
            """)
        let application: HTML = m.applications.first.map { a in
            HTML("\(l("aftercare.homelessness.summary", ["borough": a.borough, "duty": a.duty.label(l), "priority": a.priorityNeed.label(l), "day": l.day(a.appliedOn)]))")
        } ?? HTML("\(l("aftercare.homelessness.none"))")
        let links: HTML = m.canEdit ? """
            <ul class="list">
            <li><a href="\(Href.newCaseStatus(m.reference))">\(l("aftercare.status.record-link"))</a></li>
            <li><a href="\(Href.newPillar(m.reference))">\(l("aftercare.status.pillar-link"))</a></li>
            <li><a href="\(Href.newHomelessness(m.reference))">\(l("aftercare.homelessness.record-link"))</a></li>
            <li><a href="\(Href.newHousingRequest(m.reference))">\(l("aftercare.housing-request.send-link"))</a></li>
            <li><a href="\(Href.caseStatus(m.reference))">\(l("aftercare.status.history-link"))</a></li>
            </ul>
            """ : """
            <p class="body"><a href="\(Href.caseStatus(m.reference))">\(l("aftercare.status.history-link"))</a></p>
            """
        return """
            <section id="status-and-housing" aria-labelledby="status-and-housing-heading">
            <h2 class="heading-m" id="status-and-housing-heading">\(l("aftercare.status.heading"))</h2>
            \(Components.summaryList([
                (l("aftercare.status.immigration-status"), status),
                (l("aftercare.status.public-funds"), funds),
                (l("aftercare.status.pillars"), pillars),
                (l("aftercare.homelessness.latest"), application),
            ]))
            \(requestTable(m.requests.filter { $0.status == .sent || m.requests.first?.id == $0.id }, m: m, csrf: csrf, l: l))
            \(links)
            </section>
            """
    }

    /// The case's housing requests: borough, receiving organisation, sent, where it stands, the answer.
    static func requestTable(_ requests: [RequestRow], m: Summary, csrf: String, l: Localiser) -> HTML {
        guard !requests.isEmpty else { return HTML("<p class=\"body\">\(l("aftercare.housing-request.none"))</p>") }
        let rows: [[HTML]] = requests.map { r in
            let answer: HTML = switch r.status {
            case .sent: m.canEdit ? """
                <form method="post" action="\(Href.withdrawHousingRequest(m.reference, r.id))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("aftercare.housing-request.withdraw"))<span class="visually-hidden"> \(l("aftercare.housing-request.withdraw-which", ["borough": r.borough, "day": l.day(r.sentOn)]))</span></button></form>
                """ : .empty
            default: HTML("\(r.answeredOn.map { l.day($0) } ?? "")\(r.answer.map { HTML(": \($0)") })")
            }
            return [HTML("\(r.borough)"), HTML("\(r.organisation)"), HTML("\(l.day(r.sentOn))"), statusTag(r.status, l), answer]
        }
        return Components.table(caption: l("aftercare.housing-request.caption"),
                                headers: [l("aftercare.housing-request.column-borough"), l("aftercare.housing-request.column-to"),
                                          l("aftercare.housing-request.column-sent"), l("aftercare.housing-request.column-status"),
                                          l("aftercare.housing-request.column-answer")], rows: rows)
    }

    // MARK: The case's whole history

    static func history(_ m: Summary, csrf: String, l: Localiser) -> Page {
        let statusRows: [[HTML]] = m.statuses.map { s in
            [HTML("\(s.status.label(l))"), HTML("\(nrpfWords(s.nrpf, l))"), HTML("\(l.day(s.from))"),
             s.isCurrent ? Components.tag(l("aftercare.status.current")) : .empty]
        }
        let pillarRows: [[HTML]] = m.pillars.map { p in
            [HTML("\(pillarName(p.pillar, l))"), HTML("\(l.day(p.requestedOn))"), HTML("\(p.outcome.label(l))"),
             HTML("\(p.decidedOn.map { l.day($0) } ?? "")"),
             m.canEdit ? HTML("<a href=\"\(Href.pillar(m.reference, p.id))\">\(l("aftercare.status.change"))<span class=\"visually-hidden\"> \(pillarName(p.pillar, l))</span></a>") : .empty]
        }
        let applicationRows: [[HTML]] = m.applications.map { a in
            [HTML("\(a.borough)"), HTML("\(l.day(a.appliedOn))"), HTML("\(a.duty.label(l))"), HTML("\(a.priorityNeed.label(l))"),
             HTML("\(a.decidedOn.map { l.day($0) } ?? "")"), HTML("\(a.outcome ?? "")"),
             m.canEdit ? HTML("<a href=\"\(Href.homelessness(m.reference, a.id))\">\(l("aftercare.status.change"))<span class=\"visually-hidden\"> \(a.borough) \(l.day(a.appliedOn))</span></a>") : .empty]
        }
        let requestNotes: [[HTML]] = m.requests.compactMap { r in r.note.map { [HTML("\(r.borough)"), HTML("\(l.day(r.sentOn))"), HTML("\($0)")] } }
        return Page(title: l("aftercare.status.history-title"), content: """
            <h1 class="heading-l">\(l("aftercare.status.history-title"))</h1>
            <h2 class="heading-m">\(l("aftercare.status.immigration-status"))</h2>
            \(statusRows.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.status.not-recorded"))</p>")
                : Components.table(caption: l("aftercare.status.status-caption"), headers: [l("aftercare.status.immigration-status"),
                    l("aftercare.status.public-funds"), l("aftercare.status.column-from"), l("aftercare.status.column-current")], rows: statusRows))
            <h2 class="heading-m">\(l("aftercare.status.pillars"))</h2>
            \(pillarRows.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.status.pillars-none"))</p>")
                : Components.table(caption: l("aftercare.status.pillars-caption"), headers: [l("aftercare.status.column-pillar"),
                    l("aftercare.status.column-requested"), l("aftercare.status.column-outcome"), l("aftercare.status.column-decided"),
                    l("aftercare.status.column-action")], rows: pillarRows))
            <h2 class="heading-m">\(l("aftercare.homelessness.heading"))</h2>
            \(applicationRows.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.homelessness.none"))</p>")
                : Components.table(caption: l("aftercare.homelessness.caption"), headers: [l("aftercare.homelessness.column-borough"),
                    l("aftercare.homelessness.column-applied"), l("aftercare.homelessness.column-duty"), l("aftercare.homelessness.column-priority"),
                    l("aftercare.homelessness.column-decided"), l("aftercare.homelessness.column-outcome"), l("aftercare.status.column-action")], rows: applicationRows))
            <h2 class="heading-m">\(l("aftercare.housing-request.heading"))</h2>
            \(requestTable(m.requests, m: m, csrf: csrf, l: l))
            \(requestNotes.isEmpty ? .empty : Components.table(caption: l("aftercare.housing-request.notes-caption"),
                headers: [l("aftercare.housing-request.column-borough"), l("aftercare.housing-request.column-sent"), l("aftercare.housing-request.note")], rows: requestNotes))
            """, backLink: (Href.case(m.reference), l("aftercare.status.back")), language: l.language)
    }

    // MARK: Forms

    static func statusForm(reference: String, form: StatusController.StatusForm, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("aftercare.status.form-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("aftercare.status.form-title"))</h1>
            <form method="post" action="\(Href.newCaseStatus(reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "status", label: l("aftercare.status.immigration-status"),
                                options: [("", l("aftercare.status.choose"))] + ImmigrationStatus.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: form.status, errors: errors, l: l))
            \(Components.checkboxes(name: "nrpf", legend: l("aftercare.status.public-funds"), options: [("yes", l("aftercare.status.nrpf-box"))],
                                    checked: form.nrpf == ["yes"] ? ["yes"] : [], hint: l("aftercare.status.nrpf-hint"), errors: errors, l: l))
            \(Components.textInput(name: "from", label: l("aftercare.status.from"), value: form.from, hint: l("aftercare.status.day-hint"),
                                   type: "date", errors: errors, l: l))
            \(Components.button(l("aftercare.status.save")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(reference), l("aftercare.status.back")), language: l.language)
    }

    static func pillarForm(reference: String, pillarID: String?, form: StatusController.PillarForm, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        let action = pillarID.map { Href.pillar(reference, $0) } ?? Href.newPillar(reference)
        return Page(title: l("aftercare.status.pillar-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("aftercare.status.pillar-title"))</h1>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "pillar", legend: l("aftercare.status.column-pillar"),
                                options: SupportPillar.allCases.map { ($0.rawValue, pillarName($0, l)) }, selected: form.pillar, errors: errors, l: l))
            \(Components.textInput(name: "requestedOn", label: l("aftercare.status.requested-on"), value: form.requestedOn,
                                   hint: l("aftercare.status.day-hint"), type: "date", errors: errors, l: l))
            \(Components.radios(name: "outcome", legend: l("aftercare.status.column-outcome"),
                                options: PillarOutcome.allCases.map { ($0.rawValue, $0.label(l)) }, selected: form.outcome, errors: errors, l: l))
            \(Components.textInput(name: "decidedOn", label: l("aftercare.status.decided-on"), value: form.decidedOn,
                                   hint: l("aftercare.status.decided-hint"), type: "date", errors: errors, l: l))
            \(Components.button(l("aftercare.status.save")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(reference), l("aftercare.status.back")), language: l.language)
    }

    static func homelessnessForm(reference: String, applicationID: String?, form: StatusController.HomelessnessForm, boroughs: BoroughCatalogue,
                                 errors: FormErrors, csrf: String, l: Localiser) -> Page {
        let action = applicationID.map { Href.homelessness(reference, $0) } ?? Href.newHomelessness(reference)
        return Page(title: l("aftercare.homelessness.form-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("aftercare.homelessness.form-title"))</h1>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "borough", label: l("aftercare.homelessness.borough"),
                                options: [("", l("aftercare.status.choose"))] + boroughs.all.map { ($0.onsCode, $0.name) },
                                selected: form.borough, errors: errors, l: l))
            \(Components.textInput(name: "appliedOn", label: l("aftercare.homelessness.applied-on"), value: form.appliedOn,
                                   hint: l("aftercare.status.day-hint"), type: "date", errors: errors, l: l))
            \(Components.radios(name: "duty", legend: l("aftercare.homelessness.column-duty"),
                                options: HomelessnessDuty.allCases.map { ($0.rawValue, $0.label(l)) }, selected: form.duty,
                                hint: l("aftercare.homelessness.duty-hint"), errors: errors, l: l))
            \(Components.radios(name: "priorityNeed", legend: l("aftercare.homelessness.column-priority"),
                                options: PriorityNeed.allCases.map { ($0.rawValue, $0.label(l)) }, selected: form.priorityNeed, errors: errors, l: l))
            \(Components.textInput(name: "decidedOn", label: l("aftercare.homelessness.decided-on"), value: form.decidedOn,
                                   hint: l("aftercare.status.decided-hint"), type: "date", errors: errors, l: l))
            \(Components.textArea(name: "outcome", label: l("aftercare.homelessness.outcome"), value: form.outcome,
                                  hint: l("aftercare.homelessness.outcome-hint"), rows: 3, errors: errors, l: l))
            \(Components.button(l("aftercare.status.save")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(reference), l("aftercare.status.back")), language: l.language)
    }

    static func housingRequestForm(reference: String, form: StatusController.HousingRequestForm, boroughs: BoroughCatalogue,
                                   errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("aftercare.housing-request.form-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("aftercare.housing-request.form-title"))</h1>
            <p class="body">\(l("aftercare.housing-request.form-intro"))</p>
            <form method="post" action="\(Href.newHousingRequest(reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "borough", label: l("aftercare.housing-request.borough"),
                                options: [("", l("aftercare.status.choose"))] + boroughs.all.map { ($0.onsCode, $0.name) },
                                selected: form.borough, errors: errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.housing-request.note"), value: form.note,
                                  hint: l("aftercare.housing-request.note-hint"), rows: 5, errors: errors, l: l))
            \(Components.button(l("aftercare.housing-request.send")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(reference), l("aftercare.status.back")), language: l.language)
    }

    // MARK: The organisations' housing requests

    static func requestList(received: [RequestRow], sent: [RequestRow], l: Localiser) -> Page {
        let receivedRows: [[HTML]] = received.map { r in
            [HTML("<a href=\"\(Href.housingRequest(r.id))\">\(l("aftercare.housing-request.from-on", ["organisation": r.organisation, "day": l.day(r.sentOn)]))</a>"),
             HTML("\(r.borough)"), statusTag(r.status, l), HTML("\(r.answeredOn.map { l.day($0) } ?? "")")]
        }
        let sentRows: [[HTML]] = sent.map { r in
            [HTML("<a href=\"\(Href.housingRequest(r.id))\">\(r.reference ?? "")</a>"), HTML("\(r.borough)"), HTML("\(r.organisation)"),
             HTML("\(l.day(r.sentOn))"), statusTag(r.status, l), HTML("\(r.answeredOn.map { l.day($0) } ?? "")")]
        }
        return Page(title: l("aftercare.housing-request.list-title"), content: """
            <h1 class="heading-l">\(l("aftercare.housing-request.list-title"))</h1>
            <h2 class="heading-m">\(l("aftercare.housing-request.received"))</h2>
            \(receivedRows.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.housing-request.none-received"))</p>")
                : Components.table(caption: l("aftercare.housing-request.received-caption"), headers: [l("aftercare.housing-request.column-request"),
                    l("aftercare.housing-request.column-borough"), l("aftercare.housing-request.column-status"), l("aftercare.housing-request.column-answered")],
                    rows: receivedRows))
            <h2 class="heading-m">\(l("aftercare.housing-request.sent"))</h2>
            \(sentRows.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.housing-request.none-sent"))</p>")
                : Components.table(caption: l("aftercare.housing-request.sent-caption"), headers: [l("aftercare.housing-request.column-case"),
                    l("aftercare.housing-request.column-borough"), l("aftercare.housing-request.column-to"), l("aftercare.housing-request.column-sent"),
                    l("aftercare.housing-request.column-status"), l("aftercare.housing-request.column-answered")], rows: sentRows))
            """, language: l.language)
    }

    /// One request: what it says, where it stands, and (to the receiving side, while it waits) the answer form.
    struct RequestShow {
        var row: RequestRow
        var toOrganisation: String
        var erased: Bool
        var canAnswer: Bool
        var answer: String?
        var note: String?
        var errors: FormErrors
        var justAnswered: Bool
    }

    static func requestShow(_ m: RequestShow, csrf: String, l: Localiser) -> Page {
        let r = m.row
        var rows: [(key: String, value: HTML)] = [
            (l("aftercare.housing-request.column-from"), HTML("\(r.organisation)")),
            (l("aftercare.housing-request.column-to"), HTML("\(m.toOrganisation)")),
            (l("aftercare.housing-request.column-borough"), HTML("\(r.borough)")),
            (l("aftercare.housing-request.column-sent"), HTML("\(l.day(r.sentOn))")),
            (l("aftercare.housing-request.note"), HTML("\(m.erased ? l("aftercare.housing-request.erased") : r.note ?? "")")),
            (l("aftercare.housing-request.column-status"), statusTag(r.status, l)),
        ]
        if let answered = r.answeredOn { rows.append((l("aftercare.housing-request.column-answered"), HTML("\(l.day(answered))"))) }
        if let answer = r.answer { rows.append((l("aftercare.housing-request.column-answer"), HTML("\(answer)"))) }
        let form: HTML = m.canAnswer ? """
            <h2 class="heading-m">\(l("aftercare.housing-request.answer-heading"))</h2>
            <form method="post" action="\(Href.housingRequest(r.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "answer", legend: l("aftercare.housing-request.answer-legend"),
                                options: [(HousingRequestStatus.accepted.rawValue, l("aftercare.housing-request.accept")),
                                          (HousingRequestStatus.declined.rawValue, l("aftercare.housing-request.decline"))],
                                selected: m.answer, errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.housing-request.answer-note"), value: m.note,
                                  hint: l("aftercare.housing-request.answer-note-hint"), rows: 4, errors: m.errors, l: l))
            \(Components.button(l("aftercare.housing-request.answer")))
            </form>
            """ : .empty
        let back: (Href, String) = r.reference.map { (Href.case($0), l("aftercare.status.back")) } ?? (Href.housingRequests, l("aftercare.housing-request.back"))
        return Page(title: l("aftercare.housing-request.show-title"), content: """
            \(m.justAnswered ? Components.notification(title: l("aftercare.housing-request.answered-title"), body: "\(l("aftercare.housing-request.answered-text"))") : .empty)
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("aftercare.housing-request.show-title"))</h1>
            \(Components.summaryList(rows))
            \(form)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty, backLink: back, language: l.language)
    }
}
