import Testing
@testable import LanternCore

/// The alert rules: each kind fires exactly on the day its condition first holds, and never
/// twice for one window. Random case histories are stepped day by day, as the daily job would,
/// and what is raised is compared with the day each alert is due, worked out independently
/// from the history.
@Suite struct AlertRulesTests {
    static let start = Day(year: 2026, month: 1, day: 5)!.daysSinceEpoch
    static let horizon = 320

    /// One generated case: everything dated, each fact known from its own day on.
    struct History {
        struct Stay { var id: String, kind: String, from: Int, until: Int? }
        var stays: [Stay] = []
        var supports: [(from: Int, until: Int?)] = []
        var contacts: [(on: Int, method: String)] = []
        var statuses: [(id: String, nrpf: Bool, from: Int)] = []
        var moveOn: (entered: Int, ends: Int)?
        var closedOn: Int?
        var child: Bool = false
        var turns18Month: Int?
        var becomesAdultOn: Int?
        var noContactDays = 28

        func facts(on today: Int) -> AlertFacts {
            let open = closedOn.map { today < $0 } ?? true
            let inMoveOn = moveOn.map { today >= $0.entered } ?? false
            return AlertFacts(
                isOpen: open, stage: !open ? .closed : inMoveOn ? .moveOn : .recoveryPeriod,
                dueOn: inMoveOn ? moveOn?.ends : nil, identifiedOn: start,
                isAdult: !child || (becomesAdultOn.map { today >= $0 } ?? false),
                turns18Month: turns18Month, noContactDays: noContactDays,
                stays: stays.filter { $0.from <= today }.map {
                    .init(id: $0.id, kind: $0.kind, from: $0.from, until: $0.until.flatMap { $0 <= today ? $0 : nil })
                },
                supports: supports.filter { $0.from <= today }.map {
                    .init(from: $0.from, until: $0.until.flatMap { $0 <= today ? $0 : nil })
                },
                contacts: contacts.filter { $0.on <= today }.map { .init(on: $0.on, method: $0.method) },
                statuses: statuses.filter { $0.from <= today }.map { .init(id: $0.id, nrpf: $0.nrpf, from: $0.from, recordedAt: Double($0.from)) })
        }
    }

    static func generate(_ rng: inout SyntheticRandom) -> History {
        var h = History()
        let end = start + horizon
        h.noContactDays = rng.int(5...60)
        if rng.unit() < 0.3 { h.closedOn = rng.int(start + 1...end + 30) }
        // Stays follow one another, sometimes with a gap; the last may still be open.
        var day = start + rng.int(0...20)
        var n = 0
        while day < end && rng.unit() < 0.85 {
            let kind = ["bed_and_breakfast", "bed_and_breakfast", "hostel", "social_tenancy", "private_tenancy", "refuge"].randomElement(using: &rng)!
            let length = rng.int(1...120)
            let until: Int? = rng.unit() < 0.2 ? nil : day + length
            n += 1
            h.stays.append(.init(id: "stay-\(n)", kind: kind, from: day, until: until))
            guard let until else { break }
            day = until + rng.int(0...10)
        }
        for _ in 0..<rng.int(0...3) {
            let from = rng.int(start...end)
            h.supports.append((from, rng.unit() < 0.3 ? nil : from + rng.int(1...90)))
        }
        for _ in 0..<rng.int(0...12) {
            h.contacts.append((rng.int(start + 1...end), rng.unit() < 0.25 ? "attempted" : ["in_person", "phone", "video", "message"].randomElement(using: &rng)!))
        }
        let statusDays = Set((0..<rng.int(0...4)).map { _ in rng.int(start...end) }).sorted()
        for (i, from) in statusDays.enumerated() { h.statuses.append(("status-\(i)", rng.unit() < 0.5, from)) }
        if rng.unit() < 0.6 {
            let entered = rng.int(start...end)
            h.moveOn = (entered, entered + rng.int(5...90))
        }
        if rng.unit() < 0.4 {
            h.child = true
            let month = AlertRules.monthIndex(Day(daysSinceEpoch: start)) + rng.int(-2...14)
            h.turns18Month = ((month - 1) / 12) * 100 + (month - 1) % 12 + 1
            if rng.unit() < 0.5, let first = Day(year: (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1) {
                h.becomesAdultOn = first.daysSinceEpoch
            }
        }
        return h
    }

    struct Raised: Hashable { let kind: AlertKind; let window: String; let day: Int }

    /// Steps the history day by day, raising what is due and not raised before in its window.
    static func simulate(_ h: History) -> (raised: [Raised], repeats: Int) {
        var seen: Set<AlertDue> = []
        var raised: [Raised] = [], repeats = 0
        for today in start..<(start + horizon) {
            let due = AlertRules.alerts(for: h.facts(on: today), today: Day(daysSinceEpoch: today))
            if Set(due).count != due.count { repeats += 1 }
            for alert in due where seen.insert(alert).inserted {
                raised.append(Raised(kind: alert.kind, window: alert.windowKey, day: today))
            }
        }
        return (raised, repeats)
    }

    /// When each alert is due, from the history alone.
    static func expected(_ h: History) -> Set<Raised> {
        let last = min(start + horizon, h.closedOn ?? .max)
        func within(_ day: Int) -> Bool { day >= start && day < last }
        func settled(on day: Int) -> Bool {
            h.stays.contains { AlertRules.settledKinds.contains($0.kind) && $0.from <= day && ($0.until ?? .max) > day }
        }
        func supported(on day: Int) -> Bool { h.supports.contains { $0.from <= day && ($0.until ?? .max) > day } }
        var out: Set<Raised> = []
        for stay in h.stays where stay.kind == "bed_and_breakfast" {
            let day = stay.from + 43
            if within(day) && (stay.until ?? .max) > day { out.insert(Raised(kind: .bedAndBreakfast42Days, window: stay.id, day: day)) }
        }
        if let moveOn = h.moveOn, case let first = max(moveOn.entered, moveOn.ends - 14),
           let day = (first..<max(last, first)).first(where: { !settled(on: $0) }), within(day) {
            out.insert(Raised(kind: .moveOnEndingUnsettled, window: String(moveOn.ends), day: day))
        }
        let contactDays = Set(h.contacts.filter { $0.method != "attempted" }.map(\.on)).sorted()
        for window in [start] + contactDays {
            let day = window + h.noContactDays
            let next = contactDays.first { $0 > window } ?? .max
            if within(day) && day < next { out.insert(Raised(kind: .noContact, window: String(window), day: day)) }
        }
        for (i, status) in h.statuses.enumerated() where status.nrpf {
            let until = i + 1 < h.statuses.count ? h.statuses[i + 1].from : Int.max
            if let day = (status.from..<max(status.from, min(until, last))).first(where: { !supported(on: $0) }), within(day) {
                out.insert(Raised(kind: .nrpfWithoutSupport, window: status.id, day: day))
            }
        }
        if h.child, let month = h.turns18Month {
            let m18 = AlertRules.monthIndex(yyyymm: month)
            let firstDay = (start..<last).first { day in
                let ahead = m18 - AlertRules.monthIndex(Day(daysSinceEpoch: day))
                return (h.becomesAdultOn.map { day < $0 } ?? true) && ahead >= 0 && ahead <= 6
            }
            if let firstDay { out.insert(Raised(kind: .childTurning18, window: "case", day: firstDay)) }
        }
        return out
    }

    @Test(arguments: 0..<8) func eachAlertFiresOnTheDayItsConditionFirstHoldsAndNeverTwice(batch: Int) {
        var rng = SyntheticRandom(seed: UInt64(0xA1E7 + batch))
        var kindsSeen: Set<AlertKind> = []
        for _ in 0..<60 {
            let history = Self.generate(&rng)
            let (raised, repeats) = Self.simulate(history)
            #expect(repeats == 0, "one kind and window listed twice on one day")
            #expect(Set(raised.map { AlertDue(kind: $0.kind, windowKey: $0.window) }).count == raised.count, "raised twice")
            #expect(Set(raised) == Self.expected(history))
            kindsSeen.formUnion(raised.map(\.kind))
        }
        #expect(kindsSeen == Set(AlertKind.allCases), "the generator reaches every kind")
    }

    @Test func bedAndBreakfastFiresOnDay43AndNotForAStayThatEndedOrAClosedCase() {
        let from = Self.start
        var facts = AlertFacts(isOpen: true, stage: .recoveryPeriod, dueOn: nil, identifiedOn: from, isAdult: true,
                               turns18Month: nil, noContactDays: 1000,
                               stays: [.init(id: "s", kind: "bed_and_breakfast", from: from, until: nil)])
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: from + 42)).isEmpty)
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: from + 43)) == [AlertDue(kind: .bedAndBreakfast42Days, windowKey: "s")])
        facts.stays[0].until = from + 43
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: from + 43)).isEmpty)
        facts.stays[0].until = nil
        facts.isOpen = false
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: from + 50)).isEmpty)
    }

    @Test func moveOnNrpfAndChildConditions() {
        let day = Self.start
        var facts = AlertFacts(isOpen: true, stage: .moveOn, dueOn: day + 14, identifiedOn: day, isAdult: true,
                               turns18Month: nil, noContactDays: 1000)
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day)) == [AlertDue(kind: .moveOnEndingUnsettled, windowKey: String(day + 14))])
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day - 1)).isEmpty)
        facts.stays = [.init(id: "t", kind: "social_tenancy", from: day - 5, until: nil)]
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day)).isEmpty)
        facts = AlertFacts(isOpen: true, stage: .recoveryPeriod, dueOn: nil, identifiedOn: day, isAdult: true, turns18Month: nil,
                           noContactDays: 1000, statuses: [.init(id: "a", nrpf: true, from: day, recordedAt: 1),
                                                          .init(id: "b", nrpf: false, from: day, recordedAt: 2)])
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day)).isEmpty, "the later record on the same day is current")
        facts.statuses[1].recordedAt = 0
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day)) == [AlertDue(kind: .nrpfWithoutSupport, windowKey: "a")])
        facts.supports = [.init(from: day, until: nil)]
        #expect(AlertRules.alerts(for: facts, today: Day(daysSinceEpoch: day)).isEmpty)
        // 2026-01: turning 18 in July 2026 is six months ahead; August is seven.
        let january = Day(year: 2026, month: 1, day: 31)!
        let child = AlertFacts(isOpen: true, stage: .recoveryPeriod, dueOn: nil, identifiedOn: january.daysSinceEpoch, isAdult: false,
                               turns18Month: 202607, noContactDays: 1000)
        #expect(AlertRules.alerts(for: child, today: january) == [AlertDue(kind: .childTurning18, windowKey: "case")])
        var later = child
        later.turns18Month = 202608
        #expect(AlertRules.alerts(for: later, today: january).isEmpty)
    }

    @Test func statesMoveOnlyForwards() {
        #expect(AlertState.open.canMove(to: .acknowledged))
        #expect(AlertState.acknowledged.canMove(to: .resolved))
        #expect(!AlertState.resolved.canMove(to: .open))
        #expect(!AlertState.acknowledged.canMove(to: .acknowledged))
    }
}
