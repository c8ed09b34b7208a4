/// Field-level problems with submitted input, in the order the fields appear on the page.
/// The rules in this module report into it; pages show it as an error summary and the API
/// as an RFC 9457 problem, so both faces say the same thing.
public struct ValidationProblems: Sendable, Equatable, Error {
    /// One field's problem: the field's name as the form or JSON sends it, and what to fix.
    public struct Problem: Sendable, Equatable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public private(set) var problems: [Problem] = []

    public init() {}

    public init(_ items: [(field: String, message: String)]) {
        for item in items { add(item.field, item.message) }
    }

    public var isEmpty: Bool { problems.isEmpty }

    /// The problems as (field, message) pairs, as `LanternError.invalid` carries them.
    public var items: [(field: String, message: String)] { problems.map { ($0.field, $0.message) } }

    public mutating func add(_ field: String, _ message: String) {
        // One message per field: the first problem found is the one to fix first.
        guard self[field] == nil else { return }
        problems.append(Problem(field: field, message: message))
    }

    public subscript(field: String) -> String? { problems.first { $0.field == field }?.message }
}
