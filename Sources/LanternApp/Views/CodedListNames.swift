import LanternCore

extension CodedList {
    /// What a page shows for a stored code: its English name, "Not recorded" when there is
    /// none, and the stored text itself if it is not a code (nothing is hidden from its owner).
    func name(of code: String?) -> String {
        guard let code, !code.isEmpty else { return "Not recorded" }
        return label(for: code) ?? code
    }
}
