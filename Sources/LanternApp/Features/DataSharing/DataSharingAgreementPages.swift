import Foundation
import LanternCore

/// The data-sharing agreement pages: the list, the form that records one, and one agreement
/// with the exact views made under it and the form that ends it early. Texts from the
/// catalogue (area `agreements`); the lawful bases' legal names stay as LanternCore gives them.
enum DataSharingAgreementPages {
    static func status(_ record: DataSharingAgreementRecord, today: Day, l: Localiser) -> HTML {
        switch record.agreement.term?.status(on: today) ?? .ended {
        case .inForce: Components.tag(l("agreements.status-in-force"), colour: "green")
        case .notYetInForce: Components.tag(l("agreements.status-not-yet"), colour: nil)
        case .expired: Components.tag(l("agreements.status-expired"), colour: "grey")
        case .ended: Components.tag(l("agreements.status-ended"), colour: "red")
        }
    }

    static func term(_ agreement: DataSharingAgreement, l: Localiser) -> String {
        guard let term = agreement.term else { return "" }
        return l("agreements.term", ["from": l.day(term.from), "until": l.day(term.until)])
    }

    // MARK: The list

    struct List {
        var agreements: [DataSharingAgreementRecord]
        var today: Day
        var canRecord: Bool
        /// The viewer, when they may see exact figures (a link where an agreement in force names them).
        var viewer: UUID?
        var names: [String: String]
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let rows = m.agreements.map { record -> [HTML] in
            let id = record.agreement.id?.uuidString ?? ""
            let title: HTML = m.canRecord ? HTML("<a href=\"\(Href.dataSharingAgreement(id))\">\(record.agreement.title)</a>")
                : HTML("\(record.agreement.title)")
            let open = m.viewer.map { record.names($0) } == true && record.agreement.inForce(on: m.today)
            return [title,
                    HTML("\(record.values(.party).map { m.names[$0] ?? $0 }.joined(separator: ", "))"),
                    HTML("\(term(record.agreement, l: l))"),
                    status(record, today: m.today, l: l),
                    open ? HTML("<a href=\"\(Href.exactFigures(id))\">\(l("agreements.exact-link"))</a>") : HTML("\(l("agreements.exact-none"))")]
        }
        return Page(title: l("agreements.title"), content: """
            <h1 class="heading-l">\(l("agreements.title"))</h1>
            <p class="body">\(l("agreements.intro"))</p>
            \(m.canRecord ? HTML("<p class=\"body\"><a class=\"button\" href=\"\(Href.newDataSharingAgreement)\">\(l("agreements.record-link"))</a></p>") : .empty)
            \(rows.isEmpty ? HTML("<p class=\"body\">\(m.canRecord ? l("agreements.none") : l("agreements.none-naming-you"))</p>")
                : Components.table(caption: l("agreements.title"),
                                   headers: [l("agreements.col-title"), l("agreements.col-parties"), l("agreements.col-term"),
                                             l("agreements.col-status"), l("agreements.col-exact")], rows: rows))
            """, backLink: (Href.profile, l("agreements.back-to-profile")), language: l.language)
    }

    // MARK: Recording one

    struct Form {
        var input: DataSharingAgreementController.Input
        var errors: FormErrors
        var organisations: [(value: String, label: String)]
        var people: [(value: String, label: String)]
        var boroughs: BoroughCatalogue
        var csrf: String
    }

    static func form(_ m: Form, l: Localiser) -> Page {
        let i = m.input, errors = m.errors
        let bases = LawfulBasis.allCases.map { ($0.rawValue, $0.label) }
        let conditions = SpecialCategoryCondition.allCases.map { ($0.rawValue, $0.label) }
        let boroughs = m.boroughs.all.map { ($0.onsCode, $0.name) }
        return Page(title: l("agreements.record-title"), content: """
            <h1 class="heading-l">\(l("agreements.record-title"))</h1>
            <p class="body">\(l("agreements.record-intro"))</p>
            \(Components.errorSummary(errors, l))
            <form method="post" action="\(Href.newDataSharingAgreement)" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textInput(name: "title", label: l("agreements.field-title"), value: i.title, hint: l("agreements.field-title-hint"),
                                   errors: errors, l: l))
            \(Components.checkboxes(name: "parties", legend: l("agreements.field-parties"), options: m.organisations, checked: Set(i.parties ?? []),
                                    hint: l("agreements.field-parties-hint"), errors: errors, l: l))
            \(Components.textArea(name: "purpose", label: l("agreements.field-purpose"), value: i.purpose, hint: l("agreements.field-purpose-hint"),
                                  errors: errors, l: l))
            \(Components.radios(name: "lawfulBasis", legend: l("agreements.field-basis"), options: bases, selected: i.lawfulBasis, errors: errors, l: l))
            \(Components.radios(name: "condition", legend: l("agreements.field-condition"), options: conditions, selected: i.condition,
                                hint: l("agreements.field-condition-hint"), errors: errors, l: l))
            \(Components.textInput(name: "from", label: l("agreements.field-from"), value: i.from, hint: l("agreements.field-day-hint"), width: 10,
                                   errors: errors, l: l))
            \(Components.textInput(name: "until", label: l("agreements.field-until"), value: i.until,
                                   hint: l("agreements.field-until-hint", ["years": l.number(AgreementTerm.longestYears)]), width: 10, errors: errors, l: l))
            \(m.people.isEmpty ? HTML("<p class=\"body\" id=\"people\">\(l("agreements.field-people-none"))</p>")
                : Components.checkboxes(name: "people", legend: l("agreements.field-people"), options: m.people, checked: Set(i.people ?? []),
                                        hint: l("agreements.field-people-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "boroughs", legend: l("agreements.field-boroughs"), options: boroughs, checked: Set(i.boroughs ?? []),
                                    hint: l("agreements.field-boroughs-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "organisations", legend: l("agreements.field-organisations"), options: m.organisations,
                                    checked: Set(i.organisations ?? []), hint: l("agreements.field-organisations-hint"), errors: errors, l: l))
            \(Components.button(l("agreements.record-button")))
            </form>
            """, hasErrors: !errors.isEmpty, backLink: (Href.dataSharingAgreements, l("agreements.title")), language: l.language)
    }

    // MARK: One agreement

    struct Show {
        var record: DataSharingAgreementRecord
        var today: Day
        var organisations: [String: String]
        /// Account id → "Name, Organisation".
        var people: [String: String]
        var boroughs: BoroughCatalogue
        /// The latest exact views under it, newest first.
        var views: [AuditEntry]
        var endErrors: FormErrors
        var reason: String
        var csrf: String
    }

    static func show(_ m: Show, l: Localiser) -> Page {
        let a = m.record.agreement, id = a.id?.uuidString ?? ""
        func list(_ items: [String]) -> HTML {
            items.isEmpty ? HTML("\(l("agreements.none-listed"))")
                : HTML("<ul class=\"list\">\(items.map { HTML("<li>\($0)</li>") })</ul>")
        }
        let boroughs = m.record.values(.borough).map { m.boroughs.borough(code: $0)?.name ?? $0 }.sorted()
        var rows: [(key: String, value: HTML)] = [
            (l("agreements.col-status"), status(m.record, today: m.today, l: l)),
            (l("agreements.col-parties"), list(m.record.values(.party).map { m.organisations[$0] ?? $0 }.sorted())),
            (l("agreements.field-purpose"), HTML("<span class=\"pre-line\">\(a.purpose)</span>")),
            (l("agreements.field-basis"), HTML("\(LawfulBasis(rawValue: a.lawfulBasis)?.label ?? a.lawfulBasis)")),
            (l("agreements.field-condition"), HTML("\(SpecialCategoryCondition(rawValue: a.condition)?.label ?? a.condition)")),
            (l("agreements.col-term"), HTML("\(term(a, l: l))")),
            (l("agreements.field-people"), list(m.record.values(.person).map { m.people[$0] ?? l("agreements.account-gone") })),
            (l("agreements.field-boroughs"), list(boroughs)),
            (l("agreements.field-organisations"), list(m.record.values(.organisation).map { m.organisations[$0] ?? $0 }.sorted())),
            (l("agreements.recorded"), HTML("\(l("agreements.recorded-by", ["who": m.people[a.recordedBy.uuidString] ?? "", "when": l.dateTime(a.recordedAt)]))")),
        ]
        if let endedOn = a.endedOn.flatMap(Day.init(iso:)) {
            rows.append((l("agreements.ended"), HTML("""
                \(l("agreements.ended-by", ["who": a.endedBy.flatMap { m.people[$0.uuidString] } ?? "", "day": l.day(endedOn)])) \
                <span class="pre-line">\(a.endReason ?? "")</span>
                """)))
        }
        let viewRows = m.views.map { entry -> [HTML] in
            [HTML("\(l.dateTime(Date(timeIntervalSince1970: TimeInterval(entry.occurredAtMillis) / 1000)))"),
             HTML("\(entry.actorUserID.flatMap { m.people[$0] } ?? "")")]
        }
        let canEnd = a.endedOn == nil && (a.term.map { m.today <= $0.until } ?? false)
        return Page(title: a.title, content: """
            <h1 class="heading-l">\(a.title)</h1>
            \(Components.errorSummary(m.endErrors, l))
            \(Components.summaryList(rows))
            <h2 class="heading-m">\(l("agreements.views-heading"))</h2>
            <p class="body">\(l("agreements.views-intro"))</p>
            \(viewRows.isEmpty ? HTML("<p class=\"body\">\(l("agreements.views-none"))</p>")
                : Components.table(caption: l("agreements.views-heading"), headers: [l("agreements.views-when"), l("agreements.views-who")], rows: viewRows))
            \(canEnd ? HTML("""
            <h2 class="heading-m">\(l("agreements.end-heading"))</h2>
            <form method="post" action="\(Href.endDataSharingAgreement(id))" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textArea(name: "reason", label: l("agreements.field-reason"), value: m.reason, hint: l("agreements.field-reason-hint"),
                                  rows: 3, errors: m.endErrors, l: l))
            \(Components.button(l("agreements.end-button"), warning: true))
            </form>
            """) : .empty)
            """, hasErrors: !m.endErrors.isEmpty, backLink: (Href.dataSharingAgreements, l("agreements.title")), language: l.language)
    }
}
