import LanternCore

/// Data-sharing agreements and the exact view they open: the secretariat records an
/// agreement (parties, purpose, lawful basis, term, named people, what it covers); while it
/// is in force the people it names see exact figures for the cases it covers, every view
/// audited. Downloads and the API stay under disclosure control.
extension Feature {
    static let dataSharing = Feature(
        name: "DataSharing",
        register: { routes in
            DataSharingAgreementController().register(routes)
            ExactFiguresController().register(routes)
        })
}

enum DataSharingPaths {
    static let agreements = RoutePath("profile", "agreements")
    static let newAgreement = RoutePath("profile", "agreements", "new")
    static let agreement = RoutePath("profile", "agreements", ":agreementID")
    static let endAgreement = RoutePath("profile", "agreements", ":agreementID", "end")
    static let exactFigures = RoutePath("profile", "agreements", ":agreementID", "figures")
}

extension Href {
    static let dataSharingAgreements = Href(DataSharingPaths.agreements)
    static let newDataSharingAgreement = Href(DataSharingPaths.newAgreement)
    static func dataSharingAgreement(_ id: String) -> Href { DataSharingPaths.agreement.href(id) }
    static func endDataSharingAgreement(_ id: String) -> Href { DataSharingPaths.endAgreement.href(id) }
    static func exactFigures(_ id: String) -> Href { DataSharingPaths.exactFigures.href(id) }
}
