import Foundation
import LanternCore
import Vapor

/// The cascade page: figures, the tree drawn as SVG (trainers as nodes, each with their reach)
/// with the same tree written out as nested lists for those who cannot see the drawing, and
/// the trainers' commitments.
extension TrainingPages {
    struct Cascade {
        /// A trainer in the tree: whom they trained directly (a count), how far it reached, and
        /// the trainers among their trainees.
        struct Node { var id: String; var name: String; var trainedDirectly: Int; var reach: Int; var depth: Int; var children: [Node] }
        struct Commitment { var name: String; var course: String; var due: Day; var sessionsDue: Int; var delivered: Int; var trainedAnyone: Bool; var lapsed: Bool }
        var roots: [Node]
        var peopleReached: Int
        var generations: Int
        var commitments: [Commitment]
    }

    static func cascade(_ m: Cascade, l: Localiser) -> Page {
        let notYet = m.commitments.filter { !$0.trainedAnyone }
        let commitmentRows: [[HTML]] = m.commitments.map { c in
            let status: HTML = c.delivered >= c.sessionsDue ? Components.tag(l("training.cascade.met"), colour: "green")
                : c.lapsed ? Components.tag(l("training.cascade.lapsed"), colour: "red")
                : !c.trainedAnyone ? Components.tag(l("training.cascade.not-yet"), colour: "yellow") : Components.tag(l("training.cascade.under-way"))
            return [HTML("\(c.name)"), HTML("\(c.course)"), HTML("\(l("training.cascade.delivered-of", ["delivered": l.number(c.delivered), "due": l.number(c.sessionsDue)]))"),
                    HTML("\(l.day(c.due))"), status]
        }
        return Page(title: l("training.cascade.title"), content: """
            <h1 class="heading-l">\(l("training.cascade.title"))</h1>
            <p class="body">\(l("training.cascade.intro"))</p>
            \(Components.summaryList([
                (l("training.cascade.roots"), HTML("\(l.number(m.roots.count))")),
                (l("training.cascade.reached"), HTML("\(l.number(m.peopleReached))")),
                (l("training.cascade.generations"), HTML("\(l.number(m.generations))")),
            ]))
            <p class="body"><a href="\(Href.trainingCascadeJSON)">\(l("training.cascade.json"))</a></p>
            \(m.roots.isEmpty ? HTML("<p class=\"body\">\(l("training.cascade.empty"))</p>") : HTML("""
            <h2 class="heading-m">\(l("training.cascade.drawing-heading"))</h2>
            <figure class="chart">
            \(drawing(m.roots, l: l))
            <figcaption class="body-s">\(l("training.cascade.drawing-caption"))</figcaption>
            </figure>
            <h2 class="heading-m" id="cascade-text">\(l("training.cascade.text-heading"))</h2>
            <ul class="list cascade-tree">\(m.roots.map { listItem($0, l: l) })</ul>
            """))
            <h2 class="heading-m">\(l("training.cascade.commitments-heading"))</h2>
            <p class="body">\(l("training.cascade.not-yet-count", ["count": l.number(notYet.count)]))</p>
            \(m.commitments.isEmpty ? HTML("<p class=\"body\">\(l("training.cascade.no-commitments"))</p>")
                : Components.table(caption: l("training.cascade.commitments-caption"), headers: [l("training.column.name"), l("training.column.course"),
                                   l("training.cascade.column.delivered"), l("training.cascade.column.due"), l("training.column.status")], rows: commitmentRows))
            """, backLink: (Href.training, l("training.back")), language: l.language)
    }

    /// One trainer and, nested, the trainers they trained: the text alternative to the drawing.
    static func listItem(_ node: Cascade.Node, l: Localiser) -> HTML {
        let line = l("training.cascade.node", ["name": node.name, "direct": l.number(node.trainedDirectly), "reach": l.number(node.reach),
                                              "generation": l.number(node.depth + 1)])
        return node.children.isEmpty ? HTML("<li>\(line)</li>")
            : HTML("<li>\(line)<ul class=\"list\">\(node.children.map { listItem($0, l: l) })</ul></li>")
    }

    /// The trainers' tree as SVG: one row per generation, each trainer a circle labelled with
    /// their name and reach. At most `limit` trainers are drawn; the list below has them all.
    static func drawing(_ roots: [Cascade.Node], limit: Int = 120, l: Localiser) -> HTML {
        struct Placed { var node: Cascade.Node; var x: Double; var y: Double; var parent: Int? }
        var placed: [Placed] = []
        var nextSlot = 0.0
        let columnWidth = 150.0, rowHeight = 90.0
        func place(_ node: Cascade.Node, parent: Int?, level: Int) -> Double? {
            guard placed.count < limit else { return nil }
            let index = placed.count
            placed.append(Placed(node: node, x: 0, y: 40 + Double(level) * rowHeight, parent: parent))
            let xs = node.children.compactMap { place($0, parent: index, level: level + 1) }
            let x: Double
            if xs.isEmpty { x = 80 + nextSlot * columnWidth; nextSlot += 1 } else { x = (xs.min()! + xs.max()!) / 2 }
            placed[index].x = x
            return x
        }
        for root in roots { _ = place(root, parent: nil, level: 0) }
        let width = max(300, 80 + nextSlot * columnWidth)
        let height = 60 + (placed.map(\.y).max() ?? 0)
        let lines: [HTML] = placed.compactMap { p in
            guard let parent = p.parent else { return nil }
            let from = placed[parent]
            return HTML("<line x1=\"\(Int(from.x))\" y1=\"\(Int(from.y))\" x2=\"\(Int(p.x))\" y2=\"\(Int(p.y))\" stroke=\"#505a5f\" stroke-width=\"2\"/>")
        }
        let nodes: [HTML] = placed.map { p in
            let label = p.node.name.count > 22 ? String(p.node.name.prefix(21)) + "…" : p.node.name
            return HTML("""
                <g><circle cx="\(Int(p.x))" cy="\(Int(p.y))" r="14" fill="#1d70b8"/>\
                <text x="\(Int(p.x))" y="\(Int(p.y) + 30)" text-anchor="middle" font-size="12" fill="#0b0c0c">\(label)</text>\
                <text x="\(Int(p.x))" y="\(Int(p.y) + 44)" text-anchor="middle" font-size="11" fill="#505a5f">\(l("training.cascade.reach-label", ["reach": l.number(p.node.reach)]))</text></g>
                """)
        }
        return HTML("""
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="cascade-svg-title" viewBox="0 0 \(Int(width)) \(Int(height))" \
            width="100%" style="max-width: \(Int(width))px" class="cascade-drawing">
            <title id="cascade-svg-title">\(l("training.cascade.drawing-title"))</title>
            \(lines)\(nodes)
            </svg>
            """)
    }
}
