import Fluent
import Vapor
import LanternCore

/// `/cases/search` and `GET /api/v1/cases/search`: the viewer's own organisation's cases whose
/// tokens match every word of the name given (and the date of birth, or year, when given).
/// Each search is audited (`case.searched`) without its terms.
struct CaseSearchController {
    /// The most cases a search shows; more matching says "add more of the name or the date of birth".
    static let shown = 50

    func register(_ routes: LanternRoutes) {
        routes.get(CaseSearchPaths.search, access: .action(.viewCase), use: page)
        routes.api.get(CaseSearchPaths.apiSearch, access: .action(.viewCase), use: api)
    }

    struct Terms: Content {
        var name: String?
        var dob: String?
    }

    /// One case found, with its name opened with its own key (nil when it cannot be read).
    struct Found {
        let record: CaseRecord
        let name: String?
    }

    struct Outcome {
        var found: [Found]
        /// More cases match than are shown.
        var more: Bool
    }

    /// Runs a search of the viewer's organisation. The query has been checked.
    static func search(_ tokens: Set<String>, request: Request) async throws -> Outcome {
        let context = try request.authorise(.viewCase)
        _ = try request.authorise(.viewCase, forOrganisation: context.organisationID)
        let services = request.application.lantern
        let ids = try await CaseSearchIndex.caseIDs(matching: tokens, organisationID: context.organisationID, limit: shown + 1,
                                                    services: services, on: request.db)
        var records: [CaseRecord] = []
        if !ids.isEmpty {
            records = try await request.narrow(CaseRecord.query(on: request.db), to: .viewCase, among: [.sameOrganisation, .sameTeam])
                .filter(\.$organisation.$id == context.organisationID)
                .filter(\.$id ~~ ids)
                .sort(\.$identifiedOn, .descending).sort(\.$reference)
                .all()
        }
        try await request.audit(AuditEvent(action: "case.searched", recordType: "organisation", recordID: context.organisationID.uuidString))
        let more = ids.count > shown
        records = Array(records.prefix(shown))
        let ciphers = try await services.caseKeys.ciphers(for: Set(records.compactMap(\.id)), on: request.db)
        let found = records.map { record -> Found in
            guard let id = record.id, let cipher = ciphers[id],
                  let json = try? cipher.open(record.sealedReferral, context: record.referralSealContext),
                  let details = try? JSONDecoder().decode(ReferralDetails.self, from: Data(json.utf8)) else {
                return Found(record: record, name: nil)
            }
            let name = [details.firstName, details.lastName].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
            return Found(record: record, name: name.isEmpty ? nil : name)
        }
        return Outcome(found: found, more: more)
    }

    static func message(_ problem: CaseSearchTokens.Problem, l: Localiser) -> String {
        switch problem {
        case .nameHasNoLetters: l("case-search.error-name-no-letters")
        case .tooManyWords: l("case-search.error-too-many-words", ["count": l.number(CaseSearchTokens.maximumQueryWords)])
        case .dateOfBirthUnreadable: l("case-search.error-dob")
        case .nameHasControlCharacters: l("case-search.error-name-control")
        }
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewCase)
        _ = try request.authorise(.viewCase, forOrganisation: context.organisationID)
        let l = CaseSearchPages.localiser(request)
        let terms = (try? request.query.decode(Terms.self)) ?? Terms()
        var model = CaseSearchPages.Model(name: terms.name, dob: terms.dob, errors: FormErrors(), outcome: nil,
                                          organisationName: context.organisationName, today: request.today)
        switch CaseSearchTokens.query(name: terms.name, dateOfBirth: terms.dob) {
        case .empty:
            break
        case .invalid(let field, let problem):
            model.errors.add(field, Self.message(problem, l: l))
        case .tokens(let tokens):
            model.outcome = try await Self.search(tokens, request: request)
        }
        return request.render(CaseSearchPages.search(model, l: l))
    }

    @Sendable func api(_ request: Request) async throws -> CaseSearchResultDTO {
        try request.authorise(.viewCase)
        let terms: Terms
        do { terms = try request.query.decode(Terms.self) } catch { throw LanternError.invalid([("name", "name and dob must be text")]) }
        switch CaseSearchTokens.query(name: terms.name, dateOfBirth: terms.dob) {
        case .empty:
            throw LanternError.invalid([("name", "Give a name, a date of birth (yyyy-mm-dd or a year), or both")])
        case .invalid(let field, let problem):
            throw LanternError.invalid([(field, Self.message(problem, l: .englishGB))])
        case .tokens(let tokens):
            let outcome = try await Self.search(tokens, request: request)
            return CaseSearchResultDTO(items: outcome.found.map { found in
                CaseSearchHitDTO(reference: found.record.reference, stage: found.record.stage,
                                 identifiedOn: Day(daysSinceEpoch: found.record.identifiedOn).iso, name: found.name)
            }, more: outcome.more)
        }
    }
}

struct CaseSearchHitDTO: Content {
    var reference: String
    var stage: String
    var identifiedOn: String
    /// First and last name as recorded; null when they cannot be read (erased).
    var name: String?
}

struct CaseSearchResultDTO: Content {
    var items: [CaseSearchHitDTO]
    /// More cases match than are listed: add more of the name or the date of birth.
    var more: Bool
}
