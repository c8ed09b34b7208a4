import Foundation
import LanternCore

/// Downloads of a release: exactly the figures shown (after disclosure control), with a
/// metadata header, as CSV (comment lines first) and JSON. The API answers with the JSON.
enum ProfileExport {
    struct TableDTO: Codable, Sendable {
        struct Row: Codable, Sendable {
            var key: String
            var label: String
            var values: [String]
            var total: String
            var ratePer100k: Double?
        }
        var title: String
        var rowDimension: String
        var columnDimension: String?
        var columns: [String]
        var columnLabels: [String]
        var rows: [Row]
        var columnTotals: [String]
        var grandTotal: String
    }

    struct Metadata: Codable, Sendable {
        var title: String
        var source: String
        var period: String
        var from: String
        var to: String
        var dimensions: [String]
        var filters: [String: [String]]
        var disclosureControl: String
        /// "cell key perturbation" or "threshold and secondary suppression".
        var disclosureMethod: String
        var threshold: Int
        var suppressedFigures: Int
        var markers: [String: String]
        var producedAt: String
        var revisions: String
    }

    struct ReleaseDTO: Codable, Sendable {
        var metadata: Metadata
        var tables: [TableDTO]
        var trend: TableDTO
    }

    static func table(_ t: ReleasedTable, rates: [String: Double] = [:]) -> TableDTO {
        TableDTO(title: t.title, rowDimension: t.rowDimension.rawValue, columnDimension: t.columnDimension?.rawValue,
                 columns: t.columnDimension == nil ? [] : t.columnKeys, columnLabels: t.columnDimension == nil ? [] : t.columnLabels,
                 rows: t.rowKeys.enumerated().map { r, key in
                     TableDTO.Row(key: key, label: t.rowLabels[r],
                                  values: t.columnDimension == nil ? [] : t.figures.cells[r].map(\.description),
                                  total: t.figures.rowTotals[r].description, ratePer100k: rates[key].map { ($0 * 10).rounded() / 10 })
                 },
                 columnTotals: t.columnDimension == nil ? [] : t.figures.columnTotals.map(\.description),
                 grandTotal: t.figures.grandTotal.description)
    }

    static func dto(_ release: ProfileRelease) -> ReleaseDTO {
        let metadata = Metadata(
            title: "\(release.source.label), \(release.periodDescription)", source: release.sourceDescription,
            period: release.periodDescription, from: release.query.from.text, to: release.query.to.text,
            dimensions: release.query.dimensions.map(\.rawValue),
            filters: Dictionary(uniqueKeysWithValues: release.query.filters.map { ($0.key.rawValue, $0.value.sorted()) }),
            disclosureControl: release.method.summary, disclosureMethod: release.method.name, threshold: release.method.threshold,
            suppressedFigures: release.suppressedCount,
            markers: ["[c]": "confidential: withheld to protect individuals", "[x]": "not available"],
            producedAt: ISO8601DateFormatter().string(from: release.producedAt),
            revisions: "Figures are revised as cases are updated and late decisions arrive.")
        return ReleaseDTO(metadata: metadata,
                          tables: release.tables.enumerated().map { i, t in table(t, rates: i == 0 ? release.rates : [:]) },
                          trend: table(release.trend))
    }

    static func csv(_ release: ProfileRelease) -> String {
        let m = dto(release).metadata
        var lines = [
            "# \(m.title)", "# Source: \(m.source)", "# Period: \(m.period)",
            "# Disclosure control: \(m.disclosureControl) Figures withheld: \(m.suppressedFigures). [c] = confidential.",
            "# Produced at: \(m.producedAt)", "# \(m.revisions)",
        ]
        for (i, t) in release.tables.enumerated() {
            let rates = i == 0 ? release.rates : [:]
            let columns = t.columnDimension == nil ? [] : t.columnLabels
            var header = [t.rowDimension.label] + columns + ["Total"]
            if !rates.isEmpty { header.append("Per 100,000 residents") }
            if release.tables.count > 1 { lines.append("# Table: \(t.title)") }
            lines.append(header.map(field).joined(separator: ","))
            for r in t.rowKeys.indices {
                var row = [t.rowLabels[r]] + (t.columnDimension == nil ? [] : t.figures.cells[r].map(\.description))
                row.append(t.figures.rowTotals[r].description)
                if !rates.isEmpty { row.append(rates[t.rowKeys[r]].map { String(format: "%.1f", $0) } ?? "[x]") }
                lines.append(row.map(field).joined(separator: ","))
            }
            var total = ["Total"] + (t.columnDimension == nil ? [] : t.figures.columnTotals.map(\.description))
            total.append(t.figures.grandTotal.description)
            lines.append(total.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV field, quoted when needed; a leading formula character is neutralised so a
    /// spreadsheet never runs a label as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Int(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
