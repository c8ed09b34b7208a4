import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The events part of the authorisation matrix: an event of the viewer's organisation and one
/// of another organisation (held today, so attendance is open), and for feedback, an event the
/// viewer came to (their own place) and one they did not.
extension AuthorisationMatrixTests {
    struct EventWorld {
        let ownEvent: UUID, otherEvent: UUID
    }

    static func makeEventWorld(_ lantern: TestLantern, _ w: World) async throws -> EventWorld {
        let db = lantern.app.db
        let today = lantern.today
        func event(_ organisation: Organisation) async throws -> UUID {
            let event = PartnershipEvent()
            event.id = UUID()
            event.kind = EventKind.webinar.rawValue
            event.title = "Matrix event"
            event.description = ""
            event.startsAt = LondonTime.instant(day: today, hour: 23, minute: 0)!
            event.endsAt = LondonTime.instant(day: today, hour: 23, minute: 30)!
            event.heldOn = today.daysSinceEpoch
            event.link = "https://meet.example.org/matrix"
            event.isPublic = false
            event.bookedCount = 0
            event.organisationID = organisation.id!
            event.sequence = 0
            event.createdBy = w.colleague.id
            event.createdAt = Date()
            try await event.create(on: db)
            return event.id!
        }
        return EventWorld(ownEvent: try await event(w.a), otherEvent: try await event(w.c))
    }

    /// The viewer came to the other organisation's event.
    static func enrolInEvents(_ viewer: TestPerson, _ world: EventWorld, _ lantern: TestLantern) async throws {
        let place = EventPlace()
        place.id = UUID()
        place.eventID = world.otherEvent
        place.userID = viewer.id
        place.organisationID = viewer.organisationID
        place.state = EventPlaceState.attended.rawValue
        place.createdAt = Date()
        place.updatedAt = Date()
        try await place.create(on: lantern.app.db)
    }

    static func eventScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String, world: EventWorld) -> [Scenario]? {
        guard parameters == [":eventID"] else { return nil }
        if pattern.hasSuffix("/feedback") {
            return [Scenario(label: "an event I did not come to", path: fill([":eventID": world.ownEvent.uuidString]), relation: .otherOrganisation),
                    Scenario(label: "an event I came to", path: fill([":eventID": world.otherEvent.uuidString]), relation: .own)]
        }
        return [Scenario(label: "my organisation's event", path: fill([":eventID": world.ownEvent.uuidString]), relation: .sameOrganisation),
                Scenario(label: "another organisation's event", path: fill([":eventID": world.otherEvent.uuidString]), relation: .otherOrganisation)]
    }
}
