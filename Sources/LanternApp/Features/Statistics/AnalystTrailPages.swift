import Foundation
import LanternCore

/// The analysts' trail as a table: when, who (name and organisation), what (the audit log's
/// words), and which dataset or export. Texts from the catalogue (area `datasets`).
enum AnalystTrailPages {
    struct Model {
        var entries: [AuditEntry]
        /// Actor id → "Name, Organisation".
        var names: [String: String]
        /// Dataset id → title (a removed dataset has none).
        var titles: [String: String]
        var older: Href?
    }

    static func which(_ entry: AuditEntry, titles: [String: String], l: Localiser) -> String {
        switch entry.recordType {
        case "dataset": return entry.recordID.flatMap { titles[$0] } ?? l("datasets.trail-dataset-gone")
        case "dataset_upload": return l("datasets.trail-upload")
        case "data_sharing_agreement": return l("datasets.trail-agreement")
        case "profile":
            switch entry.recordID {
            case "outcomes-csv": return l("datasets.trail-export-outcomes")
            case "after-the-decision-csv": return l("datasets.trail-export-after")
            case "annual-report-pdf": return l("datasets.trail-export-annual-report")
            case "htcds-csv", "htcds-json": return l("datasets.trail-export-htcds")
            default: return l("datasets.trail-export-profile")
            }
        default: return entry.recordType.map { AuditWords.recordKind($0, in: l) } ?? ""
        }
    }

    static func page(_ m: Model, l: Localiser) -> Page {
        let rows = m.entries.map { entry -> [HTML] in
            let when = Date(timeIntervalSince1970: TimeInterval(entry.occurredAtMillis) / 1000)
            return [HTML("\(l.dateTime(when))"),
                    HTML("\(entry.actorUserID.flatMap { m.names[$0] } ?? l("datasets.trail-command-line"))"),
                    HTML("\(AuditWords.action(entry.action, in: l))"),
                    HTML("\(which(entry, titles: m.titles, l: l))")]
        }
        return Page(title: l("datasets.trail-title"), content: """
            <h1 class="heading-l">\(l("datasets.trail-title"))</h1>
            <p class="body">\(l("datasets.trail-intro"))</p>
            \(m.entries.isEmpty ? HTML("<p class=\"body\">\(l("datasets.trail-none"))</p>")
                : Components.table(caption: l("datasets.trail-title"), headers: [l("datasets.trail-when"), l("datasets.trail-who"),
                                                                               l("datasets.trail-what"), l("datasets.trail-which")], rows: rows))
            \(m.older.map { HTML("<p class=\"body\"><a href=\"\($0)\">\(l("datasets.trail-older"))</a></p>") } ?? .empty)
            """, backLink: (Href.datasets, l("datasets.title")), language: l.language)
    }
}
