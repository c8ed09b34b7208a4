import Foundation
import LanternCore

/// The upload form (with every problem of a refused file by line and column) and the
/// preview of a table that read (the mapping, how each column is read, the first rows, the
/// totals check), with Store and Discard. Texts from the catalogue (area `datasets`); a
/// file's own labels and the importer's problems as they are.
enum DatasetUploadPages {
    /// The mapping choice meaning "the JSON written in the form".
    static let writtenMapping = "written"
    /// Rows shown in the preview.
    static let previewRows = 10

    struct Form {
        var mapping = ""
        var mappingJSON = ""
        var from = ""
        var to = ""
        var title = ""
        var source = ""
        var licence = ""
        var replace = ""
        var covers = ""
        var errors = FormErrors()
        /// The refused file's problems, in line order (at most `StatisticsImporter.problemLimit`).
        var problems: [ImportProblem] = []
        var totalProblems = 0
    }

    struct MappingProblem: Error { let message: String }

    /// The mapping chosen: nil to detect it, a built-in one, or one written as JSON.
    static func mapping(_ choice: String, json: String) -> Result<StatisticsMapping?, MappingProblem> {
        if choice.isEmpty { return .success(nil) }
        if let builtIn = StatisticsMapping.builtIn.first(where: { $0.name == choice }) { return .success(builtIn) }
        guard choice == writtenMapping else { return .failure(MappingProblem(message: "choose a mapping from the list")) }
        let text = json.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(MappingProblem(message: "write the mapping as JSON, or choose another")) }
        let mapping: StatisticsMapping
        do {
            mapping = try JSONDecoder().decode(StatisticsMapping.self, from: Data(text.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(MappingProblem(message: "the mapping has no \"\(key.stringValue)\""))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            return .failure(MappingProblem(message: "the mapping is not JSON"))
        } catch let DecodingError.dataCorrupted(context), let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(MappingProblem(message: "the mapping's \"\(path)\" is not what a mapping holds there"))
        } catch {
            return .failure(MappingProblem(message: "the mapping cannot be read as a mapping"))
        }
        guard mapping.problems.isEmpty else {
            return .failure(MappingProblem(message: "the mapping cannot be used: " + mapping.problems.joined(separator: "; ")))
        }
        return .success(mapping)
    }

    static func size(_ bytes: Int) -> String { "\(bytes / 1024 / 1024) MB" }

    static func form(_ m: Form, datasets: [StatisticsDataset], maxBytes: Int, csrf: String, l: Localiser) -> Page {
        let mappings = [("", l("datasets.upload-mapping-detect"))]
            + StatisticsMapping.builtIn.map { ($0.name, "\($0.name): \($0.description)") }
            + [(writtenMapping, l("datasets.upload-mapping-written"))]
        let replaceOptions = [("", l("datasets.upload-replace-none"))] + datasets.map { d in
            (d.id?.uuidString ?? "", "\(d.title) (\(StatisticsMappingLabels.measure(d.measure)), \(DatasetsPages.period(d, l: l)))")
        }
        let example = """
            {"name": "met-crimes-return", "measure": "crimes", "columns": {"Borough": "borough"},
             "period": {"year": "Year", "quarter": "Quarter"},
             "wide": {"dimension": "exploitation_type", "columns": ["Labour", "Sexual", "Criminal", "Total"]},
             "keepRows": {"Location": "Total"}}
            """
        return Page(title: l("datasets.upload-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("datasets.upload-title"))</h1>
            <p class="body">\(l("datasets.upload-intro"))</p>
            \(problems(m, l: l))
            <form method="post" action="\(Href.uploadDataset)" enctype="multipart/form-data" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "file", label: l("datasets.upload-file"), hint: l("datasets.upload-file-hint", ["limit": size(maxBytes)]),
                                   type: "file", errors: m.errors, extra: " accept=\".csv,.xlsx,.ods,text/csv\"", l: l))
            \(Components.select(name: "mapping", label: l("datasets.upload-mapping"), options: mappings, selected: m.mapping,
                                hint: l("datasets.upload-mapping-hint"), errors: m.errors, l: l))
            \(Components.textArea(name: "mappingJSON", label: l("datasets.upload-mapping-json"), value: m.mappingJSON,
                                  hint: l("datasets.upload-mapping-json-hint"), rows: 6, errors: m.errors, l: l))
            <details class="details"><summary class="details__summary">\(l("datasets.upload-mapping-example"))</summary>
            <div class="details__text"><pre><code>\(example)</code></pre></div></details>
            \(Components.radios(name: "covers", legend: l("datasets.upload-covers"), options: DatasetCoverage.allCases.map { ($0.rawValue, coverageLabel($0, l: l)) },
                                selected: m.covers, hint: l("datasets.upload-covers-hint"), errors: m.errors, l: l))
            \(Components.textInput(name: "from", label: l("datasets.upload-from"), value: m.from, hint: l("datasets.upload-period-hint"),
                                   width: 10, errors: m.errors, l: l))
            \(Components.textInput(name: "to", label: l("datasets.upload-to"), value: m.to, width: 10, errors: m.errors, l: l))
            \(Components.textInput(name: "title", label: l("datasets.upload-dataset-title"), value: m.title, hint: l("datasets.upload-title-hint"),
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "source", label: l("datasets.upload-source"), value: m.source, hint: l("datasets.upload-source-hint"),
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "licence", label: l("datasets.upload-licence"), value: m.licence,
                                   hint: l("datasets.upload-licence-hint"), errors: m.errors, l: l))
            \(Components.select(name: "replace", label: l("datasets.upload-replace"), options: replaceOptions, selected: m.replace,
                                hint: l("datasets.upload-replace-hint"), errors: m.errors, l: l))
            \(Components.button(l("datasets.upload-check")))
            </form>
            """, hasErrors: !m.errors.isEmpty, backLink: (Href.datasets, l("datasets.title")), language: l.language)
    }

    /// A refused file's problems, as a table the analyst can work down.
    static func problems(_ m: Form, l: Localiser) -> HTML {
        guard !m.problems.isEmpty else { return .empty }
        let rows = m.problems.map { p -> [HTML] in
            [HTML("\(p.line == 0 ? l("datasets.upload-whole-file") : l.number(p.line))"), HTML("\(p.column ?? "")"), HTML("\(p.message)")]
        }
        let more = m.totalProblems > m.problems.count
            ? HTML("<p class=\"body\">\(l("datasets.upload-more-problems", ["count": l.number(m.totalProblems - m.problems.count)]))</p>") : .empty
        return """
            <h2 class="heading-m" id="problems">\(l("datasets.upload-problems"))</h2>
            <p class="body">\(l("datasets.upload-nothing-stored"))</p>
            \(Components.table(caption: l("datasets.upload-problems"),
                               headers: [l("datasets.upload-line"), l("datasets.upload-column"), l("datasets.upload-problem")], rows: rows))
            \(more)
            """
    }

    struct Preview {
        var upload: DatasetUpload
        var choices: DatasetUploadChoices
        var reading: DatasetUploadReading
        /// Another dataset holding the same figures for the same measure and period (not the one replaced).
        var sameContent: StatisticsDataset?
        var replacing: StatisticsDataset?
        var csrf: String
        /// For showing a borough or BCU by its name rather than its code.
        var boroughs: BoroughCatalogue = .london
    }

    static func coverageLabel(_ coverage: DatasetCoverage, l: Localiser) -> String {
        switch coverage {
        case .londonCouncils: l("datasets.covers-london-councils")
        case .londonPolice: l("datasets.covers-london-police")
        case .londonNHS: l("datasets.covers-london-nhs")
        case .national: l("datasets.covers-national")
        }
    }

    static func kindLabel(_ kind: DatasetUploadKind, l: Localiser) -> String {
        switch kind {
        case .csv: l("datasets.upload-kind-csv")
        case .xlsx: l("datasets.upload-kind-xlsx")
        case .ods: l("datasets.upload-kind-ods")
        }
    }

    /// Each column of the file and what Lantern reads from it.
    static func columnReadings(_ mapping: StatisticsMapping, l: Localiser) -> [[HTML]] {
        var rows = mapping.columns.sorted { $0.key < $1.key }.map { [HTML("\($0.key)"), HTML("\($0.value.label)")] }
        if let period = mapping.period {
            let reads = period.quarter == nil ? l("datasets.upload-reads-year") : l("datasets.upload-reads-period")
            rows.append([HTML("\(period.columns.joined(separator: ", "))"), HTML("\(reads)")])
        }
        for (column, value) in mapping.keepRows.sorted(by: { $0.key < $1.key }) {
            rows.append([HTML("\(column)"), HTML("\(l("datasets.upload-reads-filter", ["value": value]))")])
        }
        if let people = mapping.people {
            if let flags = people.flags {
                rows.append([HTML("\(flags.columns.keys.sorted().joined(separator: ", "))"),
                             HTML("\(l("datasets.upload-reads-flags", ["dimension": flags.dimension.label]))")])
            }
            rows.append([HTML("\(l("datasets.upload-every-row"))"), HTML("\(l("datasets.upload-reads-people", ["missing": people.missingLabels.joined(separator: ", ")]))")])
            rows.append([HTML("\(l("datasets.upload-other-columns"))"), HTML("\(l("datasets.upload-reads-other-fields"))")])
        } else if let wide = mapping.wide {
            rows.append([HTML("\(wide.columns.joined(separator: ", "))"),
                         HTML("\(l("datasets.upload-reads-wide", ["dimension": wide.dimension.label]))")])
        } else {
            rows.append([HTML("\(mapping.countColumn)"), HTML("\(l("datasets.upload-reads-count"))")])
        }
        for column in mapping.ignoredColumns {
            rows.append([HTML("\(column)"), HTML("\(l("datasets.upload-reads-nothing"))")])
        }
        return rows
    }

    /// A value as the analyst knows it: a borough, BCU or nationality by its name (the code
    /// Lantern stores is what the file named it as).
    static func shown(_ value: String, _ dimension: StatisticDimension, boroughs: BoroughCatalogue) -> String {
        switch dimension {
        case .borough: boroughs.borough(code: value)?.name ?? value
        case .bcu: boroughs.all.first { $0.bcuCode == value }?.bcuName ?? value
        case .nationality: CodedList.nationalities.label(for: value) ?? value
        default: value
        }
    }

    static func preview(_ m: Preview, l: Localiser) -> Page {
        let parsed = m.reading.parsed
        let id = m.upload.id?.uuidString ?? ""
        var file = "\(m.upload.fileName) (\(kindLabel(m.reading.kind, l: l)))"
        if let sheet = m.reading.sheet { file += "; " + l("datasets.upload-sheet", ["sheet": sheet]) }
        if !m.reading.otherSheets.isEmpty {
            file += "; " + l("datasets.upload-other-sheets", ["sheets": m.reading.otherSheets.joined(separator: ", ")])
        }
        let period = m.reading.from == m.reading.to ? m.reading.from.description
            : l("datasets.period", ["from": m.reading.from.description, "to": m.reading.to.description])
        let totals = parsed.totalRows == 0 ? l("datasets.upload-no-totals")
            : l("datasets.upload-totals", ["checked": l.number(parsed.totalsChecked), "rows": l.number(parsed.totalRows)])
        var summary: [(key: String, value: HTML)] = [
            (l("datasets.upload-file-label"), HTML("\(file)")),
            (l("datasets.upload-mapping-label"), HTML("\(parsed.mapping.name)\(parsed.mapping.description.isEmpty ? "" : ": " + parsed.mapping.description)")),
            (l("datasets.column-measure"), HTML("\(StatisticsMappingLabels.measure(parsed.mapping.measure))")),
            (l("datasets.column-period"), HTML("\(period)")),
            (l("datasets.upload-covers"), HTML("\(coverageLabel(m.choices.covers ?? .national, l: l))")),
            (l("datasets.upload-lines"), HTML("\(l.number(parsed.linesRead))")),
            (l("datasets.column-figures"), HTML("\(l.number(parsed.figures.count))")),
            (l("datasets.upload-totals-label"), HTML("\(totals)")),
        ]
        if let replacing = m.replacing {
            summary.append((l("datasets.upload-replaces"), HTML("\(replacing.title) (\(DatasetsPages.period(replacing, l: l)))")))
        }
        let dimensions = StatisticDimension.allCases.filter(parsed.dimensions.contains)
        let firstRows = parsed.figures.prefix(previewRows).map { figure -> [HTML] in
            [HTML("\(l.number(figure.line))")] + dimensions.map { HTML("\(shown(figure.values[$0] ?? "", $0, boroughs: m.boroughs))") }
                + [HTML("\(l.number(figure.count))")]
        }
        let decision: HTML
        if let same = m.sameContent {
            decision = """
                \(Components.notification(title: l("datasets.upload-same-title"),
                                          body: HTML("\(l("datasets.upload-same-body", ["title": same.title]))"), success: false))
                <form method="post" action="\(Href.discardDatasetUpload(id))">\(Components.csrfField(m.csrf))\
                \(Components.button(l("datasets.upload-discard"), secondary: true))</form>
                """
        } else {
            decision = """
                <p class="body">\(l("datasets.upload-confirm-intro"))</p>
                <div class="button-group">
                <form method="post" action="\(Href.confirmDatasetUpload(id))" class="inline-form">\(Components.csrfField(m.csrf))\
                \(Components.button(m.replacing == nil ? l("datasets.upload-store") : l("datasets.upload-store-replacing")))</form>
                <form method="post" action="\(Href.discardDatasetUpload(id))" class="inline-form">\(Components.csrfField(m.csrf))\
                \(Components.button(l("datasets.upload-discard"), secondary: true))</form>
                </div>
                """
        }
        return Page(title: l("datasets.upload-preview-title"), content: """
            <span class="caption">\(m.upload.fileName)</span>
            <h1 class="heading-l">\(l("datasets.upload-preview-title"))</h1>
            <p class="body">\(l("datasets.upload-preview-intro"))</p>
            \(Components.summaryList(summary))
            <h2 class="heading-m">\(l("datasets.upload-columns"))</h2>
            \(Components.table(caption: l("datasets.upload-columns"), headers: [l("datasets.upload-column"), l("datasets.upload-read-as")],
                               rows: columnReadings(parsed.mapping, l: l)))
            <h2 class="heading-m">\(l("datasets.upload-first-rows", ["count": l.number(min(previewRows, parsed.figures.count))]))</h2>
            \(Components.table(caption: l("datasets.upload-first-rows", ["count": l.number(min(previewRows, parsed.figures.count))]),
                               headers: [l("datasets.upload-line")] + dimensions.map(\.label) + [l("datasets.upload-count")], rows: firstRows))
            \(decision)
            """, backLink: (Href.datasets, l("datasets.title")), language: l.language)
    }
}
