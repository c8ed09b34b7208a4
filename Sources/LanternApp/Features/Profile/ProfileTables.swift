import Foundation
import LanternCore

/// Released figures as accessible HTML tables: row headers, a total row and column, and
/// `[c]` where a figure is withheld (explained once above the tables). Texts from the
/// catalogue (area `figures`), numbers in the page's language.
enum ProfileTables {
    static func figure(_ value: DisclosedValue, l: Localiser) -> HTML {
        switch value {
        case .count(let n): HTML("\(l.number(n))")
        case .suppressed: HTML("<span class=\"suppressed\">\(l("figures.withheld-marker"))</span>")
        }
    }

    /// A rate to one decimal place, or the marker for "not available".
    static func rate(_ value: Double?, l: Localiser) -> String {
        value.map { $0.formatted(.number.precision(.fractionLength(1)).grouping(.never).locale(l.language.locale)) }
            ?? l("figures.unavailable-marker")
    }

    static func render(_ t: ReleasedTable, id: String, caption: String, rates: [String: Double] = [:], l: Localiser) -> HTML {
        let hasColumns = t.columnDimension != nil
        let showRates = !rates.isEmpty
        var head: [HTML] = [HTML("<th scope=\"col\" class=\"table__header\">\(t.rowDimension.label)</th>")]
        if hasColumns {
            head += t.columnLabels.map { HTML("<th scope=\"col\" class=\"table__header table__header--numeric\">\($0)</th>") }
        }
        head.append(HTML("<th scope=\"col\" class=\"table__header table__header--numeric\">\(l("figures.total"))</th>"))
        if showRates { head.append(HTML("<th scope=\"col\" class=\"table__header table__header--numeric\">\(l("figures.rate"))</th>")) }
        let body = t.rowLabels.enumerated().map { r, label -> HTML in
            var cells: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(label)</th>")]
            if hasColumns {
                cells += t.figures.cells[r].map { HTML("<td class=\"table__cell table__cell--numeric\">\(figure($0, l: l))</td>") }
            }
            cells.append(HTML("<td class=\"table__cell table__cell--numeric\">\(figure(t.figures.rowTotals[r], l: l))</td>"))
            if showRates { cells.append(HTML("<td class=\"table__cell table__cell--numeric\">\(rate(rates[t.rowKeys[r]], l: l))</td>")) }
            return HTML("<tr class=\"table__row\">\(cells)</tr>")
        }
        var foot: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(l("figures.total"))</th>")]
        if hasColumns {
            foot += t.figures.columnTotals.map { HTML("<td class=\"table__cell table__cell--numeric\">\(figure($0, l: l))</td>") }
        }
        foot.append(HTML("<td class=\"table__cell table__cell--numeric\">\(figure(t.figures.grandTotal, l: l))</td>"))
        if showRates { foot.append(HTML("<td class=\"table__cell\"></td>")) }
        return """
        <div class="table-wrapper" role="region" aria-labelledby="\(id)-caption" tabindex="0">
        <table class="table table--figures" id="\(id)">
        <caption class="table__caption" id="\(id)-caption">\(caption)</caption>
        <thead><tr class="table__row">\(head)</tr></thead>
        <tbody>\(body)</tbody>
        <tfoot><tr class="table__row table__row--total">\(foot)</tr></tfoot>
        </table>
        </div>
        """
    }

    /// Chart figures from released values: withheld stays withheld, never zero.
    static func chartFigure(_ value: DisclosedValue) -> Charts.Figure {
        value.count.map { .count($0) } ?? .withheld
    }
}
