import Foundation
import LanternCore
import Vapor

/// Pages of a group's strategy: the list of groups, the strategy (priorities → objectives →
/// actions and indicators), the forms that add to it, an indicator with its history, the
/// progress page, the yearly impact summary and the board effectiveness figures, in the
/// viewer's language (`l`, from `StrategyPages.localiser`). Status is always in words as well
/// as in a tag; bars are `<meter>` elements with the figure written beside them.
enum StrategyPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "strategy", "components") }

    /// The `source` value of an indicator whose values are entered per period.
    static let enteredSource = "entered"

    struct Group: Sendable {
        var id: String
        var name: String
    }

    /// What the redirect after a change says was done (`?done=`).
    enum Done: String { case priority, objective, indicator, value, linked, unlinked }

    static func doneTitle(_ done: Done, l: Localiser) -> String {
        switch done {
        case .priority: l("strategy.done-priority")
        case .objective: l("strategy.done-objective")
        case .indicator: l("strategy.done-indicator")
        case .value: l("strategy.done-value")
        case .linked: l("strategy.done-linked")
        case .unlinked: l("strategy.done-unlinked")
        }
    }

    // MARK: words for values

    static func figure(_ value: Double, unit: IndicatorUnit, l: Localiser) -> String {
        let number = value.formatted(.number.precision(.fractionLength(0...2)).locale(l.language.locale))
        return switch unit {
        case .number: number
        case .percent: l("strategy.percent-value", ["value": number])
        case .days: l("strategy.days-value", ["value": number])
        }
    }

    static func reading(_ reading: IndicatorReading, unit: IndicatorUnit, l: Localiser) -> String {
        switch reading {
        case .value(let v, let period): l("strategy.value-in-period", ["value": figure(v, unit: unit, l: l), "period": period.text])
        case .suppressed(let period): l("strategy.suppressed-in-period", ["period": period.text])
        case .noData: l("strategy.no-data")
        case .unavailable: l("strategy.training-unavailable")
        }
    }

    static func status(_ status: ProgressStatus, l: Localiser) -> HTML {
        switch status {
        case .onTrack: Components.tag(l("strategy.status-on-track"), colour: "green")
        case .behind: Components.tag(l("strategy.status-behind"), colour: "red")
        case .noData: Components.tag(l("strategy.status-no-data"), colour: "grey")
        }
    }

    static func target(_ indicator: StrategyIndicator, l: Localiser) -> String {
        let value = figure(indicator.target, unit: indicator.indicatorUnit, l: l)
        return indicator.indicatorDirection == .higher ? l("strategy.target-higher", ["target": value]) : l("strategy.target-lower", ["target": value])
    }

    static func source(_ indicator: StrategyIndicator, l: Localiser) -> String {
        switch indicator.indicatorBinding {
        case .nrmReferralsLondonCouncils: l("strategy.binding-referrals")
        case .positiveConclusiveGroundsShare: l("strategy.binding-cg-share")
        case .trainingCoverage: l("strategy.binding-training")
        case nil: indicator.indicatorPeriodKind == .quarter ? l("strategy.source-entered-quarter") : l("strategy.source-entered-year")
        }
    }

    /// A bar for progress towards the target, with the share in words for those who cannot see it.
    static func bar(_ progress: IndicatorProgress, l: Localiser) -> HTML {
        guard let fraction = progress.fraction else { return HTML("\(l("strategy.no-bar"))") }
        let percent = Int((fraction * 100).rounded())
        return HTML("""
            <meter min="0" max="100" value="\(String(percent))">\(l("strategy.bar-words", ["percent": l.number(percent)]))</meter> \
            <span>\(l("strategy.bar-words", ["percent": l.number(percent)]))</span>
            """)
    }

    static func fraction(_ f: Fraction, l: Localiser) -> String {
        guard let percent = f.percent else { return l("strategy.fraction-none", ["denominator": l.number(f.denominator)]) }
        return l("strategy.fraction", ["numerator": l.number(f.numerator), "denominator": l.number(f.denominator), "percent": l.number(percent)])
    }

    private static func groupLinks(_ g: Group, l: Localiser) -> HTML {
        """
        <ul class="list">
        <li><a href="\(Href.strategy(g.id))">\(l("strategy.link-strategy"))</a></li>
        <li><a href="\(Href.strategyProgress(g.id))">\(l("strategy.link-progress"))</a></li>
        <li><a href="\(Href.strategyImpact(g.id))">\(l("strategy.link-impact"))</a></li>
        <li><a href="\(Href.boardEffectiveness(g.id))">\(l("strategy.link-effectiveness"))</a></li>
        </ul>
        """
    }

    // MARK: the list

    static func list(_ groups: [Group], l: Localiser) -> Page {
        let items = groups.map { HTML("<li><a href=\"\(Href.strategy($0.id))\">\($0.name)</a></li>") }
        return Page(title: l("strategy.list-title"), content: """
            <h1 class="heading-l">\(l("strategy.list-title"))</h1>
            <p class="body">\(l("strategy.list-intro"))</p>
            \(groups.isEmpty ? HTML("<p class=\"body\">\(l("strategy.list-none"))</p>") : HTML("<ul class=\"list\">\(items)</ul>"))
            """, language: l.language)
    }

    // MARK: the strategy

    struct Show {
        var group: Group
        var tree: StrategyTree
        var canManage: Bool
        var done: Done?
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let g = m.group.id
        let notice: HTML = m.done.map { Components.notification(title: doneTitle($0, l: l), body: .empty) } ?? .empty
        let priorities = m.tree.priorities.enumerated().map { index, priority -> HTML in
            let priorityID = priority.model.id?.uuidString ?? ""
            let objectives = priority.objectives.map { objective -> HTML in
                let objectiveID = objective.model.id?.uuidString ?? ""
                let actions = objective.actions.map { action -> HTML in
                    let unlink: HTML = m.canManage ? """
                        <form method="post" action="\(Href.unlinkAction(g, objectiveID, action.id.uuidString))" class="inline-form">\
                        \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("strategy.unlink"))\
                        <span class="visually-hidden"> \(action.title)</span></button></form>
                        """ : .empty
                    return HTML("<li>\(action.title) (\(actionStatus(action.status, l: l)), \(l("strategy.due", ["date": l.day(action.dueOn)]))) \(unlink)</li>")
                }
                let indicators = objective.indicators.map { indicator -> HTML in
                    HTML("""
                        <li><a href="\(Href.indicator(g, indicator.model.id?.uuidString ?? ""))">\(indicator.model.name)</a>: \
                        \(reading(indicator.latest, unit: indicator.model.indicatorUnit, l: l)); \(target(indicator.model, l: l)) \
                        \(status(indicator.progress.status, l: l))</li>
                        """)
                }
                let manage: HTML = m.canManage ? """
                    <p class="body"><a href="\(Href.newIndicator(g, objectiveID))">\(l("strategy.add-indicator"))</a> · \
                    <a href="\(Href.linkAction(g, objectiveID))">\(l("strategy.link-action"))</a></p>
                    """ : .empty
                return HTML("""
                    <h3 class="heading-s">\(objective.model.title)</h3>
                    \(objective.model.details.isEmpty ? HTML.empty : HTML("<p class=\"body\">\(objective.model.details)</p>"))
                    <h4 class="heading-s">\(l("strategy.actions-heading"))</h4>
                    \(objective.actions.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-actions"))</p>") : HTML("<ul class=\"list\">\(actions)</ul>"))
                    <h4 class="heading-s">\(l("strategy.indicators-heading"))</h4>
                    \(objective.indicators.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-indicators"))</p>") : HTML("<ul class=\"list\">\(indicators)</ul>"))
                    \(manage)
                    """)
            }
            let addObjective: HTML = m.canManage
                ? HTML("<p class=\"body\"><a href=\"\(Href.newObjective(g, priorityID))\">\(l("strategy.add-objective"))</a></p>") : .empty
            return HTML("""
                <section>
                <h2 class="heading-m">\(l("strategy.priority-number", ["number": l.number(index + 1), "title": priority.model.title]))</h2>
                \(priority.model.details.isEmpty ? HTML.empty : HTML("<p class=\"body\">\(priority.model.details)</p>"))
                \(priority.objectives.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-objectives"))</p>") : HTML("\(objectives)"))
                \(addObjective)
                </section>
                """)
        }
        return Page(title: l("strategy.title", ["group": m.group.name]), content: """
            \(notice)
            <h1 class="heading-l">\(l("strategy.title", ["group": m.group.name]))</h1>
            \(groupLinks(m.group, l: l))
            \(m.tree.priorities.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-priorities"))</p>") : HTML("\(priorities)"))
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.newPriority(g))\" class=\"button\">\(l("strategy.add-priority"))</a></p>") : HTML.empty)
            """, backLink: (Href.strategies, l("strategy.back-list")), language: l.language)
    }

    static func actionStatus(_ status: PartnershipActionStatus, l: Localiser) -> String {
        switch status {
        case .open: l("strategy.action-open")
        case .inProgress: l("strategy.action-in-progress")
        case .done: l("strategy.action-done")
        case .dropped: l("strategy.action-dropped")
        }
    }

    // MARK: forms

    struct TextForm {
        enum Kind { case priority, objective(String) }
        var group: Group
        var kind: Kind
        var action: Href
        var title: String
        var description: String
        var errors: FormErrors
    }

    static func textForm(_ m: TextForm, csrf: String, l: Localiser) -> Page {
        let heading: String = switch m.kind {
        case .priority: l("strategy.new-priority")
        case .objective(let priority): l("strategy.new-objective", ["priority": priority])
        }
        return Page(title: heading, content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(heading)</h1>
            <form method="post" action="\(m.action)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("strategy.field-title"), value: m.title, errors: m.errors, l: l))
            \(Components.textArea(name: "description", label: l("strategy.field-description"), value: m.description,
                                  hint: l("strategy.field-description-hint"), errors: m.errors, l: l))
            \(Components.button(l("strategy.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    struct IndicatorFormModel {
        var group: Group
        var objectiveID: String
        var objectiveTitle: String
        var form: StrategyController.IndicatorForm
        var errors: FormErrors
    }

    static func indicatorForm(_ m: IndicatorFormModel, csrf: String, l: Localiser) -> Page {
        let sources: [(value: String, label: String)] = [(enteredSource, l("strategy.source-entered"))]
            + IndicatorBinding.allCases.map { binding in
                let label = switch binding {
                case .nrmReferralsLondonCouncils: l("strategy.binding-referrals")
                case .positiveConclusiveGroundsShare: l("strategy.binding-cg-share")
                case .trainingCoverage: l("strategy.binding-training")
                }
                return (binding.rawValue, label)
            }
        return Page(title: l("strategy.new-indicator"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("strategy.new-indicator"))</h1>
            <p class="body">\(l("strategy.for-objective", ["objective": m.objectiveTitle]))</p>
            <form method="post" action="\(Href.newIndicator(m.group.id, m.objectiveID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("strategy.field-name"), value: m.form.name ?? "", errors: m.errors, l: l))
            \(Components.radios(name: "source", legend: l("strategy.field-source"), options: sources, selected: m.form.source,
                                hint: l("strategy.field-source-hint"), errors: m.errors, l: l))
            \(Components.radios(name: "periodKind", legend: l("strategy.field-period-kind"),
                                options: [("quarter", l("strategy.kind-quarter")), ("year", l("strategy.kind-year"))],
                                selected: m.form.periodKind, hint: l("strategy.field-bound-hint"), errors: m.errors, l: l))
            \(Components.radios(name: "unit", legend: l("strategy.field-unit"),
                                options: [("number", l("strategy.unit-number")), ("percent", l("strategy.unit-percent")), ("days", l("strategy.unit-days"))],
                                selected: m.form.unit, hint: l("strategy.field-bound-hint"), errors: m.errors, l: l))
            \(Components.radios(name: "direction", legend: l("strategy.field-direction"),
                                options: [("higher", l("strategy.direction-higher")), ("lower", l("strategy.direction-lower"))],
                                selected: m.form.direction, errors: m.errors, l: l))
            \(Components.textInput(name: "target", label: l("strategy.field-target"), value: m.form.target ?? "",
                                   hint: l("strategy.field-target-hint"), width: 10, errors: m.errors, l: l))
            \(Components.button(l("strategy.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    struct LinkFormModel {
        var group: Group
        var objectiveID: String
        var objectiveTitle: String
        var actions: [StrategyActionLine]
        var selected: String?
        var errors: FormErrors
    }

    static func linkForm(_ m: LinkFormModel, csrf: String, l: Localiser) -> Page {
        let options: [(value: String, label: String)] = [("", l("strategy.choose-action"))] + m.actions.map {
            ($0.id.uuidString, l("strategy.action-option", ["title": $0.title, "date": l.day($0.dueOn)]))
        }
        let form: HTML = m.actions.isEmpty && m.errors.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-actions-to-link"))</p>") : """
            <form method="post" action="\(Href.linkAction(m.group.id, m.objectiveID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "actionID", label: l("strategy.field-action"), options: options, selected: m.selected, errors: m.errors, l: l))
            \(Components.button(l("strategy.link")))
            </form>
            """
        return Page(title: l("strategy.link-action"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("strategy.link-action"))</h1>
            <p class="body">\(l("strategy.for-objective", ["objective": m.objectiveTitle]))</p>
            \(form)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    // MARK: an indicator

    struct IndicatorModel {
        var group: Group
        var indicator: StrategyTree.Indicator
        var history: [StrategyIndicatorValue]
        var canManage: Bool
        var period: String
        var value: String
        var errors: FormErrors
        var done: Done?
        var councilTableLacksBorough: Bool
    }

    static func explanation(_ indicator: StrategyTree.Indicator, lacksBorough: Bool, l: Localiser) -> HTML {
        switch indicator.model.indicatorBinding {
        case .nrmReferralsLondonCouncils:
            let extra: HTML = lacksBorough && indicator.readings.isEmpty ? HTML(" \(l("strategy.referrals-no-borough"))") : .empty
            return HTML("<p class=\"body\">\(l("strategy.referrals-explained"))\(extra) \(l("strategy.disclosure-explained"))</p>")
        case .positiveConclusiveGroundsShare:
            return HTML("<p class=\"body\">\(l("strategy.cg-explained")) \(l("strategy.disclosure-explained"))</p>")
        case .trainingCoverage:
            return HTML("<p class=\"body\">\(l("strategy.training-unavailable"))</p>")
        case nil:
            return .empty
        }
    }

    static func indicator(_ m: IndicatorModel, csrf: String, l: Localiser) -> Page {
        let model = m.indicator.model
        let unit = model.indicatorUnit
        let notice: HTML = m.done.map { Components.notification(title: doneTitle($0, l: l), body: .empty) } ?? .empty
        let readingRows: [[HTML]] = m.indicator.readings.reversed().compactMap { r in
            guard let period = r.period else { return nil }
            return [HTML("\(period.text)"), HTML("\(r.value.map { figure($0, unit: unit, l: l) } ?? l("strategy.suppressed"))")]
        }
        let historyRows: [[HTML]] = m.history.map { row in
            [HTML("\(row.period)"), HTML("\(figure(row.value, unit: unit, l: l))"), HTML("\(l.number(row.version))"), HTML("\(l.dateTime(row.recordedAt))")]
        }
        let hint = model.indicatorPeriodKind == .quarter ? l("strategy.period-quarter-hint") : l("strategy.period-year-hint")
        let form: HTML = m.canManage && model.indicatorBinding == nil ? """
            <h2 class="heading-m">\(l("strategy.enter-value"))</h2>
            <p class="body">\(l("strategy.enter-value-intro"))</p>
            <form method="post" action="\(Href.newIndicatorValue(m.group.id, model.id?.uuidString ?? ""))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "period", label: l("strategy.field-period"), value: m.period, hint: hint, width: 10, errors: m.errors, l: l))
            \(Components.textInput(name: "value", label: l("strategy.field-value"), value: m.value, width: 10, errors: m.errors, l: l))
            \(Components.button(l("strategy.save")))
            </form>
            """ : .empty
        return Page(title: model.name, content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(model.name)</h1>
            \(Components.summaryList([
                (l("strategy.column-source"), HTML("\(source(model, l: l))")),
                (l("strategy.column-latest"), HTML("\(reading(m.indicator.latest, unit: unit, l: l))")),
                (l("strategy.column-target"), HTML("\(target(model, l: l))")),
                (l("strategy.column-status"), status(m.indicator.progress.status, l: l)),
                (l("strategy.column-progress"), bar(m.indicator.progress, l: l)),
            ]))
            \(explanation(m.indicator, lacksBorough: m.councilTableLacksBorough, l: l))
            \(readingRows.isEmpty ? HTML.empty : Components.table(caption: l("strategy.readings-caption"),
                                                                  headers: [l("strategy.column-period"), l("strategy.column-value")], rows: readingRows))
            \(historyRows.isEmpty ? HTML.empty : Components.table(caption: l("strategy.history-caption"),
                headers: [l("strategy.column-period"), l("strategy.column-value"), l("strategy.column-version"), l("strategy.column-recorded")], rows: historyRows))
            \(form)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    // MARK: progress

    struct ProgressModel {
        var group: Group
        var indicators: [StrategyTree.Indicator]
        var councilTableLacksBorough: Bool
    }

    static func progress(_ m: ProgressModel, l: Localiser) -> Page {
        let rows: [[HTML]] = m.indicators.map { indicator in
            let unit = indicator.model.indicatorUnit
            return [HTML("<a href=\"\(Href.indicator(m.group.id, indicator.model.id?.uuidString ?? ""))\">\(indicator.model.name)</a>"),
                    HTML("\(reading(indicator.latest, unit: unit, l: l))"), HTML("\(target(indicator.model, l: l))"),
                    status(indicator.progress.status, l: l), bar(indicator.progress, l: l)]
        }
        let counts = Dictionary(grouping: m.indicators, by: \.progress.status).mapValues(\.count)
        return Page(title: l("strategy.progress-title", ["group": m.group.name]), content: """
            <h1 class="heading-l">\(l("strategy.progress-title", ["group": m.group.name]))</h1>
            \(groupLinks(m.group, l: l))
            <p class="body">\(l("strategy.progress-summary", ["onTrack": l.number(counts[.onTrack] ?? 0), "behind": l.number(counts[.behind] ?? 0),
                                                               "noData": l.number(counts[.noData] ?? 0)]))</p>
            <p class="body">\(l("strategy.progress-rule"))</p>
            \(m.indicators.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-indicators"))</p>")
                : Components.table(caption: l("strategy.progress-caption"),
                                   headers: [l("strategy.column-indicator"), l("strategy.column-latest"), l("strategy.column-target"),
                                             l("strategy.column-status"), l("strategy.column-progress")], rows: rows))
            """, backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    // MARK: impact

    struct ImpactModel {
        var group: Group
        var summary: ImpactSummary
        var typedYear: String
        var invalidYear: Bool
    }

    private static func yearForm(_ action: Href, typed: String, invalid: Bool, l: Localiser) -> HTML {
        var errors = FormErrors()
        if invalid { errors.add("year", l("strategy.year-format")) }
        return """
            \(Components.errorSummary(errors, l))
            <form method="get" action="\(action)" novalidate>
            \(Components.textInput(name: "year", label: l("strategy.field-year"), value: typed, hint: l("strategy.field-year-hint"),
                                   width: 10, errors: errors, l: l))
            \(Components.button(l("strategy.show-year"), secondary: true))
            </form>
            """
    }

    static func impact(_ m: ImpactModel, l: Localiser) -> Page {
        let year = m.summary.year.text
        let sections = m.summary.priorities.map { priority -> HTML in
            let objectives = priority.objectives.map { objective -> HTML in
                let rows: [[HTML]] = objective.indicators.map { entry in
                    let unit = entry.indicator.model.indicatorUnit
                    return [HTML("\(entry.indicator.model.name)"), HTML("\(reading(entry.start, unit: unit, l: l))"),
                            HTML("\(reading(entry.end, unit: unit, l: l))"), HTML("\(target(entry.indicator.model, l: l))")]
                }
                return HTML("""
                    <h3 class="heading-s">\(objective.title)</h3>
                    <p class="body">\(l("strategy.impact-actions", ["done": l.number(objective.done), "open": l.number(objective.open),
                                                                    "overdue": l.number(objective.overdue)]))</p>
                    \(rows.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-indicators"))</p>")
                        : Components.table(caption: l("strategy.impact-caption", ["objective": objective.title, "year": year]),
                                           headers: [l("strategy.column-indicator"), l("strategy.column-start"), l("strategy.column-end"),
                                                     l("strategy.column-target")], rows: rows))
                    """)
            }
            return HTML("""
                <h2 class="heading-m">\(priority.title)</h2>
                \(priority.objectives.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-objectives"))</p>") : HTML("\(objectives)"))
                """)
        }
        return Page(title: l("strategy.impact-title", ["group": m.group.name, "year": year]), content: """
            <h1 class="heading-l">\(l("strategy.impact-title", ["group": m.group.name, "year": year]))</h1>
            \(groupLinks(m.group, l: l))
            <p class="body">\(l("strategy.impact-intro", ["from": l.day(m.summary.year.firstDay), "to": l.day(m.summary.year.lastDay)]))</p>
            \(yearForm(Href.strategyImpact(m.group.id), typed: m.typedYear, invalid: m.invalidYear, l: l))
            \(m.summary.priorities.isEmpty ? HTML("<p class=\"body\">\(l("strategy.no-priorities"))</p>") : HTML("\(sections)"))
            """, status: m.invalidYear ? .unprocessableEntity : .ok, hasErrors: m.invalidYear,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }

    // MARK: effectiveness

    struct EffectivenessModel {
        var group: Group
        var figures: EffectivenessFigures
        var typedYear: String
        var invalidYear: Bool
    }

    static func effectiveness(_ m: EffectivenessModel, l: Localiser) -> Page {
        let f = m.figures
        let year = f.year.text
        let attendance: [[HTML]] = f.attendance.map { [HTML("\($0.organisation)"), HTML("\(l.number($0.fraction.numerator))"),
                                                       HTML("\(l.number($0.fraction.denominator))"), HTML("\(fraction($0.fraction, l: l))")] }
        let figures: [[HTML]] = [
            [HTML("\(l("strategy.eff-actions"))"), HTML("\(l.number(f.actionsOnTime.numerator))"), HTML("\(l.number(f.actionsOnTime.denominator))"),
             HTML("\(fraction(f.actionsOnTime, l: l))")],
            [HTML("\(l("strategy.eff-terms"))"), HTML("\(l.number(f.termsOnTime.numerator))"), HTML("\(l.number(f.termsOnTime.denominator))"),
             HTML("\(fraction(f.termsOnTime, l: l))")],
            [HTML("\(l("strategy.eff-minutes", ["days": l.number(f.minutesDays)]))"), HTML("\(l.number(f.minutesInTime.numerator))"),
             HTML("\(l.number(f.minutesInTime.denominator))"), HTML("\(fraction(f.minutesInTime, l: l))")],
        ]
        let headers = [l("strategy.column-measure"), l("strategy.column-numerator"), l("strategy.column-denominator"), l("strategy.column-in-words")]
        return Page(title: l("strategy.eff-title", ["group": m.group.name, "year": year]), content: """
            <h1 class="heading-l">\(l("strategy.eff-title", ["group": m.group.name, "year": year]))</h1>
            \(groupLinks(m.group, l: l))
            <p class="body">\(l("strategy.eff-intro", ["from": l.day(f.year.firstDay), "to": l.day(f.year.lastDay)]))</p>
            \(yearForm(Href.boardEffectiveness(m.group.id), typed: m.typedYear, invalid: m.invalidYear, l: l))
            \(Components.table(caption: l("strategy.eff-caption", ["year": year]), headers: headers, rows: figures))
            <ul class="list">
            <li>\(l("strategy.eff-actions-rule"))</li>
            <li>\(l("strategy.eff-terms-rule"))</li>
            <li>\(l("strategy.eff-minutes-rule", ["days": l.number(f.minutesDays)]))</li>
            </ul>
            <h2 class="heading-m">\(l("strategy.eff-attendance"))</h2>
            <p class="body">\(l("strategy.eff-attendance-rule"))</p>
            \(attendance.isEmpty ? HTML("<p class=\"body\">\(l("strategy.eff-no-meetings"))</p>")
                : Components.table(caption: l("strategy.eff-attendance-caption", ["year": year]),
                                   headers: [l("strategy.column-organisation"), l("strategy.column-present"), l("strategy.column-meetings"),
                                             l("strategy.column-in-words")], rows: attendance))
            """, status: m.invalidYear ? .unprocessableEntity : .ok, hasErrors: m.invalidYear,
            backLink: (Href.strategy(m.group.id), l("strategy.back")), language: l.language)
    }
}
