import Fluent
import Foundation
import LanternCore

extension ContactsDirectory {
    /// The demo's directory: for each of London's 33 boroughs the council's modern slavery
    /// lead and its adult, children's and housing SPOCs, the police SPOC, and an NHS and a
    /// charity contact in some; all fictional (example.org addresses, Ofcom's drama numbers
    /// 020 7946 0xxx and 0808 157 0xxx). About one borough in five was last verified 7 to 9
    /// months ago (stale), some entries are not published, and a few use a personal address.
    /// Entries are kept by the demo organisation of the matching kind (council, police, NHS,
    /// charity), falling back to the council, and verified by the demo's board secretariat.
    /// Returns how many entries it made.
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws -> Int {
        let organisations = demo.organisations, services = demo.services, now = demo.now
        let userID = demo.person(.boardSecretariat)
        guard let council = organisations[.council] ?? organisations.values.first else { return 0 }
        var made = 0
        for (index, borough) in services.boroughs.all.enumerated() {
            let slug = borough.name.lowercased().filter { $0.isLetter }
            let number = { (n: Int) in String(format: "%03d", (index * 7 + n) % 1000) }
            var entries: [(DirectoryEntryKind, String, String, String?, String?, String?, OrganisationKind)] = [
                (.councilModernSlaveryLead, "Modern slavery lead", "\(borough.name) Council (demo)", "Community safety",
                 index % 6 == 1 ? "alex.morgan.\(slug)@example.org" : "modernslavery.\(slug)@example.org", "020 7946 0\(number(1))", .council),
                (.councilAdultSafeguarding, "Adult safeguarding SPOC", "\(borough.name) Council (demo)", "Adult safeguarding",
                 "adult.safeguarding.\(slug)@example.org", "020 7946 0\(number(2))", .council),
                (.councilChildrensServices, "Children's services SPOC", "\(borough.name) Council (demo)", "Multi-agency safeguarding hub",
                 "mash.\(slug)@example.org", "020 7946 0\(number(3))", .council),
                (.councilHousing, "Housing SPOC", "\(borough.name) Council (demo)", "Housing options", "housing.\(slug)@example.org", nil, .council),
                (.metBCU, borough.bcuName.map { "\($0) BCU modern slavery SPOC" } ?? "Modern slavery SPOC",
                 borough.policeForce + " (demo)", "Safeguarding hub", "\(borough.bcuCode?.lowercased() ?? "city").mss@example.org",
                 "020 7946 0\(number(5))", .police),
            ]
            if index % 2 == 0 {
                entries.append((.nhs, "Safeguarding adults lead", "\(borough.name) Health NHS Trust (demo)", "Safeguarding team",
                                "safeguarding.\(slug)@nhs.example.org", nil, .nhs))
            }
            if index % 3 == 0 {
                entries.append((.charity, "Survivor support caseworker", "London Support Charity (demo)", nil, nil,
                                "0808 157 0\(number(7))", .charity))
            }
            for (position, item) in entries.enumerated() {
                let draft = DirectoryEntryDraft(
                    boroughCode: borough.onsCode, kind: item.0, roleTitle: item.1, organisationName: item.2, team: item.3,
                    email: item.4, phone: item.5, webForm: item.0 == .councilHousing ? "https://\(slug).example.org/housing/contact" : nil,
                    isPublished: !(index % 7 == 3 && position == 3) && !(index % 6 == 1 && position == 0),
                    personalEmailPublished: false)
                // Stale: every fifth borough's entries, verified 210 to 270 days ago; the rest within the last two months.
                let daysAgo = index % 5 == 0 ? 210 + (index * 11 + position * 5) % 61 : (index + position * 3) % 60
                _ = try await create(draft, organisationID: organisations[item.6] ?? council, by: userID, services: services,
                                     at: now.addingTimeInterval(-Double(daysAgo) * 86_400), on: db)
                made += 1
            }
        }
        return made
    }
}
