import LanternCore

/// The pages of the referral pathway: the case list, recording a new case, and the case.
enum CasePages {
    static let ageOptions = AgeGroup.allCases.map { ($0.code, $0.label) }
    static let genderOptions = Gender.allCases.map { ($0.code, $0 == .unknown ? "Not known" : $0.rawValue) }
    static let typeOptions = ExploitationType.allCases.map { ($0.code, $0 == .unknown ? "Not known" : $0.rawValue) }
    static let locationOptions = ExploitationLocation.allCases.map { ($0.code, $0 == .unknown ? "Not known" : $0.rawValue) }

    /// A coded list as select options, after an empty "Choose…" so nothing is chosen for the person.
    static func codedOptions(_ list: CodedList) -> [(value: String, label: String)] {
        [("", "Choose…")] + list.entries.map { ($0.code, $0.name) }
    }

    static func boroughOptions(_ catalogue: BoroughCatalogue, empty: String) -> [(value: String, label: String)] {
        [("", empty)] + catalogue.all.map { ($0.onsCode, $0.name) }
    }

    static func stageTag(_ record: CaseRecord, today: Day) -> HTML {
        let stage = Stage(rawValue: record.stage) ?? .identified
        let colour: String? = switch stage {
        case .closed, .dutyToNotify: "grey"
        case .negativeReasonableGrounds, .negativeConclusiveGrounds: "red"
        case .recoveryNeedsAssessment, .moveOn: "green"
        default: nil
        }
        let overdue = record.dueOn.map { $0 < today.daysSinceEpoch } ?? false
        return HTML("\(Components.tag(stage.label, colour: colour))\(overdue ? HTML(" \(Components.tag("Overdue", colour: "red"))") : .empty)")
    }

    static func typesText(_ record: CaseRecord) -> String {
        ExploitationType.combinationLabel(Set(record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }))
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

    static func list(_ cases: [CaseRecord], filters: ListFilters, catalogue: BoroughCatalogue, today: Day, canCreate: Bool,
                     organisationName: String, truncated: Bool) -> Page {
        let rows: [[HTML]] = cases.map { record in
            [HTML("<a href=\"\(Href.case(record.reference))\"><code>\(record.reference)</code></a>"),
             HTML("\(Day(daysSinceEpoch: record.identifiedOn).iso)"),
             HTML("\(record.age.label)"),
             HTML("\(typesText(record))"),
             HTML("\(record.boroughIdentified.flatMap { catalogue.borough(code: $0)?.name } ?? "Not recorded")"),
             stageTag(record, today: today)]
        }
        let stageOptions = [("", "Any stage")] + Stage.allCases.map { ($0.rawValue, $0.label) }
        return Page(title: "Cases", content: """
            <h1 class="heading-l">Cases in \(organisationName)</h1>
            \(canCreate ? HTML("<p class=\"body\"><a href=\"\(Href.newCase)\" class=\"button\">Record a potential victim</a></p>") : .empty)
            <form method="get" action="\(Href.cases)" class="filters" role="search" aria-label="Filter cases">
            \(Components.textInput(name: "reference", label: "Reference", value: filters.reference, width: 10, errors: FormErrors()))
            \(Components.select(name: "stage", label: "Stage", options: stageOptions, selected: filters.stage, errors: FormErrors()))
            \(Components.select(name: "borough", label: "Borough identified", options: boroughOptions(catalogue, empty: "Any borough"),
                                selected: filters.borough, errors: FormErrors()))
            \(Components.select(name: "type", label: "Exploitation type", options: [("", "Any type")] + typeOptions,
                                selected: filters.type, errors: FormErrors()))
            \(Components.select(name: "ageGroup", label: "Age group", options: [("", "Any age")] + ageOptions,
                                selected: filters.ageGroup, errors: FormErrors()))
            \(Components.checkboxes(name: "overdue", legend: "Deadlines", options: [("1", "Overdue only")],
                                    checked: filters.overdue ? ["1"] : [], errors: FormErrors()))
            \(Components.button("Filter", secondary: true))
            </form>
            \(rows.isEmpty ? HTML("<p class=\"body\">No cases match.</p>")
                : Components.table(caption: "\(cases.count)\(truncated ? "+" : "") cases, most recently updated first",
                                   headers: ["Reference", "Identified", "Age group", "Exploitation", "Borough", "Stage"], rows: rows))
            \(truncated ? HTML("<p class=\"body\">Only the first \(cases.count) are shown. Narrow the filters to see others.</p>") : .empty)
            """)
    }

    // MARK: New case

    static func new(_ input: NewCaseInput, errors: FormErrors, catalogue: BoroughCatalogue, csrf: String) -> Page {
        Page(title: "Record a potential victim", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Record a potential victim</h1>
            <p class="body">Record what you know now. Names and date of birth are optional here, encrypted when stored,
            and used to tell you if this person has been referred before.</p>
            <form method="post" action="\(Href.newCase)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "identifiedOn", label: "Date identified", value: input.identifiedOn,
                                   hint: "For example 2026-11-20", type: "date", errors: errors))
            \(Components.radios(name: "ageGroup", legend: "Age group now", options: ageOptions, selected: input.ageGroup,
                                hint: "If you are not sure, choose ‘Not known’: they will be treated as a child.", errors: errors))
            \(Components.radios(name: "ageGroupAtExploitation", legend: "Age group when exploited", options: ageOptions,
                                selected: input.ageGroupAtExploitation, errors: errors))
            \(Components.radios(name: "gender", legend: "Gender", options: genderOptions, selected: input.gender, inline: true, errors: errors))
            \(Components.select(name: "nationality", label: "Nationality", options: codedOptions(.nationalities), selected: input.nationality,
                                hint: "The country they are a citizen of. Stateless, Other and Not known are at the end of the list.",
                                errors: errors))
            \(Components.select(name: "language", label: "Main language", options: codedOptions(.languages), selected: input.language,
                                hint: "The language they are most at ease in. Other and Not known are at the end of the list.", errors: errors))
            \(Components.checkboxes(name: "interpreterNeeded", legend: "Interpreter", options: [("true", "An interpreter is needed")],
                                    checked: input.interpreterNeeded == true ? ["true"] : [], errors: errors))
            \(Components.select(name: "boroughIdentified", label: "Borough where identified",
                                options: boroughOptions(catalogue, empty: "Not in London or not known"), selected: input.boroughIdentified, errors: errors))
            \(Components.select(name: "boroughExploited", label: "Borough where exploited",
                                options: boroughOptions(catalogue, empty: "Not in London or not known"), selected: input.boroughExploited, errors: errors))
            \(Components.checkboxes(name: "exploitationTypes", legend: "Types of exploitation", options: typeOptions,
                                    checked: Set(input.exploitationTypes ?? []), hint: "Select all that apply", errors: errors))
            \(Components.checkboxes(name: "countyLines", legend: "County lines", options: [("true", "County lines exploitation")],
                                    checked: input.countyLines == true ? ["true"] : [], errors: errors))
            \(Components.radios(name: "exploitationLocation", legend: "Where did the exploitation happen?", options: locationOptions,
                                selected: input.exploitationLocation, errors: errors))
            <h2 class="heading-m">Identifying details (optional)</h2>
            \(Components.textInput(name: "firstName", label: "First name", value: input.firstName, autocomplete: "off", errors: errors))
            \(Components.textInput(name: "lastName", label: "Last name", value: input.lastName, autocomplete: "off", errors: errors))
            \(Components.textInput(name: "nickname", label: "Name used during the exploitation", value: input.nickname, autocomplete: "off", errors: errors))
            \(Components.textInput(name: "dateOfBirth", label: "Date of birth", value: input.dateOfBirth, hint: "For example 2008-03-27",
                                   type: "date", autocomplete: "off", errors: errors))
            \(Components.button("Record potential victim"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, backLink: (Href.cases, "Back to cases"))
    }
}
