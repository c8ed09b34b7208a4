import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Recording data-sharing agreements (the board secretariat, or a platform administrator),
/// reading one with the exact views made under it, and ending one early. The list shows
/// those who record agreements every agreement, and everyone else the agreements that name
/// them. Pages: `DataSharingAgreementPages`.
struct DataSharingAgreementController {
    static let titleLimit = 200
    static let textLimit = 4_000
    /// The roles whose holders an agreement can name: those who may see exact figures.
    static let nameableRoles: Set<Role> = [.analyst, .modernSlaveryLead]

    func register(_ routes: LanternRoutes) {
        routes.get(DataSharingPaths.agreements, access: .anyAction([.recordDataSharingAgreements, .viewExactFigures]), use: list)
        routes.get(DataSharingPaths.newAgreement, access: .action(.recordDataSharingAgreements), use: form)
        routes.post(DataSharingPaths.newAgreement, access: .action(.recordDataSharingAgreements), use: record)
        routes.get(DataSharingPaths.agreement, access: .action(.recordDataSharingAgreements), use: show)
        routes.post(DataSharingPaths.endAgreement, access: .action(.recordDataSharingAgreements), use: end)
    }

    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "agreements", "components") }

    // MARK: The list

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(anyOf: [.recordDataSharingAgreements, .viewExactFigures])
        let records = request.accessPolicy.allowsSome(context.roles, .recordDataSharingAgreements)
        var query = DataSharingAgreement.query(on: request.db)
        if !records {
            let mine = try await DataSharingAgreementEntry.query(on: request.db)
                .filter(\.$kind == DataSharingAgreementEntry.Kind.person.rawValue).filter(\.$value == context.userID.uuidString).all()
            query = query.filter(\.$id ~~ mine.map(\.agreementID))
        }
        let agreements = try await query.sort(\.$untilDay, .descending).sort(\.$title).all()
        let canView = request.accessPolicy.allowsSome(context.roles, .viewExactFigures)
        let rows = try await Self.records(agreements, on: request.db)
        return request.render(DataSharingAgreementPages.list(.init(agreements: rows, today: request.today, canRecord: records,
                                                                   viewer: canView ? context.userID : nil,
                                                                   names: try await Self.organisationNames(on: request.db)),
                                                             l: Self.localiser(request)))
    }

    static func records(_ agreements: [DataSharingAgreement], on db: any Database) async throws -> [DataSharingAgreementRecord] {
        let ids = agreements.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let entries = Dictionary(grouping: try await DataSharingAgreementEntry.query(on: db).filter(\.$agreementID ~~ ids).all(),
                                 by: \.agreementID)
        return agreements.map { DataSharingAgreementRecord(agreement: $0, entries: $0.id.flatMap { entries[$0] } ?? []) }
    }

    static func organisationNames(on db: any Database) async throws -> [String: String] {
        Dictionary(try await Organisation.query(on: db).all().compactMap { o in o.id.map { ($0.uuidString, o.name) } },
                   uniquingKeysWith: { a, _ in a })
    }

    // MARK: Recording one

    struct Input: Content {
        var title: String?
        var purpose: String?
        var parties: [String]?
        var lawfulBasis: String?
        var condition: String?
        var from: String?
        var until: String?
        var people: [String]?
        var boroughs: [String]?
        var organisations: [String]?
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        try request.authorise(.recordDataSharingAgreements)
        return request.render(try await formPage(request, input: Input(), errors: FormErrors()))
    }

    private func formPage(_ request: Request, input: Input, errors: FormErrors) async throws -> Page {
        let people = try await Self.nameablePeople(on: request.db).map { (value: $0.value, label: $0.label) }
        var page = DataSharingAgreementPages.form(.init(input: input, errors: errors, organisations: try await Self.organisationChoices(on: request.db),
                                                        people: people, boroughs: request.application.lantern.boroughs,
                                                        csrf: request.csrfToken),
                                                  l: Self.localiser(request))
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    static func organisationChoices(on db: any Database) async throws -> [(value: String, label: String)] {
        try await Organisation.query(on: db).sort(\.$name).all().compactMap { o in o.id.map { ($0.uuidString, o.name) } }
    }

    /// The people an agreement can name: enabled accounts holding a role that sees exact
    /// figures, as "Name, Organisation" by id, with their organisation's id.
    static func nameablePeople(on db: any Database) async throws -> [(value: String, label: String, organisation: String)] {
        let names = try await organisationNames(on: db)
        let users = try await User.query(on: db).filter(\.$disabledAt == nil).sort(\.$displayName).all()
        return users.filter { !$0.roleSet.isDisjoint(with: nameableRoles) }.compactMap { user in
            let organisation = user.$organisation.id.uuidString
            return user.id.map { ($0.uuidString, "\(user.displayName), \(names[organisation] ?? "")", organisation) }
        }
    }

    @Sendable func record(_ request: Request) async throws -> Response {
        let context = try request.authorise(.recordDataSharingAgreements)
        let l = Self.localiser(request)
        let input = (try? request.content.decode(Input.self)) ?? Input()
        var errors = FormErrors()
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let purpose = (input.purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", l("agreements.error-title")) }
        else if title.count > Self.titleLimit || title.contains(where: \.isNewline) {
            errors.add("title", l("agreements.error-title-long", ["limit": l.number(Self.titleLimit)]))
        } else if ControlCharacters.present(in: title, allowingLineBreaks: false) { errors.add("title", l("agreements.error-characters")) }
        if purpose.isEmpty { errors.add("purpose", l("agreements.error-purpose")) }
        else if purpose.count > Self.textLimit { errors.add("purpose", l("agreements.error-purpose-long", ["limit": l.number(Self.textLimit)])) }
        else if ControlCharacters.present(in: purpose, allowingLineBreaks: true) { errors.add("purpose", l("agreements.error-characters")) }
        let organisations = Set(try await Self.organisationChoices(on: request.db).map(\.value))
        let parties = Set(input.parties ?? [])
        if parties.count < 2 || !parties.isSubset(of: organisations) { errors.add("parties", l("agreements.error-parties")) }
        let basis = input.lawfulBasis.flatMap(LawfulBasis.init(rawValue:))
        if basis == nil { errors.add("lawfulBasis", l("agreements.error-basis")) }
        let condition = input.condition.flatMap(SpecialCategoryCondition.init(rawValue:))
        if condition == nil { errors.add("condition", l("agreements.error-condition")) }
        let from = Day(iso: (input.from ?? "").trimmingCharacters(in: .whitespaces))
        let until = Day(iso: (input.until ?? "").trimmingCharacters(in: .whitespaces))
        for problem in AgreementTerm.problems(from: from, until: until) {
            let message = switch problem {
            case .missingFrom: l("agreements.error-from")
            case .missingUntil: l("agreements.error-until")
            case .untilBeforeFrom: l("agreements.error-until-before")
            case .tooLong: l("agreements.error-until-long", ["years": l.number(AgreementTerm.longestYears)])
            }
            errors.add(problem.field, message)
        }
        // Who may be named: someone who sees exact figures, works for a party, and is not the
        // person recording it (an agreement always takes two people: one records, others look).
        let nameable = Dictionary(try await Self.nameablePeople(on: request.db).map { ($0.value, $0.organisation) }, uniquingKeysWith: { a, _ in a })
        let people = Set(input.people ?? [])
        if people.isEmpty || !people.allSatisfy({ nameable[$0] != nil }) {
            errors.add("people", l("agreements.error-people"))
        } else if people.contains(context.userID.uuidString) {
            errors.add("people", l("agreements.error-people-self"))
        } else if !people.allSatisfy({ parties.contains(nameable[$0] ?? "") }) {
            errors.add("people", l("agreements.error-people-party"))
        }
        // What it covers: boroughs, and cases the parties themselves referred (never another's).
        let boroughs = Set(input.boroughs ?? []), covered = Set(input.organisations ?? [])
        let catalogue = request.application.lantern.boroughs
        if !boroughs.allSatisfy({ catalogue.borough(code: $0) != nil }) || !covered.isSubset(of: organisations) {
            errors.add("boroughs", l("agreements.error-coverage-unknown"))
        } else if boroughs.isEmpty && covered.isEmpty {
            errors.add("boroughs", l("agreements.error-coverage"))
        } else if !covered.isSubset(of: parties) {
            errors.add("organisations", l("agreements.error-coverage-party"))
        }
        guard errors.isEmpty, let basis, let condition, let from, let until else {
            return request.render(try await formPage(request, input: input, errors: errors))
        }
        let agreement = DataSharingAgreement()
        let id = UUID()
        agreement.id = id
        agreement.title = title
        agreement.purpose = purpose
        agreement.lawfulBasis = basis.rawValue
        agreement.condition = condition.rawValue
        agreement.fromDay = from.iso
        agreement.untilDay = until.iso
        agreement.recordedBy = context.userID
        agreement.recordedAt = request.application.lantern.now
        // Ids as the lists give them (upper-case UUID text, as cases and accounts store them):
        // anything else was refused above.
        let entries = parties.map { DataSharingAgreementEntry(agreementID: id, kind: .party, value: $0) }
            + people.map { DataSharingAgreementEntry(agreementID: id, kind: .person, value: $0) }
            + boroughs.map { DataSharingAgreementEntry(agreementID: id, kind: .borough, value: $0) }
            + covered.map { DataSharingAgreementEntry(agreementID: id, kind: .organisation, value: $0) }
        try await request.db.transaction { tx in
            try await agreement.create(on: tx)
            for entry in entries { try await entry.create(on: tx) }
            try await request.audit(AuditEvent(action: "data_sharing_agreement.recorded", recordType: "data_sharing_agreement",
                                               recordID: id.uuidString), on: tx)
        }
        return request.redirect(to: Href.dataSharingAgreement(id.uuidString))
    }

    // MARK: Reading and ending one

    private func load(_ request: Request) async throws -> DataSharingAgreementRecord {
        try request.authorise(.recordDataSharingAgreements)
        guard let id = request.parameters.get("agreementID").flatMap(UUID.init(exactly:)),
              let record = try await DataSharingAgreementRecord.load(id, on: request.db) else { throw LanternError.notFound }
        return record
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        request.render(try await showPage(request, try await load(request), endErrors: FormErrors(), reason: ""))
    }

    private func showPage(_ request: Request, _ record: DataSharingAgreementRecord, endErrors: FormErrors, reason: String) async throws -> Page {
        let id = record.agreement.id?.uuidString ?? ""
        let views = try await AuditEntry.query(on: request.db).filter(\.$action == ExactFiguresController.viewed)
            .filter(\.$recordID == id).sort(\.$id, .descending).limit(50).all()
        var people: [String: String] = [:]
        for (value, label) in try await Self.peopleNamed(record.values(.person) + views.compactMap(\.actorUserID)
                                                          + [record.agreement.recordedBy.uuidString] + [record.agreement.endedBy?.uuidString].compactMap { $0 },
                                                         on: request.db) {
            people[value] = label
        }
        var page = DataSharingAgreementPages.show(.init(record: record, today: request.today, organisations: try await Self.organisationNames(on: request.db),
                                                        people: people, boroughs: request.application.lantern.boroughs, views: views,
                                                        endErrors: endErrors, reason: reason, csrf: request.csrfToken),
                                                  l: Self.localiser(request))
        if !endErrors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    /// "Name, Organisation" for each id (upper-case UUID text) that is an account.
    static func peopleNamed(_ ids: [String], on db: any Database) async throws -> [(String, String)] {
        let uuids = Array(Set(ids.compactMap(UUID.init(exactly:))))
        guard !uuids.isEmpty else { return [] }
        let names = try await organisationNames(on: db)
        return try await User.query(on: db).filter(\.$id ~~ uuids).all().compactMap { user in
            user.id.map { ($0.uuidString, "\(user.displayName), \(names[user.$organisation.id.uuidString] ?? "")") }
        }
    }

    struct EndInput: Content { var reason: String? }

    @Sendable func end(_ request: Request) async throws -> Response {
        let context = try request.authorise(.recordDataSharingAgreements)
        let record = try await load(request)
        let l = Self.localiser(request)
        let reason = ((try? request.content.decode(EndInput.self))?.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if reason.isEmpty { errors.add("reason", l("agreements.error-reason")) }
        else if reason.count > Self.textLimit { errors.add("reason", l("agreements.error-reason-long", ["limit": l.number(Self.textLimit)])) }
        else if ControlCharacters.present(in: reason, allowingLineBreaks: true) { errors.add("reason", l("agreements.error-characters")) }
        guard errors.isEmpty, let id = record.agreement.id else {
            return request.render(try await showPage(request, record, endErrors: errors, reason: reason))
        }
        let today = request.today.iso
        let ended = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // One guarded statement: of two people ending it at once, one ends it.
            guard try await sql.update(DataSharingAgreement.schema)
                .set("ended_on", to: today).set("ended_by", to: context.userID).set("end_reason", to: reason)
                .where("id", .equal, id).where("ended_on", .is, SQLLiteral.null)
                .returning("id").first() != nil else { return false }
            try await request.audit(AuditEvent(action: "data_sharing_agreement.ended", recordType: "data_sharing_agreement",
                                               recordID: id.uuidString), on: tx)
            return true
        }
        guard ended else {
            errors.add("reason", l("agreements.error-already-ended"))
            var page = try await showPage(request, try await load(request), endErrors: errors, reason: reason)
            page.status = .conflict
            return request.render(page)
        }
        return request.redirect(to: Href.dataSharingAgreement(id.uuidString))
    }
}
