import LanternCore
import Vapor

/// The pages of the referral pathway: the case list and recording a new case (the case page
/// itself is `CaseShowPage`, the referral details `ReferralPages`), in the viewer's language
/// (`l`, from `CasePages.localiser`). Vocabulary labels (stages, age groups, exploitation
/// types) are LanternCore's English names.
enum CasePages {
    /// The request's language if the catalogue has all of the case pages (and the audit words the
    /// case page shows), else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "cases", "audit", "components") }

    static func ageOptions(_ l: Localiser) -> [(value: String, label: String)] {
        AgeGroup.allCases.map { ($0.code, $0 == .unknown ? l("cases.not-known") : $0.label) }
    }
    static func genderOptions(_ l: Localiser) -> [(value: String, label: String)] {
        Gender.allCases.map { ($0.code, $0 == .unknown ? l("cases.not-known") : $0.rawValue) }
    }
    static func typeOptions(_ l: Localiser) -> [(value: String, label: String)] {
        ExploitationType.allCases.map { ($0.code, $0 == .unknown ? l("cases.not-known") : $0.rawValue) }
    }
    static func locationOptions(_ l: Localiser) -> [(value: String, label: String)] {
        ExploitationLocation.allCases.map { ($0.code, $0 == .unknown ? l("cases.not-known") : $0.rawValue) }
    }

    /// A coded list as select options, after an empty "Choose…" so nothing is chosen for the person.
    static func codedOptions(_ list: CodedList, _ l: Localiser) -> [(value: String, label: String)] {
        [("", l("cases.choose"))] + list.entries.map { ($0.code, $0.name) }
    }

    static func boroughOptions(_ catalogue: BoroughCatalogue, empty: String) -> [(value: String, label: String)] {
        [("", empty)] + catalogue.all.map { ($0.onsCode, $0.name) }
    }

    static func stageTag(_ record: CaseRecord, today: Day, l: Localiser) -> HTML {
        let stage = Stage(rawValue: record.stage) ?? .identified
        let colour: String? = switch stage {
        case .closed, .dutyToNotify: "grey"
        case .negativeReasonableGrounds, .negativeConclusiveGrounds: "red"
        case .recoveryNeedsAssessment, .moveOn, .childrensServicesSupport: "green"
        default: nil
        }
        let overdue = record.dueOn.map { $0 < today.daysSinceEpoch } ?? false
        return HTML("\(Components.tag(stage.label, colour: colour))\(overdue ? HTML(" \(Components.tag(l("cases.overdue-tag"), colour: "red"))") : .empty)")
    }

    static func typesText(_ record: CaseRecord) -> String {
        ExploitationType.combinationLabel(Set(record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }))
    }

    /// Stands for a placeholder whose value is markup (a `<code>` reference, a link): pass it
    /// as that placeholder's value, then `marked` puts the markup where the language put it.
    static let slot = "\u{1}"

    /// A message with `slot` in it, as markup: its text escaped, `markup` in the slot's place.
    static func marked(_ text: String, _ markup: HTML) -> HTML {
        let parts = text.components(separatedBy: slot)
        return HTML("\(parts[0])\(markup)\(parts.dropFirst().joined())")
    }

    static func boroughName(_ code: String?, catalogue: BoroughCatalogue, l: Localiser) -> String {
        code.flatMap { catalogue.borough(code: $0)?.name } ?? l("cases.not-recorded")
    }

    // MARK: List

    struct ListFilters {
        var stage: String?
        var overdue: Bool
        var borough: String?
        var type: String?
        var ageGroup: String?
        var reference: String?
    }

    /// The case list's data: the cases found (at most the query's limit) and the filters used.
    struct ListModel {
        var cases: [CaseRecord]
        var filters: ListFilters
        var catalogue: BoroughCatalogue
        var today: Day
        var canCreate: Bool
        var organisationName: String
        var truncated: Bool
    }

    static func list(_ m: ListModel, l: Localiser) -> Page {
        let cases = m.cases, filters = m.filters
        let rows: [[HTML]] = cases.map { record in
            [HTML("<a href=\"\(Href.case(record.reference))\"><code>\(record.reference)</code></a>"),
             HTML("\(l.day(Day(daysSinceEpoch: record.identifiedOn)))"),
             HTML("\(record.age.label)"),
             HTML("\(typesText(record))"),
             HTML("\(boroughName(record.boroughIdentified, catalogue: m.catalogue, l: l))"),
             stageTag(record, today: m.today, l: l)]
        }
        let stageOptions = [("", l("cases.any-stage"))] + Stage.allCases.map { ($0.rawValue, $0.label) }
        let caption = m.truncated ? l("cases.list-caption-truncated", ["count": l.number(cases.count)])
            : l.plural("cases.list-caption", count: cases.count)
        return Page(title: l("cases.list-title"), content: """
            <h1 class="heading-l">\(l("cases.list-heading", ["organisation": m.organisationName]))</h1>
            \(m.canCreate ? HTML("<p class=\"body\"><a href=\"\(Href.newCase)\" class=\"button\">\(l("cases.record-potential-victim"))</a></p>") : .empty)
            \(CaseSearchPages.box(l: l))
            <form method="get" action="\(Href.cases)" class="filters" role="search" aria-label="\(l("cases.filter-region"))">
            \(Components.textInput(name: "reference", label: l("cases.filter-reference"), value: filters.reference, width: 10, errors: FormErrors(), l: l))
            \(Components.select(name: "stage", label: l("cases.filter-stage"), options: stageOptions, selected: filters.stage, errors: FormErrors(), l: l))
            \(Components.select(name: "borough", label: l("cases.borough-identified"), options: boroughOptions(m.catalogue, empty: l("cases.any-borough")),
                                selected: filters.borough, errors: FormErrors(), l: l))
            \(Components.select(name: "type", label: l("cases.filter-type"), options: [("", l("cases.any-type"))] + typeOptions(l),
                                selected: filters.type, errors: FormErrors(), l: l))
            \(Components.select(name: "ageGroup", label: l("cases.filter-age"), options: [("", l("cases.any-age"))] + ageOptions(l),
                                selected: filters.ageGroup, errors: FormErrors(), l: l))
            \(Components.checkboxes(name: "overdue", legend: l("cases.filter-deadlines"), options: [("1", l("cases.filter-overdue-only"))],
                                    checked: filters.overdue ? ["1"] : [], errors: FormErrors(), l: l))
            \(Components.button(l("cases.filter"), secondary: true))
            </form>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("cases.none-match"))</p>")
                : Components.table(caption: caption,
                                   headers: [l("cases.column-reference"), l("cases.column-identified"), l("cases.column-age"),
                                             l("cases.column-exploitation"), l("cases.column-borough"), l("cases.column-stage")], rows: rows))
            \(m.truncated ? HTML("<p class=\"body\">\(l("cases.list-truncated", ["count": l.number(cases.count)]))</p>") : .empty)
            """, language: l.language)
    }

    // MARK: New case

    /// The new case form's data: what was sent (or today's date), and what is wrong with it.
    struct NewModel {
        var input: NewCaseInput
        var errors: FormErrors
        var catalogue: BoroughCatalogue
        var csrf: String
        /// The possible re-referral warning (`ReReferralPages`), shown before anything is saved.
        var reReferral: HTML = .empty
    }

    static func new(_ m: NewModel, l: Localiser) -> Page {
        let input = m.input, errors = m.errors
        let boroughs = boroughOptions(m.catalogue, empty: l("cases.borough-none"))
        return Page(title: l("cases.new-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("cases.new-title"))</h1>
            \(m.reReferral)
            <p class="body">\(l("cases.new-intro"))</p>
            <form method="post" action="\(Href.newCase)" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textInput(name: "identifiedOn", label: l("cases.identified-on"), value: input.identifiedOn,
                                   hint: l("cases.identified-on-hint"), type: "date", errors: errors, l: l))
            \(Components.radios(name: "ageGroup", legend: l("cases.age-now"), options: ageOptions(l), selected: input.ageGroup,
                                hint: l("cases.age-now-hint"), errors: errors, l: l))
            \(Components.radios(name: "ageGroupAtExploitation", legend: l("cases.age-when-exploited"), options: ageOptions(l),
                                selected: input.ageGroupAtExploitation, errors: errors, l: l))
            \(Components.radios(name: "gender", legend: l("cases.gender"), options: genderOptions(l), selected: input.gender, inline: true,
                                errors: errors, l: l))
            \(Components.select(name: "nationality", label: l("cases.nationality"), options: codedOptions(.nationalities, l), selected: input.nationality,
                                hint: l("cases.nationality-hint"), errors: errors, l: l))
            \(Components.select(name: "language", label: l("cases.language"), options: codedOptions(.languages, l), selected: input.language,
                                hint: l("cases.language-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "interpreterNeeded", legend: l("cases.interpreter"), options: [("true", l("cases.interpreter-needed"))],
                                    checked: input.interpreterNeeded == true ? ["true"] : [], errors: errors, l: l))
            \(Components.select(name: "boroughIdentified", label: l("cases.borough-where-identified"),
                                options: boroughs, selected: input.boroughIdentified, errors: errors, l: l))
            \(Components.select(name: "boroughExploited", label: l("cases.borough-where-exploited"),
                                options: boroughs, selected: input.boroughExploited, errors: errors, l: l))
            \(Components.checkboxes(name: "exploitationTypes", legend: l("cases.types"), options: typeOptions(l),
                                    checked: Set(input.exploitationTypes ?? []), hint: l("cases.types-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "countyLines", legend: l("cases.county-lines"), options: [("true", l("cases.county-lines-option"))],
                                    checked: input.countyLines == true ? ["true"] : [], errors: errors, l: l))
            \(Components.radios(name: "exploitationLocation", legend: l("cases.location"), options: locationOptions(l),
                                selected: input.exploitationLocation, errors: errors, l: l))
            <h2 class="heading-m">\(l("cases.identifying-details"))</h2>
            \(Components.textInput(name: "firstName", label: l("cases.first-name"), value: input.firstName, autocomplete: "off", errors: errors, l: l))
            \(Components.textInput(name: "lastName", label: l("cases.last-name"), value: input.lastName, autocomplete: "off", errors: errors, l: l))
            \(Components.textInput(name: "nickname", label: l("cases.nickname"), value: input.nickname, autocomplete: "off", errors: errors, l: l))
            \(Components.textInput(name: "dateOfBirth", label: l("cases.date-of-birth"), value: input.dateOfBirth, hint: l("cases.date-of-birth-hint"),
                                   type: "date", autocomplete: "off", errors: errors, l: l))
            \(Components.button(l("cases.record-potential-victim-button")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.cases, l("cases.back-to-cases")), language: l.language)
    }
}
