import Foundation
import Vapor
import LanternCore

extension Request {
    /// Today in London, as a calendar day.
    var today: Day { application.lantern.today }
}

extension LanternServices {
    var today: Day {
        let zone = TimeZone(identifier: "Europe/London") ?? .gmt
        let now = clock.now()
        return Day(secondsSince1970: now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now)))
    }
}
