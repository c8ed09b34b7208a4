/// Field-level problems with a submitted form, in the order the fields appear on the page.
struct FormErrors: Sendable {
    private(set) var items: [(field: String, message: String)] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        // One message per field: the first problem found is the one to fix first.
        guard self[field] == nil else { return }
        items.append((field, message))
    }

    subscript(field: String) -> String? { items.first { $0.field == field }?.message }
}
