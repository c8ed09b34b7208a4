/// One generated case: attributes and the pathway it went through, with dates.
public struct SyntheticCase: Sendable {
    public var identifiedOn: Day
    public var ageGroup: AgeGroup
    public var ageGroupAtExploitation: AgeGroup
    public var gender: Gender
    /// A code of `CodedList.nationalities`.
    public var nationality: String
    /// A code of `CodedList.languages`.
    public var language: String
    public var interpreterNeeded: Bool
    public var boroughIdentified: String
    public var boroughExploited: String?
    public var exploitationTypes: Set<ExploitationType>
    public var exploitationLocation: ExploitationLocation
    public var countyLines: Bool
    public var events: [(event: PathwayEvent, on: Day)]
    public var state: PathwayState
}

/// Generates realistic, entirely fictional cases for demos and benchmarks. The mixes follow
/// the published national picture (Home Office NRM statistics 2022–24: about 44% children,
/// three quarters male, criminal exploitation the largest type for children, UK, Albanian and
/// Vietnamese the commonest nationalities) and a rising trend over the years.
public struct SyntheticCaseGenerator: Sendable {
    public let boroughs: [Borough]
    public let from: Day
    public let to: Day
    private var random: SyntheticRandom
    private let boroughWeights: [(String, Double)]

    public init(seed: UInt64, boroughs: [Borough], from: Day, to: Day) {
        self.boroughs = boroughs
        self.from = from
        self.to = to
        var random = SyntheticRandom(seed: seed)
        // Unequal boroughs, as in life: some identify far more than others (the partnership's
        // own question is why some boroughs refer so few).
        boroughWeights = boroughs.map { ($0.onsCode, 0.2 + random.unit() * random.unit() * 3) }
        self.random = random
    }

    /// Nationality and main language, as codes of `CodedList.nationalities` and `.languages`.
    static let nationalities: [((nationality: String, language: String), Double)] = [
        (("GBR", "eng"), 23), (("ALB", "sqi"), 13), (("VNM", "vie"), 11), (("ERI", "tir"), 6), (("SDN", "ara"), 5),
        (("ROU", "ron"), 4), (("IND", "hin"), 3), (("CHN", "cmn"), 3), (("NGA", "eng"), 3), (("AFG", "prs"), 3),
        (("IRN", "fas"), 2), (("IRQ", "ara"), 2), (("ETH", "amh"), 2), (("POL", "pol"), 2), (("GHA", "eng"), 1),
        (("PHL", "tgl"), 1), (("PAK", "urd"), 1), (("BGD", "ben"), 1), (("KWT", "ara"), 0.3), (("TUV", "tvl"), 0.05),
    ]

    public mutating func next() -> SyntheticCase {
        let span = max(1, to.daysSinceEpoch - from.daysSinceEpoch)
        // A rising trend: later days are more likely (density grows linearly).
        let position = (random.unit() + random.unit() + random.unit() * 0.5) / 2.5
        let identified = from.adding(days: min(span, Int(Double(span) * (0.35 + 0.65 * position.squareRoot()))))
        let age = random.pick([(AgeGroup.child, 44.0), (.adult, 52), (.unknown, 4)])
        let ageThen: AgeGroup = age == .child ? .child : random.pick([(AgeGroup.adult, 80.0), (.child, 18), (.unknown, 2)])
        let gender = random.pick([(Gender.male, 76.0), (.female, 23), (.other, 0.5), (.unknown, 0.5)])
        let (nationality, language) = random.pick(Self.nationalities)
        var types: Set<ExploitationType>
        if ageThen == .child {
            types = [random.pick([(ExploitationType.criminal, 60.0), (.sexual, 14), (.labour, 12), (.domestic, 3), (.unknown, 3)])]
        } else {
            types = [random.pick([(ExploitationType.labour, 45.0), (.sexual, 20), (.criminal, 20), (.domestic, 7), (.unknown, 3)])]
        }
        if random.unit() < 0.09 {
            types.insert(random.pick([(ExploitationType.labour, 4.0), (.criminal, 4), (.sexual, 2), (.domestic, 1), (.organHarvesting, 0.05)]))
            types.remove(.unknown)
        }
        let countyLines = types.contains(.criminal) && ageThen == .child && random.unit() < 0.45
        let location = random.pick([(ExploitationLocation.uk, 74.0), (.overseas, 15), (.ukAndOverseas, 9), (.unknown, 2)])
        let identifiedIn = random.pick(boroughWeights)
        let exploitedIn: String? = location == .overseas ? nil : (random.unit() < 0.7 ? identifiedIn : random.pick(boroughWeights))
        var generated = SyntheticCase(
            identifiedOn: identified, ageGroup: age, ageGroupAtExploitation: ageThen, gender: gender, nationality: nationality,
            language: language, interpreterNeeded: nationality != "GBR" && random.unit() < 0.7, boroughIdentified: identifiedIn,
            boroughExploited: exploitedIn, exploitationTypes: types, exploitationLocation: location, countyLines: countyLines,
            events: [], state: PathwayState())
        walkPathway(&generated)
        return generated
    }

    /// Moves the case along the pathway with realistic stage durations, stopping at today.
    private mutating func walkPathway(_ c: inout SyntheticCase) {
        var state = PathwayState()
        state.lastEventOn = c.identifiedOn
        state.stageEnteredOn = c.identifiedOn
        let facts = CaseFacts(ageGroup: c.ageGroup)
        var day = c.identifiedOn
        var events: [(PathwayEvent, Day)] = []
        func step(_ event: PathwayEvent, after days: Int) -> Bool {
            let next = day.adding(days: max(0, days))
            guard next <= to, let applied = try? Pathway.apply(event, on: next, today: to, to: state, facts: facts) else { return false }
            state = applied
            day = next
            events.append((event, next))
            return true
        }
        let consents = c.ageGroup.treatedAsChild || random.unit() < 0.7
        guard step(.referralDecision(consentGiven: consents), after: random.int(0...3)) else { return finish(&c, state, events) }
        if state.stage == .dutyToNotify {
            if random.unit() < 0.8 { _ = step(.closed(reason: "Duty to Notify made"), after: random.int(0...10)) }
            return finish(&c, state, events)
        }
        guard step(.referralMarkedReady, after: random.int(0...7)), step(.referralSubmitted, after: random.int(0...3)) else {
            return finish(&c, state, events)
        }
        let rgPositive = random.unit() < 0.6
        guard step(.reasonableGroundsDecision(rgPositive ? .positive : .negative), after: random.int(2...40)) else {
            return finish(&c, state, events)
        }
        if !rgPositive {
            if random.unit() < 0.2, step(.reconsiderationRequested, after: random.int(5...30)),
               step(.reasonableGroundsDecision(.positive), after: random.int(10...60)) {
            } else {
                _ = step(.closed(reason: "Negative decision"), after: random.int(14...40))
                return finish(&c, state, events)
            }
        }
        let cgPositive = random.unit() < 0.62
        guard step(.conclusiveGroundsDecision(cgPositive ? .positive : .negative), after: random.int(30...420)) else {
            return finish(&c, state, events)
        }
        if !cgPositive {
            _ = step(.closed(reason: "Negative decision"), after: random.int(14...30))
            return finish(&c, state, events)
        }
        let pillars = Set(SupportPillar.allCases.filter { _ in random.unit() < 0.6 })
        guard step(.recoveryNeedsAssessment(pillars), after: random.int(5...60)) else { return finish(&c, state, events) }
        _ = step(.closed(reason: "Moved on"), after: random.int(30...120))
        finish(&c, state, events)
    }

    private func finish(_ c: inout SyntheticCase, _ state: PathwayState, _ events: [(PathwayEvent, Day)]) {
        c.state = state
        c.events = events.map { (event: $0.0, on: $0.1) }
    }
}
