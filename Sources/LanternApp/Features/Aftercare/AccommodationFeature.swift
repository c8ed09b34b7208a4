import LanternCore

/// Where the person lives after the decision, the support they have and the log of contact
/// with them (issue 11): the case page's "Where the person is now" and "Support" sections,
/// and the forms to add and end stays and support and to log a contact.
extension Feature {
    static let accommodation = Feature(
        name: "Accommodation",
        register: { routes in
            AccommodationController().register(routes)
            SupportController().register(routes)
            ContactLogController().register(routes)
        },
        caseSections: [
            CaseSection(slot: .afterSummary, order: 10) { try await AccommodationController.section($0) },
            CaseSection(slot: .afterSummary, order: 20) { try await SupportController.section($0) },
        ])
}

enum AccommodationPaths {
    static let record = RoutePath("cases", ":reference", "accommodation")
    static let newStay = RoutePath("cases", ":reference", "accommodation", "new")
    static let endStay = RoutePath("cases", ":reference", "accommodation", ":episodeID", "end")
    static let newSupport = RoutePath("cases", ":reference", "support", "new")
    static let endSupport = RoutePath("cases", ":reference", "support", ":episodeID", "end")
    static let contactLog = RoutePath("cases", ":reference", "contact-log")
    static let newContact = RoutePath("cases", ":reference", "contact-log", "new")
}

extension Href {
    static func accommodation(_ reference: String) -> Href { AccommodationPaths.record.href(reference) }
    static func newStay(_ reference: String) -> Href { AccommodationPaths.newStay.href(reference) }
    static func endStay(_ reference: String, _ id: String) -> Href { AccommodationPaths.endStay.href(reference, id) }
    static func newSupport(_ reference: String) -> Href { AccommodationPaths.newSupport.href(reference) }
    static func endSupport(_ reference: String, _ id: String) -> Href { AccommodationPaths.endSupport.href(reference, id) }
    static func contactLog(_ reference: String) -> Href { AccommodationPaths.contactLog.href(reference) }
    static func newContact(_ reference: String) -> Href { AccommodationPaths.newContact.href(reference) }
}
