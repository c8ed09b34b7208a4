import Fluent
import SQLKit
import Vapor
import LanternCore

/// A group's strategy: members read it (`viewBoardPapers`), the secretariat keeps it
/// (`manageGroup`); every change is audited; another group's records answer 404. The pages:
/// `StrategyPages`.
struct StrategyController {
    func register(_ routes: LanternRoutes) {
        routes.get(StrategyPaths.list, access: .anyAction(Self.readers), use: list)
        routes.get(StrategyPaths.strategy, access: .anyAction(Self.readers), use: show)
        routes.get(StrategyPaths.progress, access: .anyAction(Self.readers), use: progress)
        routes.get(StrategyPaths.impact, access: .anyAction(Self.readers), use: impact)
        routes.get(StrategyPaths.effectiveness, access: .anyAction(Self.readers), use: effectiveness)
        routes.get(StrategyPaths.indicator, access: .anyAction(Self.readers), use: indicator)
        routes.get(StrategyPaths.newPriority, access: .action(.manageGroup), use: priorityForm)
        routes.post(StrategyPaths.newPriority, access: .action(.manageGroup), use: addPriority)
        routes.get(StrategyPaths.newObjective, access: .action(.manageGroup), use: objectiveForm)
        routes.post(StrategyPaths.newObjective, access: .action(.manageGroup), use: addObjective)
        routes.get(StrategyPaths.newIndicator, access: .action(.manageGroup), use: indicatorForm)
        routes.post(StrategyPaths.newIndicator, access: .action(.manageGroup), use: addIndicator)
        routes.get(StrategyPaths.linkAction, access: .action(.manageGroup), use: linkForm)
        routes.post(StrategyPaths.linkAction, access: .action(.manageGroup), use: linkAction)
        routes.post(StrategyPaths.unlinkAction, access: .action(.manageGroup), use: unlinkAction)
        routes.post(StrategyPaths.newValue, access: .action(.manageGroup), use: addValue)
    }

    /// Members read the strategy; those who run the group read it too.
    static let readers: [Action] = [.viewBoardPapers, .manageGroup]

    struct TextForm: Content { var title: String?; var description: String? }
    struct IndicatorForm: Content {
        var name: String?; var source: String?; var periodKind: String?; var unit: String?; var direction: String?; var target: String?
    }
    struct LinkForm: Content { var actionID: String? }
    struct ValueForm: Content { var period: String?; var value: String? }

    // MARK: loading and access

    private func groupID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        return id
    }

    /// The group for reading (members) or running (secretariat); 404 otherwise.
    private func readable(_ request: Request) async throws -> (group: Authorised<PartnershipGroup>, canManage: Bool) {
        let group = try await request.authoriseGroup(try groupID(request), forAnyOf: Self.readers)
        let canManage = request.accessPolicy.permits(group.context.roles, .manageGroup, onAny: group.relations)
        return (group, canManage)
    }

    private func managed(_ request: Request) async throws -> Authorised<PartnershipGroup> {
        try await request.authoriseGroup(try groupID(request), for: .manageGroup)
    }

    private func store(_ request: Request) -> StrategyStore {
        StrategyStore(db: request.db, rules: DisclosureRules(threshold: request.application.lantern.settings.disclosureThreshold))
    }

    /// The priority named in the path, if it is of this group; 404 otherwise.
    private func priority(_ request: Request, of groupID: UUID) async throws -> StrategyPriority {
        guard let id = request.parameters.get("priorityID", as: UUID.self), let priority = try await StrategyPriority.find(id, on: request.db),
              priority.groupID == groupID else { throw LanternError.notFound }
        return priority
    }

    private func objective(_ request: Request, of groupID: UUID) async throws -> StrategyObjective {
        guard let id = request.parameters.get("objectiveID", as: UUID.self), let objective = try await StrategyObjective.find(id, on: request.db),
              let priority = try await StrategyPriority.find(objective.$priority.id, on: request.db), priority.groupID == groupID
        else { throw LanternError.notFound }
        return objective
    }

    private func indicatorRecord(_ request: Request, of groupID: UUID) async throws -> StrategyIndicator {
        guard let id = request.parameters.get("indicatorID", as: UUID.self), let indicator = try await StrategyIndicator.find(id, on: request.db),
              let objective = try await StrategyObjective.find(indicator.$objective.id, on: request.db),
              let priority = try await StrategyPriority.find(objective.$priority.id, on: request.db), priority.groupID == groupID
        else { throw LanternError.notFound }
        return indicator
    }

    private func header(_ group: Authorised<PartnershipGroup>) throws -> StrategyPages.Group {
        StrategyPages.Group(id: try group.record.requireID().uuidString, name: group.record.name)
    }

    // MARK: reading

    @Sendable func list(_ request: Request) async throws -> Response {
        let groups = try await request.visibleGroups()
        return request.render(StrategyPages.list(groups.map { StrategyPages.Group(id: $0.id?.uuidString ?? "", name: $0.name) },
                                                 l: StrategyPages.localiser(request)))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let (group, canManage) = try await readable(request)
        let tree = try await store(request).tree(groupID: try group.record.requireID())
        let done = request.query[String.self, at: "done"].flatMap(StrategyPages.Done.init(rawValue:))
        return request.render(StrategyPages.show(.init(group: try header(group), tree: tree, canManage: canManage, done: done),
                                                 csrf: request.csrfToken, l: StrategyPages.localiser(request)))
    }

    @Sendable func progress(_ request: Request) async throws -> Response {
        let (group, _) = try await readable(request)
        let store = store(request)
        let tree = try await store.tree(groupID: try group.record.requireID())
        let lacksBorough = try await store.councilReferralsLackBorough()
        return request.render(StrategyPages.progress(.init(group: try header(group), indicators: tree.indicators, councilTableLacksBorough: lacksBorough),
                                                     l: StrategyPages.localiser(request)))
    }

    /// The financial year asked for (`?year=2025/26`), else the one today is in; nil when the
    /// text is not a year (the page says so and shows the current year).
    private func year(_ request: Request) -> (year: IndicatorPeriod, typed: String, invalid: Bool) {
        let current = IndicatorPeriod.financialYear(containing: request.today)
        guard let typed = request.query[String.self, at: "year"], !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
            return (current, current.text, false)
        }
        guard let year = IndicatorPeriod(text: typed, kind: .year) else { return (current, typed, true) }
        return (year, year.text, false)
    }

    @Sendable func impact(_ request: Request) async throws -> Response {
        let (group, _) = try await readable(request)
        let chosen = year(request)
        let tree = try await store(request).tree(groupID: try group.record.requireID())
        let summary = ImpactSummary(tree: tree, year: chosen.year, today: request.today)
        return request.render(StrategyPages.impact(.init(group: try header(group), summary: summary, typedYear: chosen.typed,
                                                         invalidYear: chosen.invalid), l: StrategyPages.localiser(request)))
    }

    @Sendable func effectiveness(_ request: Request) async throws -> Response {
        let (group, _) = try await readable(request)
        let chosen = year(request)
        let figures = try await EffectivenessFigures.load(groupID: try group.record.requireID(), year: chosen.year, today: request.today, on: request.db)
        return request.render(StrategyPages.effectiveness(.init(group: try header(group), figures: figures, typedYear: chosen.typed,
                                                                invalidYear: chosen.invalid), l: StrategyPages.localiser(request)))
    }

    @Sendable func indicator(_ request: Request) async throws -> Response {
        let (group, canManage) = try await readable(request)
        let record = try await indicatorRecord(request, of: try group.record.requireID())
        return request.render(try await indicatorPage(request, group: group, record: record, canManage: canManage,
                                                      period: "", value: "", errors: FormErrors()))
    }

    private func indicatorPage(_ request: Request, group: Authorised<PartnershipGroup>, record: StrategyIndicator, canManage: Bool,
                               period: String, value: String, errors: FormErrors) async throws -> Page {
        let store = store(request)
        let readings: [IndicatorReading]
        if let binding = record.indicatorBinding {
            readings = try await store.readings(for: binding)
        } else {
            readings = try await store.enteredReadings(indicatorIDs: [try record.requireID()])[try record.requireID()] ?? []
        }
        let history = record.indicatorBinding == nil
            ? try await StrategyIndicatorValue.query(on: request.db).filter(\.$indicator.$id == record.requireID())
                .sort(\.$periodEnd, .descending).sort(\.$version, .descending).all()
            : []
        let done = request.query[String.self, at: "done"].flatMap(StrategyPages.Done.init(rawValue:))
        return StrategyPages.indicator(
            .init(group: try header(group), indicator: StrategyStore.indicator(record, readings: readings), history: history,
                  canManage: canManage, period: period, value: value, errors: errors, done: done,
                  councilTableLacksBorough: try await store.councilReferralsLackBorough()),
            csrf: request.csrfToken, l: StrategyPages.localiser(request))
    }

    // MARK: priorities and objectives

    @Sendable func priorityForm(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        return request.render(StrategyPages.textForm(.init(group: try header(group), kind: .priority, action: Href.newPriority(try header(group).id),
                                                           title: "", description: "", errors: FormErrors()),
                                                     csrf: request.csrfToken, l: StrategyPages.localiser(request)))
    }

    private func checkText(_ form: TextForm, l: Localiser) -> (title: String, description: String, errors: FormErrors) {
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        switch StrategyInput.textProblem(title, limit: StrategyInput.titleLimit, required: true) {
        case .missing: errors.add("title", l("strategy.title-missing"))
        case .tooLong: errors.add("title", l("strategy.title-too-long", ["limit": l.number(StrategyInput.titleLimit)]))
        case .control: errors.add("title", l("strategy.text-control"))
        case nil: break
        }
        switch StrategyInput.textProblem(description, limit: StrategyInput.descriptionLimit, required: false, multiline: true) {
        case .tooLong: errors.add("description", l("strategy.description-too-long", ["limit": l.number(StrategyInput.descriptionLimit)]))
        case .control: errors.add("description", l("strategy.text-control"))
        case .missing, nil: break
        }
        return (title, description, errors)
    }

    @Sendable func addPriority(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let l = StrategyPages.localiser(request)
        let checked = checkText(try request.content.decode(TextForm.self), l: l)
        guard checked.errors.isEmpty else {
            return request.render(StrategyPages.textForm(.init(group: try header(group), kind: .priority, action: Href.newPriority(groupID.uuidString),
                                                               title: checked.title, description: checked.description, errors: checked.errors),
                                                         csrf: request.csrfToken, l: l))
        }
        let position = try await StrategyPriority.query(on: request.db).filter(\.$groupID == groupID).count() + 1
        let priority = StrategyPriority(groupID: groupID, position: position, title: checked.title, details: checked.description,
                                        createdAt: request.application.lantern.now, createdBy: group.context.userID)
        try await request.db.transaction { tx in
            try await priority.create(on: tx)
            try await request.audit(AuditEvent(action: "strategy.priority_added", recordType: "strategy", recordID: priority.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.strategy(groupID.uuidString).query("done", StrategyPages.Done.priority.rawValue))
    }

    @Sendable func objectiveForm(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let priority = try await priority(request, of: groupID)
        return request.render(StrategyPages.textForm(
            .init(group: try header(group), kind: .objective(priority.title),
                  action: Href.newObjective(groupID.uuidString, try priority.requireID().uuidString), title: "", description: "", errors: FormErrors()),
            csrf: request.csrfToken, l: StrategyPages.localiser(request)))
    }

    @Sendable func addObjective(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let priority = try await priority(request, of: groupID)
        let priorityID = try priority.requireID()
        let l = StrategyPages.localiser(request)
        let checked = checkText(try request.content.decode(TextForm.self), l: l)
        guard checked.errors.isEmpty else {
            return request.render(StrategyPages.textForm(
                .init(group: try header(group), kind: .objective(priority.title), action: Href.newObjective(groupID.uuidString, priorityID.uuidString),
                      title: checked.title, description: checked.description, errors: checked.errors),
                csrf: request.csrfToken, l: l))
        }
        let position = try await StrategyObjective.query(on: request.db).filter(\.$priority.$id == priorityID).count() + 1
        let objective = StrategyObjective(priorityID: priorityID, position: position, title: checked.title, details: checked.description,
                                          createdAt: request.application.lantern.now, createdBy: group.context.userID)
        try await request.db.transaction { tx in
            try await objective.create(on: tx)
            try await request.audit(AuditEvent(action: "strategy.objective_added", recordType: "strategy", recordID: objective.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.strategy(groupID.uuidString).query("done", StrategyPages.Done.objective.rawValue))
    }

    // MARK: indicators

    @Sendable func indicatorForm(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let objective = try await objective(request, of: groupID)
        return request.render(StrategyPages.indicatorForm(
            .init(group: try header(group), objectiveID: try objective.requireID().uuidString, objectiveTitle: objective.title,
                  form: IndicatorForm(), errors: FormErrors()),
            csrf: request.csrfToken, l: StrategyPages.localiser(request)))
    }

    @Sendable func addIndicator(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let objective = try await objective(request, of: groupID)
        let objectiveID = try objective.requireID()
        let l = StrategyPages.localiser(request)
        var form = try request.content.decode(IndicatorForm.self)
        form.name = form.name?.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        let name = form.name ?? ""
        switch StrategyInput.textProblem(name, limit: StrategyInput.titleLimit, required: true) {
        case .missing: errors.add("name", l("strategy.indicator-name-missing"))
        case .tooLong: errors.add("name", l("strategy.title-too-long", ["limit": l.number(StrategyInput.titleLimit)]))
        case .control: errors.add("name", l("strategy.text-control"))
        case nil: break
        }
        // "entered", or a binding's key.
        let source = form.source ?? ""
        let binding = IndicatorBinding(rawValue: source)
        if source != StrategyPages.enteredSource && binding == nil { errors.add("source", l("strategy.source-missing")) }
        let periodKind = IndicatorPeriodKind(rawValue: form.periodKind ?? "")
        let unit = IndicatorUnit(rawValue: form.unit ?? "")
        if binding == nil {
            if periodKind == nil { errors.add("periodKind", l("strategy.period-kind-missing")) }
            if unit == nil { errors.add("unit", l("strategy.unit-missing")) }
        }
        let direction = IndicatorDirection(rawValue: form.direction ?? "")
        if direction == nil { errors.add("direction", l("strategy.direction-missing")) }
        let targetText = (form.target ?? "").trimmingCharacters(in: .whitespaces)
        let target = StrategyInput.number(targetText)
        if targetText.isEmpty {
            errors.add("target", l("strategy.target-missing"))
        } else if target == nil {
            errors.add("target", l("strategy.target-not-number"))
        } else if let target, let effectiveUnit = binding?.unit ?? unit, !StrategyInput.fits(target, unit: effectiveUnit) {
            errors.add("target", Self.rangeMessage(effectiveUnit, l: l))
        }
        guard errors.isEmpty, let direction, let target else {
            return request.render(StrategyPages.indicatorForm(
                .init(group: try header(group), objectiveID: objectiveID.uuidString, objectiveTitle: objective.title, form: form, errors: errors),
                csrf: request.csrfToken, l: l))
        }
        let indicator = StrategyIndicator(objectiveID: objectiveID, name: name, binding: binding, periodKind: periodKind ?? .quarter,
                                          unit: unit ?? .number, direction: direction, target: target,
                                          createdAt: request.application.lantern.now, createdBy: group.context.userID)
        try await request.db.transaction { tx in
            try await indicator.create(on: tx)
            try await request.audit(AuditEvent(action: "strategy.indicator_added", recordType: "strategy", recordID: indicator.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.indicator(groupID.uuidString, try indicator.requireID().uuidString)
            .query("done", StrategyPages.Done.indicator.rawValue))
    }

    @Sendable func addValue(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let record = try await indicatorRecord(request, of: groupID)
        let indicatorID = try record.requireID()
        // A bound indicator's figures come from the records: nothing is entered for it.
        guard record.indicatorBinding == nil else { throw LanternError.notFound }
        let l = StrategyPages.localiser(request)
        let form = try request.content.decode(ValueForm.self)
        let periodText = (form.period ?? "").trimmingCharacters(in: .whitespaces)
        let valueText = (form.value ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        var period: IndicatorPeriod?
        switch StrategyInput.period(periodText, kind: record.indicatorPeriodKind, today: request.today) {
        case .success(let p): period = p
        case .failure(.missing): errors.add("period", l("strategy.period-missing"))
        case .failure(.format):
            errors.add("period", record.indicatorPeriodKind == .quarter ? l("strategy.period-quarter-format") : l("strategy.period-year-format"))
        case .failure(.future): errors.add("period", l("strategy.period-future"))
        }
        let value = StrategyInput.number(valueText)
        if valueText.isEmpty {
            errors.add("value", l("strategy.value-missing"))
        } else if value == nil {
            errors.add("value", l("strategy.value-not-number"))
        } else if let value, !StrategyInput.fits(value, unit: record.indicatorUnit) {
            errors.add("value", Self.rangeMessage(record.indicatorUnit, l: l))
        }
        guard errors.isEmpty, let period, let value else {
            return request.render(try await indicatorPage(request, group: group, record: record, canManage: true,
                                                          period: periodText, value: valueText, errors: errors))
        }
        try await Self.recordValue(value, period: period, indicatorID: indicatorID, by: group.context.userID,
                                   at: request.application.lantern.now, on: request.db) { tx, id in
            try await request.audit(AuditEvent(action: "strategy.value_recorded", recordType: "strategy", recordID: id.uuidString), on: tx)
        }
        return request.redirect(to: Href.indicator(groupID.uuidString, indicatorID.uuidString).query("done", StrategyPages.Done.value.rawValue))
    }

    /// Records a value for a period as a new row whose version is one more than the period's
    /// latest, worked out in the INSERT itself after taking the indicator's lock; should two
    /// entries still meet the unique (indicator, period, version), the later one tries again.
    static func recordValue(_ value: Double, period: IndicatorPeriod, indicatorID: UUID, by userID: UUID, at date: Date, on db: any Database,
                            audit: @escaping @Sendable (any Database, UUID) async throws -> Void) async throws {
        for attempt in 1...5 {
            do {
                try await db.transaction { tx in
                    guard let sql = tx as? any SQLDatabase else { throw LanternError.conflict("this database cannot hold indicator values") }
                    let id = UUID()
                    // Touching the indicator first takes its row lock (PostgreSQL) or the write
                    // lock (SQLite): entries for one indicator queue here and each reads the
                    // latest version already committed.
                    try await sql.raw("UPDATE strategy_indicators SET target = target WHERE id = \(bind: indicatorID)").run()
                    try await sql.raw("""
                        INSERT INTO strategy_indicator_values (id, indicator_id, period, period_end, version, value, recorded_at, recorded_by) \
                        SELECT \(bind: id), \(bind: indicatorID), \(bind: period.text), \(bind: period.lastDay.daysSinceEpoch), \
                        COALESCE(MAX(version), 0) + 1, \(bind: value), \(bind: date), \(bind: userID) \
                        FROM strategy_indicator_values WHERE indicator_id = \(bind: indicatorID) AND period = \(bind: period.text)
                        """).run()
                    try await audit(tx, id)
                }
                return
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 5 {
                continue
            }
        }
    }

    static func rangeMessage(_ unit: IndicatorUnit, l: Localiser) -> String {
        unit == .percent ? l("strategy.percent-range") : l("strategy.days-range")
    }

    // MARK: actions

    @Sendable func linkForm(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        return request.render(try await linkPage(request, group: group, selected: nil, errors: FormErrors()))
    }

    private func linkPage(_ request: Request, group: Authorised<PartnershipGroup>, selected: String?, errors: FormErrors) async throws -> Page {
        let groupID = try group.record.requireID()
        let objective = try await objective(request, of: groupID)
        let linked = Set(try await StrategyObjectiveAction.query(on: request.db).filter(\.$objective.$id == objective.requireID()).all().map(\.actionID))
        let actions = try await StrategyStore.actions(ids: nil, groupID: groupID, on: request.db).filter { !linked.contains($0.id) }
        return StrategyPages.linkForm(.init(group: try header(group), objectiveID: try objective.requireID().uuidString,
                                            objectiveTitle: objective.title, actions: actions, selected: selected, errors: errors),
                                      csrf: request.csrfToken, l: StrategyPages.localiser(request))
    }

    @Sendable func linkAction(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let objective = try await objective(request, of: groupID)
        let objectiveID = try objective.requireID()
        let typed = try request.content.decode(LinkForm.self).actionID ?? ""
        // Only an action of this same group can be linked.
        guard let actionID = UUID(exactly: typed),
              !(try await StrategyStore.actions(ids: [actionID], groupID: groupID, on: request.db)).isEmpty else {
            var errors = FormErrors()
            errors.add("actionID", StrategyPages.localiser(request)("strategy.action-missing"))
            return request.render(try await linkPage(request, group: group, selected: typed, errors: errors))
        }
        let link = StrategyObjectiveAction()
        link.id = UUID()
        link.$objective.id = objectiveID
        link.actionID = actionID
        link.createdAt = request.application.lantern.now
        link.createdBy = group.context.userID
        do {
            try await request.db.transaction { tx in
                try await link.create(on: tx)
                try await request.audit(AuditEvent(action: "strategy.action_linked", recordType: "strategy", recordID: objectiveID.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Linked by someone else at the same moment: linked, as asked.
        }
        return request.redirect(to: Href.strategy(groupID.uuidString).query("done", StrategyPages.Done.linked.rawValue))
    }

    @Sendable func unlinkAction(_ request: Request) async throws -> Response {
        let group = try await managed(request)
        let groupID = try group.record.requireID()
        let objective = try await objective(request, of: groupID)
        // An action of this group; one that is not linked (any more) is left as asked.
        guard let actionID = request.parameters.get("actionID", as: UUID.self),
              !(try await StrategyStore.actions(ids: [actionID], groupID: groupID, on: request.db)).isEmpty else { throw LanternError.notFound }
        if let link = try await StrategyObjectiveAction.query(on: request.db).filter(\.$objective.$id == objective.requireID())
            .filter(\.$actionID == actionID).first() {
            try await request.db.transaction { tx in
                try await link.delete(on: tx)
                try await request.audit(AuditEvent(action: "strategy.action_unlinked", recordType: "strategy", recordID: objective.id?.uuidString), on: tx)
            }
        }
        return request.redirect(to: Href.strategy(groupID.uuidString).query("done", StrategyPages.Done.unlinked.rawValue))
    }
}
