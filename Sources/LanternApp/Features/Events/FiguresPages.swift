import Foundation
import LanternCore

/// The annual report's training and events figures for one reporting year.
enum FiguresPages {
    static func agencyName(_ kind: AgencyKind, l: Localiser) -> String {
        switch kind {
        case .council: l("figures.agency.council")
        case .police: l("figures.agency.police")
        case .nhs: l("figures.agency.nhs")
        case .charity: l("figures.agency.charity")
        case .other: l("figures.agency.other")
        }
    }

    static func page(_ f: TrainingFiguresController.Figures, years: [ReportingYear], errors: FormErrors, l: Localiser) -> Page {
        let withheld = l("figures.withheld")
        let one = { (value: Double) in l.decimal(value) }
        let training: [(key: String, value: HTML)] = [
            (l("figures.sessions-held"), HTML("\(l.number(f.sessionsHeld))")),
            (l("figures.sessions-by-format"), HTML("\(l("figures.formats", ["face": l.number(f.sessionsFaceToFace), "online": l.number(f.sessionsOnline), "self": l.number(f.sessionsSelfPaced)]))")),
            (l("figures.people-trained"), HTML("\(l.number(f.peopleTrained))")),
            (l("figures.boroughs-reached"), HTML("\(l("figures.of-33", ["count": l.number(f.boroughsReached)]))")),
        ]
        let agencyRows: [[HTML]] = AgencyKind.allCases.map { [HTML("\(agencyName($0, l: l))"), HTML("\(l.number(f.byAgency[$0] ?? 0))")] }
        let cascade: [(key: String, value: HTML)] = [
            (l("figures.ttt-sessions"), HTML("\(l.number(f.trainTheTrainerSessions))")),
            (l("figures.trainers-trained"), HTML("\(l.number(f.trainersTrained))")),
            (l("figures.trained-by-trainers"), HTML("\(l.number(f.trainedByTrainers))")),
        ]
        let evaluation: [(key: String, value: HTML)] = [
            (l("figures.evaluation-answers"), HTML("\(f.evaluation.map { l.number($0.answers) } ?? withheld)")),
            (l("figures.confidence-before"), HTML("\(f.evaluation.map { one($0.meanBefore) } ?? withheld)")),
            (l("figures.confidence-after"), HTML("\(f.evaluation.map { one($0.meanAfter) } ?? withheld)")),
            (l("figures.outcomes-met"), HTML("\(f.evaluation.map { "\($0.percent(.yes))%" } ?? withheld)")),
        ]
        let events: [(key: String, value: HTML)] = [
            (l("figures.events-held"), HTML("\(l.number(f.eventsHeld))")),
            (l("figures.event-places"), HTML("\(l.number(f.eventPlaces))")),
            (l("figures.event-attended"), HTML("\(l.number(f.eventAttended))")),
            (l("figures.event-rating"), HTML("\(f.eventMeanRating.map { l("figures.rating", ["mean": one($0), "events": l.number(f.eventsWithFeedback)]) } ?? withheld)")),
        ]
        let options = (years.contains(f.year) ? years : [f.year] + years).map { (String($0.startYear), $0.label) }
        return Page(title: l("figures.title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("figures.title"))</h1>
            <p class="body">\(l("figures.intro", ["year": f.year.label, "from": l.day(f.year.first), "to": l.day(f.year.last)]))</p>
            <form method="get" action="\(Href.trainingFigures)" novalidate>
            \(Components.select(name: "year", label: l("figures.year"), options: options, selected: String(f.year.startYear), errors: errors, l: l))
            \(Components.button(l("figures.show"), secondary: true))
            </form>
            <p class="body"><a href="\(Href.trainingFiguresCSV(f.year))">\(l("figures.download"))</a></p>
            <h2 class="heading-m">\(l("figures.training-heading"))</h2>
            \(Components.summaryList(training))
            \(Components.table(caption: l("figures.by-agency"), headers: [l("figures.column.agency"), l("figures.column.people")], rows: agencyRows))
            \(f.untrainedBoroughs.isEmpty ? .empty : HTML("<p class=\"body\">\(l("figures.untrained-boroughs", ["boroughs": f.untrainedBoroughs.joined(separator: ", ")]))</p>"))
            <h2 class="heading-m">\(l("figures.cascade-heading"))</h2>
            \(Components.summaryList(cascade))
            <h2 class="heading-m">\(l("figures.evaluation-heading"))</h2>
            <p class="body">\(l("figures.evaluation-rule"))</p>
            \(Components.summaryList(evaluation))
            <h2 class="heading-m">\(l("figures.events-heading"))</h2>
            \(Components.summaryList(events))
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            language: l.language)
    }
}
