import Foundation
import LanternCore

/// Charts as server-rendered SVG: no JavaScript, readable by screen readers (each chart is
/// an image with a title and description, and the same figures are always in a table next
/// to it). Colours are presentation attributes, which the CSP allows.
enum Charts {
    /// A figure to draw: a number, or withheld (shown as `[c]`, never as 0).
    enum Figure: Sendable {
        case count(Int)
        case withheld

        var value: Int? { if case .count(let n) = self { n } else { nil } }
        var text: String { value.map(String.init) ?? "[c]" }
    }

    /// Sequential palette, light to dark; text switches to white on the two darkest.
    static let palette = ["#e8eef6", "#bfd0e6", "#8aaed4", "#4f7fb8", "#1f3a5f"]

    static func colourIndex(_ value: Int, max: Int) -> Int {
        guard max > 0 else { return 0 }
        return min(palette.count - 1, Int((Double(value) / Double(max)) * Double(palette.count - 1) + 0.5))
    }

    /// London as equal squares, one per borough, in the London Squared layout.
    static func tileMap(id: String, title: String, figures: [String: Figure], boroughs: BoroughCatalogue) -> HTML {
        let size = 64, gap = 4
        let maxX = boroughs.all.map(\.tileX).max() ?? 7, maxY = boroughs.all.map(\.tileY).max() ?? 6
        let width = (maxX + 1) * (size + gap), height = (maxY + 1) * (size + gap) + 40
        let top = figures.values.compactMap(\.value).max() ?? 0
        let tiles = boroughs.all.map { borough -> HTML in
            let x = borough.tileX * (size + gap), y = borough.tileY * (size + gap)
            let figure = figures[borough.onsCode] ?? .count(0)
            let index = figure.value.map { colourIndex($0, max: top) } ?? 0
            let fill = figure.value == nil ? "#ffffff" : palette[index]
            let ink = index >= 3 ? "#ffffff" : "#1d1d1f"
            return HTML("""
            <g><title>\(borough.name): \(figure.text)</title>
            <rect x="\(x)" y="\(y)" width="\(size)" height="\(size)" fill="\(fill)" stroke="#1d1d1f" stroke-width="\(figure.value == nil ? "2" : "1")"\(figure.value == nil ? HTML(" stroke-dasharray=\"4 3\"") : .empty)/>
            <text x="\(x + size / 2)" y="\(y + 26)" text-anchor="middle" font-size="13" font-weight="700" fill="\(ink)">\(borough.shortCode.uppercased())</text>
            <text x="\(x + size / 2)" y="\(y + 46)" text-anchor="middle" font-size="14" fill="\(ink)">\(figure.text)</text>
            </g>
            """)
        }
        let legend = palette.enumerated().map { i, colour in
            HTML("<rect x=\"\(i * 60)\" y=\"\(height - 28)\" width=\"56\" height=\"14\" fill=\"\(colour)\" stroke=\"#1d1d1f\"/>")
        }
        return """
        <figure class="chart">
        <svg id="\(id)" class="chart__svg" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)-title">\(title)</title>
        <desc id="\(id)-desc">A map of London's 33 boroughs as equal squares. Each square shows the borough's short code and its figure; darker means more. Dashed squares are withheld ([c]). The same figures are in the table below.</desc>
        \(tiles)
        \(legend)
        <text x="\(palette.count * 60 + 8)" y="\(height - 17)" font-size="12" fill="#1d1d1f">fewer → more (highest \(top))</text>
        </svg>
        <figcaption class="hint">\(title). Dashed squares: figure withheld to protect individuals.</figcaption>
        </figure>
        """
    }

    /// Horizontal bars, one per category, labelled with their figures.
    static func bars(id: String, title: String, items: [(label: String, figure: Figure)]) -> HTML {
        let rowHeight = 26, labelWidth = 230, barWidth = 420
        let top = items.compactMap(\.figure.value).max() ?? 0
        let height = items.count * rowHeight + 10
        let bars = items.enumerated().map { index, item -> HTML in
            let y = index * rowHeight + 4
            let length = item.figure.value.map { top > 0 ? Int(Double($0) / Double(top) * Double(barWidth)) : 0 } ?? 0
            return HTML("""
            <text x="\(labelWidth - 8)" y="\(y + 16)" text-anchor="end" font-size="13" fill="#1d1d1f">\(String(item.label.prefix(32)))</text>
            <rect x="\(labelWidth)" y="\(y + 2)" width="\(max(length, item.figure.value == 0 ? 0 : 1))" height="\(rowHeight - 8)" fill="#1f3a5f"/>
            <text x="\(labelWidth + length + 6)" y="\(y + 16)" font-size="13" fill="#1d1d1f">\(item.figure.text)</text>
            """)
        }
        return """
        <figure class="chart">
        <svg id="\(id)" class="chart__svg" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" role="img" aria-labelledby="\(id)-title" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)-title">\(title). The figures are also in the table.</title>
        \(bars)
        </svg>
        </figure>
        """
    }

    /// Vertical bars over time (quarters or years).
    static func trend(id: String, title: String, points: [(label: String, figure: Figure)]) -> HTML {
        let columnWidth = 62, chartHeight = 160
        let top = points.compactMap(\.figure.value).max() ?? 0
        let width = max(1, points.count) * columnWidth + 20
        let columns = points.enumerated().map { index, point -> HTML in
            let x = 10 + index * columnWidth
            let h = point.figure.value.map { top > 0 ? Int(Double($0) / Double(top) * Double(chartHeight - 20)) : 0 } ?? 0
            return HTML("""
            <rect x="\(x + 6)" y="\(chartHeight - h)" width="\(columnWidth - 12)" height="\(h)" fill="#1f3a5f"/>
            <text x="\(x + columnWidth / 2)" y="\(chartHeight - h - 4)" text-anchor="middle" font-size="11" fill="#1d1d1f">\(point.figure.text)</text>
            <text x="\(x + columnWidth / 2)" y="\(chartHeight + 14)" text-anchor="middle" font-size="10" fill="#1d1d1f">\(point.label)</text>
            """)
        }
        return """
        <figure class="chart">
        <svg id="\(id)" class="chart__svg\(points.count <= 4 ? " chart__svg--narrow" : "")" viewBox="0 0 \(width) \(chartHeight + 24)" role="img" aria-labelledby="\(id)-title" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)-title">\(title). The figures are also in the table.</title>
        \(columns)
        </svg>
        </figure>
        """
    }
}
