import Vapor
import LanternCore

/// The API's side: `POST /api/v1/cases` answers 409 with the earlier cases unless the body
/// says `"confirmedNew": true`.
enum ReReferralAPI {
    struct Confirmation: Decodable { var confirmedNew: Bool? }

    static func confirmed(_ request: Request) throws -> Bool {
        do {
            return try request.content.decode(Confirmation.self).confirmedNew == true
        } catch {
            throw LanternError.invalid([("confirmedNew", "confirmedNew must be true or false")])
        }
    }

    struct Problem: Content {
        var type = "about:blank"
        var title = "This person may have been referred before"
        var status = 409
        var detail: String
        var instance: String?
        /// The earlier cases of the caller's own organisation, newest first.
        var earlierCases: [String]
        /// Other organisations holding an earlier case (named only).
        var heldElsewhere: [String]
    }

    /// The 409 when the caller's own organisation already holds a case for this person (another
    /// organisation's case alone does not stop the API: the new case then says previousCaseExists).
    static func conflict(_ earlier: [CaseRecord], request: Request) async throws -> Response? {
        let mine = try request.requireSignedIn().organisationID
        guard earlier.contains(where: { $0.$organisation.id == mine }) else { return nil }
        try await ReReferral.recordShown(earlier, request: request)
        let own = earlier.filter { $0.$organisation.id == mine }.map(\.reference)
        let elsewhere = Array(Set(earlier.filter { $0.$organisation.id != mine }.map { $0.organisation.name })).sorted()
        let problem = Problem(detail: "The name and date of birth match an earlier case. Nothing was saved: open the earlier case, "
                              + "or send the case again with \"confirmedNew\": true to record it as a new case.",
                              instance: request.traceID, earlierCases: own, heldElsewhere: elsewhere)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        return Response(status: .conflict, headers: headers, body: .init(data: try JSONEncoder.lantern.encode(problem)))
    }
}
