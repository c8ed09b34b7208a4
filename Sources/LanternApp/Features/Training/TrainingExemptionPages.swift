import Foundation
import LanternCore

/// The exemptions page: the requirements in force, who in the organisation they hold back,
/// the live exemptions (each with a button to end it), and the form to grant one.
enum TrainingExemptionPages {
    struct Model {
        struct Person { var name: String; var held: [String]; var missing: [String] }
        struct Exemption { var id: String; var person: String; var action: String; var until: Day; var reason: String }
        var requirements: [(role: String, action: String, qualification: String)]
        var people: [Person]
        var exemptions: [Exemption]
        var personOptions: [(value: String, label: String)]
        var actionOptions: [(value: String, label: String)]
        var latest: Day
        var input: TrainingExemptionsController.GrantForm
        var errors: FormErrors
    }

    static func page(_ m: Model, csrf: String, l: Localiser) -> Page {
        let requirementRows: [[HTML]] = m.requirements.map { [HTML("\($0.role)"), HTML("\($0.action)"), HTML("<code>\($0.qualification)</code>")] }
        let peopleRows: [[HTML]] = m.people.map { p in
            [HTML("\(p.name)"), HTML("\(p.held.isEmpty ? "–" : p.held.joined(separator: ", "))"),
             p.missing.isEmpty ? HTML("–") : HTML("\(Components.tag(l("training.exemption.needs"), colour: "red")) \(p.missing.joined(separator: ", "))")]
        }
        let exemptionRows: [[HTML]] = m.exemptions.map { e in
            [HTML("\(e.person)"), HTML("\(e.action)"), HTML("\(l.day(e.until))"), HTML("\(e.reason)"),
             HTML("""
                <form method="post" action="\(Href.revokeTrainingExemption(e.id))">\(Components.csrfField(csrf))\
                <button class="button button--secondary" type="submit">\(l("training.exemption.end"))<span class="visually-hidden"> \(e.person), \(e.action)</span></button></form>
                """)]
        }
        let i = m.input
        let body: HTML = m.requirements.isEmpty ? HTML("<p class=\"body\">\(l("training.exemption.none-in-force"))</p>") : HTML("""
            <h2 class="heading-m">\(l("training.exemption.requirements-heading"))</h2>
            \(Components.table(caption: l("training.exemption.requirements-caption"), headers: [l("training.column.role"), l("training.column.allows"),
                               l("training.column.qualification")], rows: requirementRows))
            <h2 class="heading-m">\(l("training.exemption.people-heading"))</h2>
            \(m.people.isEmpty ? HTML("<p class=\"body\">\(l("training.exemption.no-people"))</p>")
                : Components.table(caption: l("training.exemption.people-caption"), headers: [l("training.column.person"), l("training.column.holds"),
                                   l("training.column.lacks")], rows: peopleRows))
            <h2 class="heading-m">\(l("training.exemption.live-heading"))</h2>
            \(m.exemptions.isEmpty ? HTML("<p class=\"body\">\(l("training.exemption.no-live"))</p>")
                : Components.table(caption: l("training.exemption.live-caption"), headers: [l("training.column.person"), l("training.column.allows"),
                                   l("training.column.until"), l("training.column.reason"), l("training.column.end")], rows: exemptionRows))
            <h2 class="heading-m" id="grant">\(l("training.exemption.grant-heading"))</h2>
            <form method="post" action="\(Href.trainingExemptions)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "person", label: l("training.column.person"), options: [("", l("training.choose"))] + m.personOptions,
                                selected: i.person, errors: m.errors, l: l))
            \(Components.select(name: "action", label: l("training.exemption.action"), options: [("", l("training.choose"))] + m.actionOptions,
                                selected: i.action, errors: m.errors, l: l))
            \(Components.textInput(name: "until", label: l("training.exemption.until"), value: i.until ?? "",
                                   hint: l("training.exemption.until-hint", ["day": l.day(m.latest)]), type: "date", errors: m.errors, l: l))
            \(Components.textArea(name: "reason", label: l("training.exemption.reason"), value: i.reason ?? "", hint: l("training.exemption.reason-hint"),
                                  rows: 3, errors: m.errors, l: l))
            \(Components.button(l("training.exemption.grant")))
            </form>
            """)
        return Page(title: l("training.exemption.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("training.exemption.title"))</h1>
            <p class="body">\(l("training.exemption.intro"))</p>
            \(body)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.training, l("training.back")), language: l.language)
    }
}
