import Fluent
import Foundation
import LanternCore

/// The demo's events: the leads network's annual conference next month (public, with places),
/// a members' webinar on Slavery and Trafficking Prevention and Risk Orders, an Anti-Slavery
/// Day event, and last month's presentation that six members came to, with its (anonymous,
/// already closed) feedback. Fictional throughout.
enum EventsDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        // Organised by the board secretariat's organisation, so its secretariat runs them.
        guard let organiser = demo.person(.boardSecretariat) ?? demo.person(.modernSlaveryLead),
              let host = try await User.find(organiser, on: db)?.$organisation.id else { return }
        let network = try await PartnershipGroup.query(on: db).filter(\.$slug == "london-modern-slavery-leads-network-demo").first()?.id
        func event(_ kind: EventKind, _ title: String, _ description: String, day: Day, from: Int, to: Int, place: String?, link: String?,
                   isPublic: Bool, capacity: Int?, group: UUID?) async throws -> PartnershipEvent {
            let event = PartnershipEvent()
            event.id = UUID()
            event.kind = kind.rawValue
            event.title = title
            event.description = description
            event.startsAt = LondonTime.instant(day: day, hour: from, minute: 0) ?? demo.now
            event.endsAt = LondonTime.instant(day: day, hour: to, minute: 0) ?? demo.now
            event.heldOn = day.daysSinceEpoch
            event.place = place
            event.link = link
            event.isPublic = isPublic
            event.capacity = capacity
            event.bookedCount = 0
            event.groupID = group
            event.organisationID = host
            event.sequence = 0
            event.createdBy = organiser
            event.createdAt = demo.now
            try await event.create(on: db)
            return event
        }
        _ = try await event(.conference, "London modern slavery leads network: annual conference (demo)",
                            "A day for the partnership: what survivors told us this year, the Police and Crime Committee's findings on training, and workshops on the NRM referral.",
                            day: demo.today.adding(days: 35), from: 9, to: 16, place: "City Hall, Kamal Chunchie Way, London E16 1ZE", link: nil,
                            isPublic: true, capacity: 120, group: network)
        _ = try await event(.webinar, "Civil orders: STPOs and STROs in practice (demo)",
                            "Few police officers or council staff know that Slavery and Trafficking Prevention and Risk Orders exist. How to apply, and what they have achieved.",
                            day: demo.today.adding(days: 12), from: 13, to: 14, place: nil, link: "https://meet.example.org/lantern-demo-stpo",
                            isPublic: false, capacity: nil, group: nil)
        if let day = EventRules.nextAntiSlaveryDay(from: demo.today) {
            _ = try await event(.awarenessDay, "Anti-Slavery Day: London's partnership in the open (demo)",
                                "Stalls and talks from the partnership's agencies and charities, with survivors' voices.",
                                day: day, from: 11, to: 15, place: "Guildhall Yard, London EC2V 5AE", link: nil, isPublic: true, capacity: nil, group: nil)
        }
        let past = try await event(.presentation, "Presentation to the board: the first-responder course (demo)",
                                   "The training sub-group presents the new first-responder course and its evaluation.",
                                   day: demo.today.adding(days: -40), from: 10, to: 11, place: "Lambeth Town Hall, Brixton Hill, London SW2 1RW", link: nil,
                                   isPublic: false, capacity: 30, group: nil)
        // Six members came, and six answered (anonymously; their receipts say only that they did).
        var came = 0
        for (_, person) in demo.people.sorted(by: { $0.key < $1.key }) where came < 6 {
            guard let user = try await User.find(person, on: db) else { continue }
            let place = EventPlace()
            place.id = UUID()
            place.eventID = try past.requireID()
            place.userID = person
            place.organisationID = user.$organisation.id
            place.state = EventPlaceState.attended.rawValue
            place.createdAt = demo.now
            place.updatedAt = demo.now
            try await place.create(on: db)
            let receipt = EventFeedbackReceipt()
            receipt.id = UUID()
            receipt.placeID = try place.requireID()
            try await receipt.create(on: db)
            came += 1
        }
        past.bookedCount = came
        try await past.save(on: db)
        for (rating, comment) in [(5, "Clear and practical."), (4, nil), (4, "More time for questions, please."), (5, nil), (3, nil), (4, nil)].shuffled() {
            let answer = EventFeedback()
            answer.id = UUID()
            answer.eventID = try past.requireID()
            answer.rating = rating
            answer.comment = comment
            try await answer.create(on: db)
        }
    }
}
