import Foundation
import LanternCore
import Vapor

/// The log of contact with the person and the form to log a contact.
enum ContactLogPages {
    struct Log {
        var reference: String
        var contacts: [AccommodationRecord.Contact]
        var today: Day
        var showNotes: Bool
        var canEdit: Bool
    }

    static func log(_ m: Log, l: Localiser) -> Page {
        var headers = [l("aftercare.accommodation.column-date"), l("aftercare.accommodation.column-method")]
        if m.showNotes { headers.append(l("aftercare.accommodation.column-note")) }
        let rows: [[HTML]] = m.contacts.map { contact in
            var row: [HTML] = [HTML("\(l.day(contact.on))"), HTML("\(AccommodationPages.method(contact.method, l: l))")]
            if m.showNotes { row.append(HTML("<span class=\"pre-wrap\">\(contact.note ?? "")</span>")) }
            return row
        }
        let last = m.contacts.first { ContactMethod(rawValue: $0.method)?.isContact ?? true }
        return Page(title: l("aftercare.accommodation.contact-log-title", ["reference": m.reference]), content: """
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("aftercare.accommodation.contact-log-heading"))</h1>
            <p class="body">\(l("aftercare.accommodation.last-contact")): \(AccommodationPages.contactText(last, today: m.today, l: l))</p>
            \(m.showNotes ? .empty : HTML("<p class=\"body\">\(l("aftercare.accommodation.notes-owner-only"))</p>"))
            \(m.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newContact(m.reference))\" class=\"button button--secondary\">\(l("aftercare.accommodation.log-contact-link"))</a></p>") : .empty)
            \(m.contacts.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.accommodation.no-contact"))</p>")
                : Components.table(caption: l("aftercare.accommodation.contact-log-caption"), headers: headers, rows: rows))
            """, backLink: (Href.case(m.reference).fragment("accommodation"), l("aftercare.accommodation.back-to-case")), language: l.language)
    }

    struct ContactForm {
        var reference: String
        var on: String?
        var method: String?
        var note: String?
        var errors: FormErrors
        var csrf: String
    }

    static func new(_ m: ContactForm, l: Localiser) -> Page {
        Page(title: l("aftercare.accommodation.new-contact-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("aftercare.accommodation.new-contact-title"))</h1>
            <form method="post" action="\(Href.newContact(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textInput(name: "on", label: l("aftercare.accommodation.contact-on-label"), value: m.on, hint: l("aftercare.accommodation.date-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.radios(name: "method", legend: l("aftercare.accommodation.method-legend"), options: ContactMethod.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: m.method, hint: l("aftercare.accommodation.method-hint"), errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.accommodation.note-label"), value: m.note, hint: l("aftercare.accommodation.note-hint"), rows: 4,
                                  errors: m.errors, l: l))
            \(Components.button(l("aftercare.accommodation.save-contact")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("accommodation"), l("aftercare.accommodation.back-to-case")), language: l.language)
    }
}
