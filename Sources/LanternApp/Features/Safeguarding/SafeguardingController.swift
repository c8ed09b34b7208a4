import Fluent
import LanternCore
import Vapor

/// Safeguarding concerns: raising one (from a case, or on its own), the list of those routed
/// to the viewer's team or raised by their organisation, one concern (acknowledge, re-route,
/// record the outcome). A concern is placed with its routed organisation and team and seen by
/// the organisation that raised it; anyone else gets 404. Every read and change is audited.
struct SafeguardingController {
    func register(_ routes: LanternRoutes) {
        routes.get(SafeguardingPaths.list, access: .action(.viewConcern), use: list)
        routes.get(SafeguardingPaths.new, access: .action(.raiseConcern), use: newForm)
        routes.post(SafeguardingPaths.new, access: .action(.raiseConcern), use: create)
        routes.get(SafeguardingPaths.newOnCase, access: .action(.raiseConcern), use: newFormOnCase)
        routes.post(SafeguardingPaths.newOnCase, access: .action(.raiseConcern), use: createOnCase)
        routes.get(SafeguardingPaths.show, access: .action(.viewConcern), use: show)
        routes.post(SafeguardingPaths.acknowledge, access: .action(.handleConcern), use: acknowledge)
        routes.post(SafeguardingPaths.reroute, access: .action(.handleConcern), use: reroute)
        routes.post(SafeguardingPaths.outcome, access: .action(.handleConcern), use: outcome)
    }

    /// The raise form as posted (the police box sends `police[]=yes`; `police=yes` is read the same).
    struct RaiseForm: Content {
        var subject: String?
        var kind: String?
        var urgency: String?
        var borough: String?
        var seen: String?
        var police: [String]?

        enum CodingKeys: String, CodingKey { case subject, kind, urgency, borough, seen, police }

        init(subject: String? = nil, borough: String? = nil) {
            self.subject = subject
            self.borough = borough
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func text(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
            subject = text(.subject)
            kind = text(.kind)
            urgency = text(.urgency)
            borough = text(.borough)
            seen = text(.seen)
            if let many = try? c.decodeIfPresent([String].self, forKey: .police) { police = many } else { police = text(.police).map { [$0] } }
        }
    }

    struct RerouteForm: Content { var to: String?; var reason: String? }
    struct OutcomeForm: Content { var outcome: String?; var note: String? }

    // MARK: raising

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.raiseConcern)
        return try await raisePage(request, form: RaiseForm(), caseReference: nil, errors: FormErrors())
    }

    @Sendable func newFormOnCase(_ request: Request) async throws -> Response {
        let access = try await caseForRaising(request)
        let record = access.record
        let subject: ConcernSubject = AgeGroup(rawValue: record.ageGroup) == .child ? .child : .adult
        try await request.audit(AuditEvent(action: "case.concern_form", recordType: "case", recordID: record.id?.uuidString))
        return try await raisePage(request, form: RaiseForm(subject: subject.rawValue, borough: record.boroughIdentified),
                                   caseReference: record.reference, errors: FormErrors())
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.raiseConcern)
        return try await raise(request, context: context, access: nil)
    }

    @Sendable func createOnCase(_ request: Request) async throws -> Response {
        let access = try await caseForRaising(request)
        return try await raise(request, context: access.authorised.context, access: access)
    }

    /// The case a concern is raised from: one the person may change (their organisation's),
    /// and they may raise concerns; 404 otherwise.
    private func caseForRaising(_ request: Request) async throws -> AccessibleCase {
        try request.authoriseCreating(.raiseConcern)
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        _ = try access.cipher
        return access
    }

    private func raisePage(_ request: Request, form: RaiseForm, caseReference: String?, errors: FormErrors) async throws -> Response {
        let services = request.application.lantern
        let model = SafeguardingPages.Raise(caseReference: caseReference, values: form, errors: errors,
                                            boroughs: services.boroughs.all.map { ($0.onsCode, $0.name) })
        return request.render(SafeguardingPages.raise(model, csrf: request.csrfToken, l: SafeguardingPages.localiser(request)))
    }

    /// Checks the form, finds every destination (all must exist, or nothing is written), and
    /// raises the concern in one transaction.
    private func raise(_ request: Request, context: SignInContext, access: AccessibleCase?) async throws -> Response {
        let services = request.application.lantern
        let l = SafeguardingPages.localiser(request)
        let form = try request.content.decode(RaiseForm.self)
        var errors = FormErrors()
        let subject = form.subject.flatMap(ConcernSubject.init(rawValue:))
        if subject == nil { errors.add("subject", l("concerns.error.subject")) }
        let kind = form.kind.flatMap(ConcernKind.init(rawValue:))
        if kind == nil { errors.add("kind", l("concerns.error.kind")) }
        let urgency = form.urgency.flatMap(ConcernUrgency.init(rawValue:))
        if urgency == nil { errors.add("urgency", l("concerns.error.urgency")) }
        let borough = form.borough.flatMap { services.boroughs.borough(code: $0) }
        if borough == nil { errors.add("borough", l("concerns.error.borough")) }
        if let boxes = form.police, boxes.contains(where: { $0 != "yes" }) { errors.add("police", l("concerns.error.checkbox")) }
        let seen = Self.text(form.seen, required: true, field: "seen", errors: &errors, l: l)
        var destinations: [(ConcernRouting.Target, ConcernService.Destination)] = []
        if let subject, let kind, let borough {
            for target in ConcernRouting.targets(subject: subject, kind: kind, policeBox: form.police?.contains("yes") == true) {
                if let destination = try await ConcernService.destination(kind: target.kind, borough: borough.onsCode, on: request.db) {
                    destinations.append((target, destination))
                } else {
                    errors.add("borough", l("concerns.error.no-entry", ["role": target.kind.label(l), "borough": borough.name]))
                }
            }
        }
        let reference = access?.record.reference
        guard errors.isEmpty, let subject, let kind, let urgency, let borough, let seen else {
            return try await raisePage(request, form: form, caseReference: reference, errors: errors)
        }
        let caseID = try access?.record.requireID()
        let cipher: FieldCipher = if let access { try access.cipher } else { services.cipher }
        let raise = ConcernService.Raise(subject: subject, kind: kind, urgency: urgency, policeBox: form.police?.contains("yes") == true,
                                         boroughCode: borough.onsCode, seen: seen)
        let routed = destinations
        let ids = try await request.db.transaction { tx in
            let ids = try await ConcernService.raise(raise, caseID: caseID, cipher: cipher, destinations: routed, by: (context.userID, context.organisationID),
                                                     services: services, on: tx)
            for id in ids {
                try await request.audit(AuditEvent(action: "concern.raised", recordType: "safeguarding_concern", recordID: id.uuidString), on: tx)
            }
            if let caseID {
                try await request.audit(AuditEvent(action: "case.concern_raised", recordType: "case", recordID: caseID.uuidString), on: tx)
            }
            return ids
        }
        return request.redirect(to: Href.concern(ids.first?.uuidString ?? "").query("done", SafeguardingPages.Done.raised.rawValue))
    }

    /// Trimmed free text, or a field message (missing when required, too long, control characters).
    static func text(_ value: String?, required: Bool, field: String, errors: inout FormErrors, l: Localiser) -> String? {
        switch ConcernText.check(value, required: required) {
        case .success(let text): return text
        case .failure(let box):
            switch box.problem {
            case .missing: errors.add(field, field == "seen" ? l("concerns.error.seen-missing") : l("concerns.error.reason-missing"))
            case .tooLong: errors.add(field, l("concerns.error.too-long", ["max": l.number(ConcernText.maxLength)]))
            case .controlCharacters: errors.add(field, l("concerns.error.control"))
            }
            return nil
        }
    }

    // MARK: the list

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewConcern)
        let toUs = try await request.narrow(SafeguardingConcern.query(on: request.db), to: .viewConcern, among: [.sameTeam, .sameOrganisation])
            .sort(\.$routedAt, .descending).limit(500).all()
        let byUs = try await request.narrow(SafeguardingConcern.query(on: request.db), to: .viewConcern, among: [.sharedWithOrganisation])
            .sort(\.$recordedAt, .descending).limit(500).all()
        let names = try await Self.names(toUs + byUs, on: request.db)
        let services = request.application.lantern
        func row(_ c: SafeguardingConcern) -> SafeguardingPages.Row {
            SafeguardingPages.Row(id: c.id?.uuidString ?? "", raisedAt: c.recordedAt, subject: c.subjectValue, kind: c.kindValue,
                                  urgency: c.urgencyValue, borough: services.boroughs.borough(code: c.boroughCode)?.name ?? c.boroughCode,
                                  routedTo: Self.routedName(c, names), state: c.state, acknowledgeBy: c.acknowledgeBy,
                                  overdue: ConcernState.isOverdue(acknowledgeBy: c.acknowledgeBy, acknowledgedAt: c.acknowledgedAt,
                                                                  closedAt: c.closedAt, now: services.now),
                                  outcome: c.outcome.flatMap(ConcernOutcome.init(rawValue:)))
        }
        try await request.audit(AuditEvent(action: "concerns.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let canRaise = request.accessPolicy.permits(context.roles, .raiseConcern, on: .sameOrganisation)
        return request.render(SafeguardingPages.list(.init(toUs: toUs.map(row), byUs: byUs.map(row), canRaise: canRaise),
                                                     l: SafeguardingPages.localiser(request)))
    }

    /// Organisation and team names for the concerns' routings.
    struct Names { var organisations: [UUID: String]; var teams: [UUID: String] }

    static func names(_ concerns: [SafeguardingConcern], routes: [SafeguardingConcernRoute] = [], on db: any Database) async throws -> Names {
        let organisationIDs = Set(concerns.flatMap { [$0.routedOrganisationID, $0.raisedByOrganisationID] }
            + routes.flatMap { [$0.toOrganisationID] + [$0.fromOrganisationID].compactMap { $0 } })
        let teamIDs = Set(concerns.compactMap(\.routedTeamID) + routes.flatMap { [$0.toTeamID, $0.fromTeamID].compactMap { $0 } })
        let organisations = organisationIDs.isEmpty ? [:] : try await Organisation.query(on: db).filter(\.$id ~~ Array(organisationIDs)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.name }
        let teams = teamIDs.isEmpty ? [:] : try await Team.query(on: db).filter(\.$id ~~ Array(teamIDs)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.name }
        return Names(organisations: organisations, teams: teams)
    }

    static func routedName(_ c: SafeguardingConcern, _ names: Names) -> String {
        place(c.routedOrganisationID, c.routedTeamID, names)
    }

    static func place(_ organisationID: UUID, _ teamID: UUID?, _ names: Names) -> String {
        let organisation = names.organisations[organisationID] ?? ""
        guard let teamID, let team = names.teams[teamID] else { return organisation }
        return "\(organisation): \(team)"
    }

    // MARK: one concern

    /// The concern in the path, if the person may do `action` to it; 404 otherwise (audited).
    static func target(_ request: Request, _ action: Action) async throws -> Authorised<SafeguardingConcern> {
        try request.authorise(action)
        guard let id = request.parameters.get("concernID", as: UUID.self),
              let concern = try await SafeguardingConcern.find(id, on: request.db) else { throw LanternError.notFound }
        do {
            return try await request.authorise(action, concern, placedAt: concern.placement)
        } catch LanternError.notFound {
            try await request.audit(AuditEvent(action: "concern.access_denied", recordType: "safeguarding_concern",
                                               recordID: id.uuidString, outcome: .denied))
            throw LanternError.notFound
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let concern = try await Self.target(request, .viewConcern)
        try await request.audit(AuditEvent(action: "concern.viewed", recordType: "safeguarding_concern", recordID: concern.record.id?.uuidString))
        let done = request.query[String.self, at: "done"].flatMap(SafeguardingPages.Done.init(rawValue:))
        return request.render(try await page(concern, request: request, errors: FormErrors(), done: done))
    }

    private func page(_ concern: Authorised<SafeguardingConcern>, request: Request, errors: FormErrors, values: [String: String] = [:],
                      done: SafeguardingPages.Done?) async throws -> Page {
        let services = request.application.lantern
        let c = concern.record, id = try c.requireID()
        let l = SafeguardingPages.localiser(request)
        let routes = try await SafeguardingConcernRoute.query(on: request.db).filter(\.$concern.$id == id).sort(\.$routedAt).all()
        let names = try await Self.names([c], routes: routes, on: request.db)
        let cipher = try await ConcernService.cipher(caseID: c.caseID, services: services, on: request.db)
        let seen = try cipher.map { try $0.open(c.sealedSeen, context: SafeguardingConcern.seenContext(id)) }
        let note = try cipher.flatMap { cipher in try c.sealedOutcomeNote.map { try cipher.open($0, context: SafeguardingConcern.outcomeContext(id)) } }
        let history = try routes.map { route in
            SafeguardingPages.RouteRow(at: route.routedAt,
                                       from: route.fromOrganisationID.map { Self.place($0, route.fromTeamID, names) },
                                       to: Self.place(route.toOrganisationID, route.toTeamID, names),
                                       reason: try cipher.flatMap { cipher in
                                           try route.sealedReason.map { try cipher.open($0, context: SafeguardingConcernRoute.reasonContext(try route.requireID())) }
                                       })
        }
        let entry: DirectoryEntry? = if let entryID = c.routedEntryID { try await DirectoryEntry.find(entryID, on: request.db) } else { nil }
        let context = concern.context
        let canHandle = request.accessPolicy.permits(context.roles, .handleConcern, onAny: concern.relations)
        let raisedHere = c.raisedByOrganisationID == context.organisationID
        let caseReference: String? = if raisedHere, let caseID = c.caseID { try await CaseRecord.find(caseID, on: request.db)?.reference } else { nil }
        let linked = try await SafeguardingConcern.query(on: request.db).group(.or) { group in
            group.filter(\.$linkedConcernID == id)
            if let other = c.linkedConcernID { group.filter(\.$id == other) }
        }.all()
        let linkedVisible = try await linked.asyncFilter { other in
            request.accessPolicy.permits(context.roles, .viewConcern, onAny: try await request.viewpoint().relations(to: other.placement))
        }
        // The linked copies' own destinations (the police's copy names the BCU), for the links' text.
        let linkedNames = try await Self.names(linkedVisible, on: request.db)
        let rerouteChoices = canHandle && c.state != .closed ? try await Self.rerouteChoices(c, l: l, request: request) : []
        let model = SafeguardingPages.Show(
            id: id.uuidString, subject: c.subjectValue, kind: c.kindValue, urgency: c.urgencyValue, policeBox: c.policeBox,
            borough: services.boroughs.borough(code: c.boroughCode)?.name ?? c.boroughCode,
            raisedAt: c.recordedAt, raisedBy: names.organisations[c.raisedByOrganisationID] ?? "",
            routedTo: Self.routedName(c, names), entryTitle: entry.map { "\($0.roleTitle), \($0.organisationName)" },
            acknowledgeBy: c.acknowledgeBy,
            overdue: ConcernState.isOverdue(acknowledgeBy: c.acknowledgeBy, acknowledgedAt: c.acknowledgedAt, closedAt: c.closedAt, now: services.now),
            state: c.state, acknowledgedAt: c.acknowledgedAt, escalatedAt: c.escalatedAt, closedAt: c.closedAt,
            outcome: c.outcome.flatMap(ConcernOutcome.init(rawValue:)), outcomeNote: note, seen: seen,
            history: history, caseReference: caseReference,
            linked: linkedVisible.compactMap { other in other.id.map { ($0.uuidString, Self.routedName(other, linkedNames)) } },
            canHandle: canHandle, rerouteChoices: rerouteChoices, errors: errors, values: values, done: done)
        return SafeguardingPages.show(model, csrf: request.csrfToken, l: l)
    }

    /// Where a concern may be re-routed: the live directory entries of the kinds its subject
    /// allows (its borough's first), and the other teams of the organisation it is routed to.
    static func rerouteChoices(_ c: SafeguardingConcern, l: Localiser, request: Request) async throws -> [(value: String, label: String)] {
        let services = request.application.lantern
        let kinds = ConcernRouting.reroutableKinds(for: c.subjectValue).map(\.rawValue)
        let entries = try await DirectoryEntry.query(on: request.db).filter(\.$kind ~~ kinds).filter(\.$retiredAt == nil).all()
            .filter { $0.id != c.routedEntryID }
        let teams = try await Team.query(on: request.db).filter(\.$organisation.$id == c.routedOrganisationID).sort(\.$name).all()
            .filter { $0.id != c.routedTeamID }
        let entryChoices = entries.map { entry -> (sortKey: String, value: String, label: String) in
            let borough = services.boroughs.borough(code: entry.boroughCode)?.name ?? entry.boroughCode
            let kind = DirectoryEntryKind(rawValue: entry.kind) ?? .other
            return ((entry.boroughCode == c.boroughCode ? "0" : "1") + borough + entry.kind, "entry:\(entry.id?.uuidString ?? "")",
                    l("concerns.reroute.entry-option", ["borough": borough, "role": kind.label(l), "organisation": entry.organisationName]))
        }.sorted { $0.sortKey < $1.sortKey }.map { ($0.value, $0.label) }
        let teamChoices = teams.map { ("team:\($0.id?.uuidString ?? "")", l("concerns.reroute.team-option", ["team": $0.name])) }
        return teamChoices + entryChoices
    }

    // MARK: handling

    @Sendable func acknowledge(_ request: Request) async throws -> Response {
        let concern = try await Self.target(request, .handleConcern)
        let id = try concern.record.requireID()
        let services = request.application.lantern
        let won = try await request.db.transaction { tx in
            let won = try await ConcernService.acknowledge(id, by: concern.context.userID, at: services.now, on: tx)
            if won {
                try await request.audit(AuditEvent(action: "concern.acknowledged", recordType: "safeguarding_concern", recordID: id.uuidString), on: tx)
            }
            return won
        }
        let done: SafeguardingPages.Done = won ? .acknowledged : .alreadyAcknowledged
        return request.redirect(to: Href.concern(id.uuidString).query("done", done.rawValue))
    }

    @Sendable func reroute(_ request: Request) async throws -> Response {
        let concern = try await Self.target(request, .handleConcern)
        let c = concern.record, id = try c.requireID()
        let services = request.application.lantern
        let l = SafeguardingPages.localiser(request)
        let form = try request.content.decode(RerouteForm.self)
        var errors = FormErrors()
        if let refusal = c.state.refusal(of: .reroute) { errors.add("to", Self.message(refusal, l)) }
        let reason = Self.text(form.reason, required: true, field: "reason", errors: &errors, l: l)
        let choices = errors.isEmpty ? try await Self.rerouteChoices(c, l: l, request: request) : []
        var destination: ConcernService.Destination?
        if let to = form.to, choices.contains(where: { $0.value == to }) {
            let parts = to.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, let target = UUID(exactly: parts[1]) {
                if parts[0] == "entry", let entry = try await DirectoryEntry.find(target, on: request.db) {
                    destination = try await ConcernService.destination(of: entry, on: request.db)
                } else if parts[0] == "team" {
                    destination = ConcernService.Destination(entryID: c.routedEntryID, organisationID: c.routedOrganisationID, teamID: target,
                                                             boroughCode: c.boroughCode)
                }
            }
        }
        if destination == nil && errors["to"] == nil { errors.add("to", l("concerns.error.reroute-to")) }
        guard errors.isEmpty, let destination, let reason else {
            return request.render(try await page(concern, request: request, errors: errors, values: ["to": form.to ?? "", "reason": form.reason ?? ""],
                                                 done: nil))
        }
        guard let cipher = try await ConcernService.cipher(caseID: c.caseID, services: services, on: request.db) else {
            throw LanternError.erased(nil)
        }
        let from = (organisationID: c.routedOrganisationID, teamID: c.routedTeamID)
        let moved = try await request.db.transaction { tx in
            guard try await ConcernService.reroute(id, from: from, to: destination, urgency: c.urgencyValue, services: services, on: tx) else { return false }
            try await ConcernService.addRoute(concernID: id, from: from, to: destination, reason: reason, cipher: cipher,
                                              by: concern.context.userID, services: services, on: tx)
            try await ConcernService.notifyReceivers(concernID: id, organisationID: destination.organisationID, teamID: destination.teamID,
                                                     services: services, on: tx)
            try await request.audit(AuditEvent(action: "concern.rerouted", recordType: "safeguarding_concern", recordID: id.uuidString), on: tx)
            return true
        }
        guard moved else {
            errors.add("to", l("concerns.error.moved"))
            return request.render(try await page(concern, request: request, errors: errors, values: ["to": form.to ?? "", "reason": form.reason ?? ""],
                                                 done: nil))
        }
        // The person may no longer see it (routed away from their team): back to the list.
        guard let fresh = try await SafeguardingConcern.find(id, on: request.db),
              request.accessPolicy.permits(concern.context.roles, .viewConcern, onAny: try await request.viewpoint().relations(to: fresh.placement)) else {
            return request.redirect(to: Href.concerns.query("done", SafeguardingPages.Done.rerouted.rawValue))
        }
        return request.redirect(to: Href.concern(id.uuidString).query("done", SafeguardingPages.Done.rerouted.rawValue))
    }

    @Sendable func outcome(_ request: Request) async throws -> Response {
        let concern = try await Self.target(request, .handleConcern)
        let c = concern.record, id = try c.requireID()
        let services = request.application.lantern
        let l = SafeguardingPages.localiser(request)
        let form = try request.content.decode(OutcomeForm.self)
        var errors = FormErrors()
        if let refusal = c.state.refusal(of: .recordOutcome) { errors.add("outcome", Self.message(refusal, l)) }
        let outcome = form.outcome.flatMap(ConcernOutcome.init(rawValue:))
        if outcome == nil && errors["outcome"] == nil { errors.add("outcome", l("concerns.error.outcome")) }
        let note = Self.text(form.note, required: false, field: "note", errors: &errors, l: l)
        guard errors.isEmpty, let outcome else {
            return request.render(try await page(concern, request: request, errors: errors, values: ["outcome": form.outcome ?? "", "note": form.note ?? ""],
                                                 done: nil))
        }
        guard let cipher = try await ConcernService.cipher(caseID: c.caseID, services: services, on: request.db) else {
            throw LanternError.erased(nil)
        }
        let sealed = try note.map { try cipher.seal($0, context: SafeguardingConcern.outcomeContext(id)) }
        let closed = try await request.db.transaction { tx in
            let closed = try await ConcernService.close(id, outcome: outcome, sealedNote: sealed, by: concern.context.userID, at: services.now, on: tx)
            if closed {
                try await request.audit(AuditEvent(action: "concern.closed", recordType: "safeguarding_concern", recordID: id.uuidString), on: tx)
            }
            return closed
        }
        guard closed else {
            errors.add("outcome", l("concerns.error.moved"))
            return request.render(try await page(concern, request: request, errors: errors, values: ["outcome": form.outcome ?? "", "note": form.note ?? ""],
                                                 done: nil))
        }
        return request.redirect(to: Href.concern(id.uuidString).query("done", SafeguardingPages.Done.closed.rawValue))
    }

    static func message(_ refusal: ConcernState.Refusal, _ l: Localiser) -> String {
        switch refusal {
        case .alreadyAcknowledged: l("concerns.error.already-acknowledged")
        case .notAcknowledged: l("concerns.error.not-acknowledged")
        case .closed: l("concerns.error.closed")
        }
    }
}

extension Array {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await keep(element) { kept.append(element) }
        return kept
    }
}
