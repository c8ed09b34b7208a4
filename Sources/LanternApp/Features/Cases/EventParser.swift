import LanternCore

/// Turns a posted step (page form or JSON) into a pathway event and its date: an unknown
/// step is not found; the reading itself is `PathwayEventReader` in LanternCore.
enum EventParser {
    static func parse(name: String, date: String?, outcome: String?, pillars: [String]?, reason: String?, today: Day,
                      fieldPrefix: String = "") throws -> (PathwayEvent, Day) {
        guard let kind = PathwayEventKind(rawValue: name) else { throw LanternError.notFound }
        switch PathwayEventReader.read(kind, date: date, outcome: outcome, pillars: pillars, reason: reason, today: today,
                                       fieldPrefix: fieldPrefix) {
        case .success(let read): return read
        case .failure(let problems): throw LanternError.invalid(problems.items)
        }
    }
}
