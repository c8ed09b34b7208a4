import Foundation

extension UUID {
    /// A UUID from exactly its 36-character text (either case), as ids come in paths and forms.
    /// Foundation on Linux stops reading at a NUL and ignores what follows, so without the
    /// length check `<id>%00anything` would name the same record: one record, endless spellings
    /// for whatever filters or counts requests by path.
    init?(exactly text: String) {
        guard text.utf8.count == 36 else { return nil }
        self.init(uuidString: text)
    }
}
