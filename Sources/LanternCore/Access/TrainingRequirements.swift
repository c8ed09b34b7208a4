/// Training that unlocks an action: holders of a role may do it only while they hold a valid
/// completion of a course that qualifies for it (any course tagged with the qualification, such
/// as `first-responder`), or an exemption their organisation's administrator granted.
///
/// Set once for the partnership (`LANTERN_TRAINING_REQUIREMENTS`) and carried by the access
/// policy, so the policy stays one table: a grant with an unmet condition grants nothing.
public struct TrainingRequirements: Sendable, Equatable {
    /// Role → action → the qualification it needs.
    public let conditions: [Role: [Action: String]]

    public init(_ conditions: [Role: [Action: String]] = [:]) {
        self.conditions = conditions.filter { !$0.value.isEmpty }
    }

    public static let none = TrainingRequirements()

    public var isEmpty: Bool { conditions.isEmpty }

    /// The qualification a role needs for an action, if any.
    public func qualification(for role: Role, _ action: Action) -> String? { conditions[role]?[action] }

    /// Every qualification that matters to a person with these roles.
    public func qualifications(for roles: Set<Role>) -> Set<String> {
        Set(roles.flatMap { conditions[$0]?.values.map { $0 } ?? [] })
    }

    /// Every action some role's condition applies to (an administrator may exempt from these).
    public var actions: Set<Action> { Set(conditions.values.flatMap(\.keys)) }

    /// Actions no condition may be put on: without them nobody could book the training, or
    /// reach their own account, so a requirement there would lock people out for good.
    public static let neverRequired: Set<Action> = [.manageOwnAccount, .registerForTraining]

    /// A qualification is a short code: lower-case letters, digits and hyphens, 2 to 40.
    public static func isQualification(_ text: String) -> Bool {
        (2...40).contains(text.count) && text.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && text.first != "-" && text.last != "-"
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Reads the setting: comma-separated `role:action=qualification` items, such as
    /// `case_worker:create_case=first-responder`. Each role's grant must exist in `policy`.
    public static func parse(_ text: String, against policy: AccessPolicy) throws -> TrainingRequirements {
        var conditions: [Role: [Action: String]] = [:]
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let sides = item.split(separator: "=", maxSplits: 1).map(String.init)
            let key = sides.first?.split(separator: ":", maxSplits: 1).map(String.init) ?? []
            guard sides.count == 2, key.count == 2 else {
                throw Problem(description: "\(item) is not role:action=qualification (such as case_worker:create_case=first-responder)")
            }
            guard let role = Role(rawValue: key[0]) else {
                throw Problem(description: "\(key[0]) is not a role (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let action = Action(rawValue: key[1]) else { throw Problem(description: "\(key[1]) is not an action") }
            guard !neverRequired.contains(action) else {
                throw Problem(description: "\(action.rawValue) cannot need training: people need it to book training and reach their account")
            }
            guard policy.table[role]?[action] != nil else {
                throw Problem(description: "\(role.rawValue) may not \(action.rawValue) at all, so it cannot need training for it")
            }
            guard isQualification(sides[1]) else {
                throw Problem(description: "\(sides[1]) is not a qualification: use 2 to 40 lower-case letters, digits and hyphens")
            }
            guard conditions[role]?[action] == nil else { throw Problem(description: "\(role.rawValue):\(action.rawValue) is named twice") }
            conditions[role, default: [:]][action] = sides[1]
        }
        return TrainingRequirements(conditions)
    }
}

/// What a person holds against the requirements on the day: the qualifications they hold a
/// valid completion for, and the actions they are exempted from.
public struct TrainingStanding: Sendable, Equatable {
    public var qualifications: Set<String>
    public var exemptions: Set<Action>

    public init(qualifications: Set<String> = [], exemptions: Set<Action> = []) {
        self.qualifications = qualifications
        self.exemptions = exemptions
    }

    public static let nothing = TrainingStanding()

    /// Whether the condition on `action` (needing `qualification`) is met.
    public func meets(_ qualification: String, for action: Action) -> Bool {
        qualifications.contains(qualification) || exemptions.contains(action)
    }
}

extension AccessPolicy {
    /// The same table with training conditions on it.
    public func requiring(_ requirements: TrainingRequirements) -> AccessPolicy {
        AccessPolicy(table: table, requirements: requirements)
    }

    /// The table as it stands for a person: every grant whose training condition their standing
    /// does not meet is gone. Every check for a signed-in person is asked of this table.
    public func standing(_ standing: TrainingStanding) -> AccessPolicy {
        guard !requirements.isEmpty else { return self }
        var narrowed = table
        for (role, actions) in requirements.conditions {
            for (action, qualification) in actions where !standing.meets(qualification, for: action) {
                narrowed[role]?[action] = nil
            }
        }
        return AccessPolicy(table: narrowed, requirements: requirements)
    }

    /// The qualifications that would let these roles do the action, when training is what
    /// stands in the way: the table grants it to some role, but no role whose condition is met.
    /// Empty when the action is allowed, or when no training would allow it.
    public func missingTraining(_ roles: Set<Role>, _ action: Action, standing: TrainingStanding) -> Set<String> {
        guard !self.standing(standing).allowsSome(roles, action) else { return [] }
        return Set(roles.compactMap { role in
            guard table[role]?[action]?.isEmpty == false else { return nil }
            return requirements.qualification(for: role, action)
        })
    }
}
