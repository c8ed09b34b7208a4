import Fluent
import Foundation
import Vapor
import LanternCore

/// The children's pathway's page and forms. A case is loaded with `CaseAccess` (404 for anyone
/// who may not see it); reading needs `viewCase` (the owner, or a partner with a full-case
/// share), writing needs `editCase` and the owning organisation. An adult's case is refused in
/// words and nothing is written. Every read and write is audited; a form with a problem
/// re-renders this page with the problem at its field and what was typed kept.
struct ChildrenController {
    func register(_ routes: LanternRoutes) {
        routes.get(ChildrenPaths.page, access: .action(.viewCase), use: show)
        routes.post(ChildrenPaths.contact, access: .action(.editCase), use: recordContact)
        routes.post(ChildrenPaths.checklistItem, access: .action(.editCase), use: recordChecklistItem)
        routes.post(ChildrenPaths.missing, access: .action(.editCase), use: addEpisode)
        routes.post(ChildrenPaths.missingEpisode, access: .action(.editCase), use: updateEpisode)
        routes.post(ChildrenPaths.markers, access: .action(.editCase), use: recordMarkers)
        routes.post(ChildrenPaths.turns18, access: .action(.editCase), use: recordTurns18)
    }

    struct ContactForm: Content { var date: String?; var time: String? }
    struct ChecklistForm: Content { var status: String?; var date: String?; var time: String?; var reason: String? }
    struct MissingForm: Content { var fromDate: String?; var fromTime: String?; var untilDate: String?; var untilTime: String? }
    struct EpisodeForm: Content {
        var untilDate: String?; var untilTime: String?
        var offeredDate: String?; var offeredTime: String?
        var heldDate: String?; var heldTime: String?
    }
    struct MarkersForm: Content { var countyLines: [String]?; var criminalExploitation: [String]?; var section45: String? }
    struct Turns18Form: Content { var month: String?; var year: String? }

    /// A problem found inside a write's transaction (after the row lock): rolls it back.
    struct Refused: Error { let errors: FormErrors; let values: [String: String] }

    // MARK: Reading

    @Sendable func show(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .viewCase)
        if let refusal = try await refuseAdult(access, request: request, writing: false) { return refusal }
        return request.render(try await page(access, request: request))
    }

    // MARK: Writing

    @Sendable func recordContact(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let form = try request.content.decode(ContactForm.self)
        let l = ChildrenPages.localiser(request), now = request.application.lantern.now
        var errors = FormErrors()
        let values = ["contact-date": form.date ?? "", "contact-time": form.time ?? ""]
        let at = Self.moment(form.date, form.time, field: "contact", required: true, now: now, errors: &errors, l: l)
        guard let at, errors.isEmpty else { return try await rerender(access, request, errors, values) }
        return try await write(access, request, action: "case.child_contact_recorded", values: values, done: "contact") { _, row in
            row.cameIntoContactAt = at
        }
    }

    @Sendable func recordChecklistItem(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let settings = request.application.lantern.settings
        guard let item = request.parameters.get("item").flatMap(ChildChecklistItem.init(rawValue:)),
              ChildChecklistItem.applicable(ictgAvailable: ChildPathway.ictgAvailable(for: access.record, settings: settings)).contains(item)
        else { throw LanternError.notFound }
        let form = try request.content.decode(ChecklistForm.self)
        let l = ChildrenPages.localiser(request), now = request.application.lantern.now
        let id = item.rawValue
        let values = ["\(id)-status": form.status ?? "", "\(id)-date": form.date ?? "", "\(id)-time": form.time ?? "",
                      "\(id)-reason": form.reason ?? ""]
        var errors = FormErrors()
        var doneMoment: Date?, reasonText: String?
        switch form.status ?? "" {
        case "done":
            doneMoment = Self.moment(form.date, form.time, field: id, required: true, now: now, errors: &errors, l: l)
        case "not_needed":
            let text = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if let problem = ChildText.check(text, limit: ChildText.reasonLimit, required: true) {
                errors.add("\(id)-reason", Self.message(problem, limit: ChildText.reasonLimit, missing: l("children.error.reason-missing"), l: l))
            }
            reasonText = text
        case "": errors.add("\(id)-status", l("children.error.status-missing"))
        default: errors.add("\(id)-status", l("children.error.status-invalid"))
        }
        guard errors.isEmpty else { return try await rerender(access, request, errors, values) }
        let cipher = try access.cipher, userID = try request.requireSignedIn().userID, caseID = try access.record.requireID()
        let doneAt = doneMoment, reason = reasonText
        return try await write(access, request, action: "case.child_checklist_recorded", values: values, done: "checklist") { tx, row in
            guard row.cameIntoContactAt != nil else {
                var errors = FormErrors()
                errors.add("\(id)-status", l("children.error.clock-not-started"))
                throw Refused(errors: errors, values: values)
            }
            let entry = try await ChildChecklistEntry.query(on: tx).filter(\.$caseID == caseID).filter(\.$item == id).first()
                ?? { let e = ChildChecklistEntry(); e.id = UUID(); e.caseID = caseID; e.item = id; return e }()
            entry.doneAt = doneAt
            entry.doneBy = doneAt == nil ? nil : userID
            entry.sealedNotNeededReason = try reason.map { try cipher.seal($0, context: entry.reasonSealContext) }
            entry.recordedBy = userID
            entry.recordedAt = now
            try await entry.save(on: tx)
            if item == .ictgReferral { row.ictgReferredOn = doneAt.map { ChildTime.day(of: $0).daysSinceEpoch } }
        }
    }

    @Sendable func addEpisode(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let form = try request.content.decode(MissingForm.self)
        let l = ChildrenPages.localiser(request), now = request.application.lantern.now
        let values = ["missing-from-date": form.fromDate ?? "", "missing-from-time": form.fromTime ?? "",
                      "missing-until-date": form.untilDate ?? "", "missing-until-time": form.untilTime ?? ""]
        var errors = FormErrors()
        let from = Self.moment(form.fromDate, form.fromTime, field: "missing-from", required: true, now: nil, errors: &errors, l: l)
        let until = Self.moment(form.untilDate, form.untilTime, field: "missing-until", required: false, now: nil, errors: &errors, l: l)
        guard let from, errors.isEmpty else { return try await rerender(access, request, errors, values) }
        let userID = try request.requireSignedIn().userID, caseID = try access.record.requireID()
        return try await write(access, request, action: "case.child_missing_recorded", values: values, done: "missing") { tx, _ in
            let others = try await ChildMissingEpisode.query(on: tx).filter(\.$caseID == caseID).all().map(\.times)
            let episode = MissingEpisodeTimes(id: "", from: from, until: until)
            let problems = MissingEpisodeRules.problems(episode, others: others, now: now)
            guard problems.isEmpty else {
                throw Refused(errors: Self.errors(problems, prefix: "missing", l: l), values: values)
            }
            let row = ChildMissingEpisode()
            row.id = UUID()
            row.caseID = caseID
            row.fromAt = from
            row.untilAt = until
            row.recordedBy = userID
            row.recordedAt = now
            row.updatedBy = userID
            row.updatedAt = now
            try await row.create(on: tx)
        }
    }

    @Sendable func updateEpisode(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let caseID = try access.record.requireID()
        guard let episodeID = request.parameters.get("episodeID", as: UUID.self),
              try await ChildMissingEpisode.query(on: request.db).filter(\.$id == episodeID).filter(\.$caseID == caseID).first() != nil
        else { throw LanternError.notFound }
        let form = try request.content.decode(EpisodeForm.self)
        let l = ChildrenPages.localiser(request), now = request.application.lantern.now
        let prefix = "episode-\(episodeID.uuidString.lowercased())"
        let values = ["\(prefix)-until-date": form.untilDate ?? "", "\(prefix)-until-time": form.untilTime ?? "",
                      "\(prefix)-offered-date": form.offeredDate ?? "", "\(prefix)-offered-time": form.offeredTime ?? "",
                      "\(prefix)-held-date": form.heldDate ?? "", "\(prefix)-held-time": form.heldTime ?? ""]
        var errors = FormErrors()
        let until = Self.moment(form.untilDate, form.untilTime, field: "\(prefix)-until", required: false, now: nil, errors: &errors, l: l)
        let offered = Self.moment(form.offeredDate, form.offeredTime, field: "\(prefix)-offered", required: false, now: nil, errors: &errors, l: l)
        let held = Self.moment(form.heldDate, form.heldTime, field: "\(prefix)-held", required: false, now: nil, errors: &errors, l: l)
        guard errors.isEmpty else { return try await rerender(access, request, errors, values) }
        let userID = try request.requireSignedIn().userID
        return try await write(access, request, action: "case.child_missing_updated", values: values, done: "episode") { tx, _ in
            let all = try await ChildMissingEpisode.query(on: tx).filter(\.$caseID == caseID).all()
            guard let row = all.first(where: { $0.id == episodeID }) else { throw LanternError.notFound }
            // Blank fields keep what is recorded: a return or an interview is never unrecorded by omission.
            let episode = MissingEpisodeTimes(id: episodeID.uuidString, from: row.fromAt, until: until ?? row.untilAt,
                                              interviewOffered: offered ?? row.interviewOfferedAt, interviewHeld: held ?? row.interviewHeldAt)
            let problems = MissingEpisodeRules.problems(episode, others: all.filter { $0.id != episodeID }.map(\.times), now: now)
            guard problems.isEmpty else { throw Refused(errors: Self.errors(problems, prefix: prefix, l: l), values: values) }
            row.untilAt = episode.until
            row.interviewOfferedAt = episode.interviewOffered
            row.interviewHeldAt = episode.interviewHeld
            row.updatedBy = userID
            row.updatedAt = now
            try await row.save(on: tx)
        }
    }

    @Sendable func recordMarkers(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let form = try request.content.decode(MarkersForm.self)
        let l = ChildrenPages.localiser(request)
        let note = (form.section45 ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let values = ["countyLines": (form.countyLines ?? []).joined(), "criminalExploitation": (form.criminalExploitation ?? []).joined(),
                      "section45": form.section45 ?? ""]
        var errors = FormErrors()
        // A box sends "yes" once or nothing; anything else did not come from the form.
        for (field, boxes) in [("countyLines", form.countyLines), ("criminalExploitation", form.criminalExploitation)] {
            if let boxes, boxes != ["yes"] { errors.add(field, l("children.error.checkbox")) }
        }
        if let problem = ChildText.check(note, limit: ChildText.noteLimit, required: false) {
            errors.add("section45", Self.message(problem, limit: ChildText.noteLimit, missing: "", l: l))
        }
        guard errors.isEmpty else { return try await rerender(access, request, errors, values) }
        let cipher = try access.cipher
        return try await write(access, request, action: "case.child_markers_recorded", values: values, done: "markers") { _, row in
            row.countyLines = form.countyLines != nil
            row.criminalExploitation = form.criminalExploitation != nil
            row.sealedSection45Note = note.isEmpty ? nil : try cipher.seal(note, context: row.section45SealContext)
        }
    }

    @Sendable func recordTurns18(_ request: Request) async throws -> Response {
        let access = try await load(request, for: .editCase)
        if let refusal = try await refuseAdult(access, request: request, writing: true) { return refusal }
        let form = try request.content.decode(Turns18Form.self)
        let l = ChildrenPages.localiser(request)
        let values = ["turns18-month": form.month ?? "", "turns18-year": form.year ?? ""]
        let month: Int
        do {
            month = try TurnsEighteen.month(month: form.month ?? "", year: form.year ?? "", today: request.today)
        } catch {
            var errors = FormErrors()
            switch error {
            case .monthMissing: errors.add("turns18-month", l("children.error.month-missing"))
            case .monthInvalid: errors.add("turns18-month", l("children.error.month-invalid"))
            case .yearMissing: errors.add("turns18-year", l("children.error.year-missing"))
            case .yearInvalid: errors.add("turns18-year", l("children.error.year-invalid"))
            case .outOfRange: errors.add("turns18-year", l("children.error.turns18-range"))
            }
            return try await rerender(access, request, errors, values)
        }
        return try await write(access, request, action: "case.child_turns_18_recorded", values: values, done: "turns18") { _, row in
            row.turns18Month = month
        }
    }

    // MARK: Shared steps

    /// The case, for reading (owner or full-case partner) or writing (the owning organisation only).
    private func load(_ request: Request, for action: Action) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: action, request: request)
        // A decision-status share shows the decision and nothing else; only the owner writes.
        if access.decisionOnly { throw LanternError.notFound }
        if action != .viewCase && access.relation != .sameOrganisation { throw LanternError.notFound }
        return access
    }

    /// An adult's case has no children's pathway: said in words (422), audited, nothing written.
    private func refuseAdult(_ access: AccessibleCase, request: Request, writing: Bool) async throws -> Response? {
        guard !access.record.age.treatedAsChild else { return nil }
        try await request.audit(AuditEvent(action: "case.children_refused", recordType: "case",
                                           recordID: access.record.id?.uuidString, outcome: .failed))
        return request.render(ChildrenPages.adultRefusal(reference: access.record.reference, writing: writing,
                                                         l: ChildrenPages.localiser(request)))
    }

    /// Writes one change in one transaction with its audit entry, under the pathway row's lock;
    /// a `Refused` from inside rolls it back and re-renders the page with the problem.
    private func write(_ access: AccessibleCase, _ request: Request, action: String, values: [String: String], done: String,
                       _ change: @escaping @Sendable (any Database, ChildRecord) async throws -> Void) async throws -> Response {
        let userID = try request.requireSignedIn().userID, now = request.application.lantern.now
        let record = access.record
        do {
            try await request.db.transaction { tx in
                let row = try await ChildPathway.lockedRow(for: record, by: userID, at: now, on: tx)
                try await change(tx, row)
                row.updatedBy = userID
                row.updatedAt = now
                try await row.save(on: tx)
                try await request.audit(AuditEvent(action: action, recordType: "case", recordID: record.id?.uuidString), on: tx)
            }
        } catch let refused as Refused {
            return try await rerender(access, request, refused.errors, refused.values)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two people recorded an open episode at the same moment: the unique index kept one.
            var errors = FormErrors()
            errors.add("missing-from-date", ChildrenPages.localiser(request)("children.error.open-episode-race"))
            return try await rerender(access, request, errors, values)
        }
        return request.redirect(to: Href.children(record.reference).query("done", done))
    }

    private func rerender(_ access: AccessibleCase, _ request: Request, _ errors: FormErrors, _ values: [String: String]) async throws -> Response {
        request.render(try await page(access, request: request, errors: errors, values: values))
    }

    private func page(_ access: AccessibleCase, request: Request, errors: FormErrors = FormErrors(), values: [String: String] = [:]) async throws -> Page {
        let context = try request.requireSignedIn()
        let services = request.application.lantern
        let pathway = try await ChildPathway.load(access.record, settings: services.settings, on: request.db)
        let cipher = access.caseCipher
        var reasons: [ChildChecklistItem: String] = [:]
        for (item, entry) in pathway.checklist {
            if let sealed = entry.sealedNotNeededReason, let cipher { reasons[item] = try cipher.open(sealed, context: entry.reasonSealContext) }
        }
        let note = try cipher.flatMap { try pathway.record?.section45Note(using: $0) }
        let people = Set(pathway.checklist.values.compactMap(\.doneBy) + pathway.checklist.values.map(\.recordedBy))
        let names = people.isEmpty ? [] : try await User.query(on: request.db).filter(\.$id ~~ people).all()
        try await request.audit(AuditEvent(action: "case.children_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        let canEdit = access.relation == .sameOrganisation && !access.erased
            && request.accessPolicy.permits(context.roles, .editCase, on: .sameOrganisation)
        let model = ChildrenPages.Model(
            reference: access.record.reference, pathway: pathway, reasons: reasons, section45Note: note,
            people: Dictionary(uniqueKeysWithValues: names.compactMap { u in u.id.map { ($0, u.displayName) } }),
            boroughName: access.record.boroughIdentified.flatMap { services.boroughs.borough(code: $0)?.name },
            canEdit: canEdit, now: services.now, today: request.today, errors: errors, values: values,
            done: errors.isEmpty ? request.query[String.self, at: "done"] : nil)
        return ChildrenPages.page(model, csrf: request.csrfToken, l: ChildrenPages.localiser(request))
    }

    // MARK: Reading a form's values

    /// The moment a date and time field pair names (London time), or nil with a message at the
    /// field: both blank is nil when not required; a moment after `now` (when given) is refused.
    static func moment(_ date: String?, _ time: String?, field: String, required: Bool, now: Date?,
                       errors: inout FormErrors, l: Localiser) -> Date? {
        let date = (date ?? "").trimmingCharacters(in: .whitespaces), time = (time ?? "").trimmingCharacters(in: .whitespaces)
        if ChildText.hasControl(date) { errors.add("\(field)-date", l("children.error.control")); return nil }
        if ChildText.hasControl(time) { errors.add("\(field)-time", l("children.error.control")); return nil }
        if date.isEmpty && time.isEmpty {
            if required { errors.add("\(field)-date", l("children.error.date-missing")) }
            return nil
        }
        if date.isEmpty { errors.add("\(field)-date", l("children.error.date-missing")); return nil }
        if time.isEmpty { errors.add("\(field)-time", l("children.error.time-missing")); return nil }
        do {
            let at = try ChildTime.instant(date: date, time: time)
            if let now, at > now { errors.add("\(field)-date", l("children.error.future")); return nil }
            return at
        } catch {
            switch error {
            case .badDate: errors.add("\(field)-date", l("children.error.date-invalid"))
            case .badTime: errors.add("\(field)-time", l("children.error.time-invalid"))
            case .skippedByClockChange: errors.add("\(field)-time", l("children.error.time-skipped"))
            }
            return nil
        }
    }

    static func message(_ problem: ChildText.Problem, limit: Int, missing: String, l: Localiser) -> String {
        switch problem {
        case .missing: missing
        case .tooLong: l("children.error.too-long", ["limit": l.number(limit)])
        case .control: l("children.error.control")
        }
    }

    /// The episode rules' problems at the form's fields (`<prefix>-from-date`, ...).
    static func errors(_ problems: [MissingEpisodeRules.Problem], prefix: String, l: Localiser) -> FormErrors {
        var errors = FormErrors()
        for problem in problems {
            let field = "\(prefix)-\(problem.field)-date"
            switch problem {
            case .fromInFuture, .untilInFuture, .offeredInFuture, .heldInFuture: errors.add(field, l("children.error.future"))
            case .untilBeforeFrom: errors.add(field, l("children.error.until-before-from"))
            case .overlaps(let other): errors.add(field, l("children.error.overlaps", ["from": l.dateTime(other)]))
            case .anotherOpen(let since): errors.add(field, l("children.error.another-open", ["from": l.dateTime(since)]))
            case .offeredWithoutReturn, .heldWithoutReturn: errors.add(field, l("children.error.interview-before-return-recorded"))
            case .offeredBeforeReturn, .heldBeforeReturn: errors.add(field, l("children.error.interview-before-return"))
            }
        }
        return errors
    }
}
