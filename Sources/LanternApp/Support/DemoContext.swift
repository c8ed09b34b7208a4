import Foundation
import LanternCore

/// What `lantern demo` has made by the time features add their own fictional records: the
/// demo organisations by kind and one person per role. Each feature's `seedDemo` takes it,
/// so the demo grows with the features without the command knowing their insides.
struct DemoContext: Sendable {
    let services: LanternServices
    let now: Date
    let today: Day
    /// The demo organisations, by kind (council, police, nhs, charity, partnership board).
    let organisations: [OrganisationKind: UUID]
    /// One demo person per role (the accounts printed at start-up).
    let people: [Role: UUID]

    func organisation(_ kind: OrganisationKind) -> UUID? { organisations[kind] }
    func person(_ role: Role) -> UUID? { people[role] }
}
