import Fluent
import Vapor
import LanternCore

/// A possible re-referral, found BEFORE a new case is saved: the person's match key (keyed
/// hash of first name, last name and date of birth, as `CaseService` stores it) against every
/// organisation's cases. Telling one organisation that another holds a case about this person
/// is a disclosure, recorded on that case's audit trail (`case.possible_match_shown`).
enum ReReferral {
    /// Earlier cases for the person the new case would record, newest first (own organisation first).
    static func earlierCases(for input: ValidCaseInput, request: Request) async throws -> [CaseRecord] {
        guard let text = PersonMatch.matchText(firstName: input.firstName, lastName: input.lastName, dateOfBirth: input.dateOfBirth?.iso)
        else { return [] }
        let key = request.application.lantern.cipher.blindIndex(text, purpose: "person-match")
        let context = try request.requireSignedIn()
        let matches = try await CaseRecord.query(on: request.db).filter(\.$personMatchKey == key)
            .with(\.$organisation).sort(\.$createdAt, .descending).limit(20).all()
        // Only our own: naming another organisation's case before anything is saved would let anyone
        // who may record a case ask, again and again, who holds a case for a name and birth date.
        // Another organisation's earlier case is still flagged once the new case exists.
        return matches.filter { $0.$organisation.id == context.organisationID }
    }

    /// Records on each other organisation's case that its existence is being shown to the viewer.
    static func recordShown(_ earlier: [CaseRecord], request: Request) async throws {
        let mine = try request.requireSignedIn().organisationID
        for other in earlier where other.$organisation.id != mine {
            try await request.audit(AuditEvent(action: "case.possible_match_shown", recordType: "case", recordID: other.id?.uuidString))
        }
    }

    /// Whether the form says "record as a new case" anyway (`confirmed_new=yes`).
    static func confirmed(_ request: Request) -> Bool {
        (try? request.content.get(String.self, at: "confirmed_new")) == "yes"
    }
}

/// The warning above the new-case form: the earlier cases (own organisation's linked, "open
/// it instead"; another organisation's named only by who holds it) and a button that records
/// the case anyway, carrying every field as sent.
enum ReReferralPages {
    static func warning(_ earlier: [CaseRecord], viewerOrganisationID: UUID, input: NewCaseInput, csrf: String, l: Localiser) -> HTML {
        guard !earlier.isEmpty else { return .empty }
        let items = earlier.map { other -> HTML in
            if other.$organisation.id == viewerOrganisationID {
                let link = HTML("<a href=\"\(Href.case(other.reference))\">\(l("cases.rereferral-open", ["reference": other.reference]))</a>")
                return HTML("<li>\(CasePages.marked(l("cases.previous-own", ["reference": CasePages.slot, "date": l.day(Day(daysSinceEpoch: other.identifiedOn))]), HTML("<code>\(other.reference)</code>"))) — \(link)</li>")
            }
            return HTML("<li>\(l("cases.previous-other", ["organisation": other.organisation.name]))</li>")
        }
        return """
        <div class="inset-text" role="region" aria-labelledby="rereferral-heading" id="rereferral">
        <h2 class="heading-m" id="rereferral-heading">\(l("cases.previous-heading"))</h2>
        <p class="body">\(l("cases.rereferral-intro"))</p>
        <ul class="list">\(items)</ul>
        <form method="post" action="\(Href.newCase)" novalidate>
        \(Components.csrfField(csrf))
        <input type="hidden" name="confirmed_new" value="yes">
        \(hiddenFields(input))
        \(Components.button(l("cases.rereferral-record-anyway"), secondary: true))
        </form>
        </div>
        """
    }

    /// Every field of the form as sent, so "record as a new case" records exactly it.
    static func hiddenFields(_ input: NewCaseInput) -> HTML {
        var fields: [(String, String)] = []
        let plain: [(String, String?)] = [
            ("identifiedOn", input.identifiedOn), ("ageGroup", input.ageGroup), ("ageGroupAtExploitation", input.ageGroupAtExploitation),
            ("gender", input.gender), ("nationality", input.nationality), ("language", input.language),
            ("boroughIdentified", input.boroughIdentified), ("boroughExploited", input.boroughExploited),
            ("exploitationLocation", input.exploitationLocation), ("firstName", input.firstName), ("lastName", input.lastName),
            ("nickname", input.nickname), ("dateOfBirth", input.dateOfBirth),
        ]
        for (name, value) in plain { if let value { fields.append((name, value)) } }
        for type in input.exploitationTypes ?? [] { fields.append(("exploitationTypes[]", type)) }
        // A ticked box arrives again as the value the form's checkbox sends.
        let ticked = "true"
        if input.interpreterNeeded == true { fields.append(("interpreterNeeded[]", ticked)) }
        if input.countyLines == true { fields.append(("countyLines[]", ticked)) }
        return HTML("\(fields.map { HTML("<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">") })")
    }
}
