import Foundation
import LanternCore

/// Everything the case page shows, gathered by the controller.
struct CaseView {
    let record: CaseRecord
    let access: AccessibleCase
    let details: ReferralDetails?
    let missing: [MissingDetail]
    let timeline: [CaseEvent]
    let notes: [UUID: String]
    let recorders: [UUID: String]
    let consents: [ConsentRecord]
    let shares: [CaseShare]
    let organisations: [UUID: String]
    let previousCases: [CaseRecord]
    let partnerViews: [AuditEntry]
    let canEdit: Bool
    let canShare: Bool
    let viewerOrganisationID: UUID
    let today: Day
    let catalogue: BoroughCatalogue
}

enum CaseShowPage {
    /// What was sent in a refused step, shown again so nothing has to be re-entered.
    struct Submitted {
        var event: String
        var date: String?
        var outcome: String?
        var pillars: Set<String>
        var reason: String?
    }

    static func render(_ v: CaseView, errors: FormErrors, csrf: String, notice: HTML = .empty, submitted: Submitted? = nil) -> Page {
        let record = v.record
        let state = record.state
        let deadline = state.deadline(limits: CaseService.limits)
        let overdue = state.isOverdue(on: v.today, limits: CaseService.limits)
        return Page(title: "Case \(record.reference)", content: """
            \(notice)
            \(Components.errorSummary(errors))
            <span class="caption">\(v.access.relation == .sameOrganisation ? "Your organisation's case" : "Shared with your organisation (read only)")</span>
            <h1 class="heading-l">Case <code>\(record.reference)</code></h1>
            \(v.access.erased ? erasedNotice(record) : .empty)
            \(overdue ? HTML("<p class=\"warning-text\">Overdue: \(deadline?.description ?? "") by \(deadline?.due.iso ?? "").</p>") : .empty)
            \(previousCaseNotice(v))
            \(summary(v, deadline: deadline))
            \(v.canEdit ? referralSection(v) : .empty)
            \(v.canEdit ? actions(v, errors: errors, csrf: csrf, submitted: submitted) : .empty)
            <h2 class="heading-m" id="timeline">Timeline</h2>
            <ol class="timeline">\(v.timeline.map { event in HTML("""
                <li class="timeline__item"><p class="timeline__title">\(event.label)</p>
                <p class="timeline__date">\(Day(daysSinceEpoch: event.occurredOn).iso) · recorded by \(v.recorders[event.recordedBy] ?? "a colleague")</p>
                \(v.notes[event.id ?? UUID()].map { HTML("<p class=\"body pre-wrap\">\($0)</p>") })</li>
                """) })</ol>
            \(v.access.relation == .sameOrganisation ? consentSection(v, csrf: csrf) : .empty)
            \(v.access.relation == .sameOrganisation ? sharingSection(v, csrf: csrf) : .empty)
            """, backLink: v.access.relation == .sameOrganisation ? (Href.cases, "Back to cases") : (Href.sharedCases, "Back to shared cases"))
    }

    /// Said instead of the identifying details once the retention rules have erased them.
    static func erasedNotice(_ record: CaseRecord) -> HTML {
        """
        <div class="inset-text" role="note" id="erased"><h2 class="heading-s">Identifying details erased</h2>
        <p class="body">\(CaseErasure.notice(erasedAt: record.erasedAt))</p></div>
        """
    }

    static func previousCaseNotice(_ v: CaseView) -> HTML {
        guard !v.previousCases.isEmpty else { return .empty }
        let items = v.previousCases.map { other -> HTML in
            if other.$organisation.id == v.viewerOrganisationID {
                return HTML("<li>Case <a href=\"\(Href.case(other.reference))\"><code>\(other.reference)</code></a> in your organisation, identified \(Day(daysSinceEpoch: other.identifiedOn).iso)</li>")
            }
            // Another organisation's case: say that it exists and who holds it, never what is in it.
            return HTML("<li>A case held by \(other.organisation.name). Contact their modern slavery lead before re-referring.</li>")
        }
        return """
        <div class="inset-text" role="note"><h2 class="heading-s">This person may have been referred before</h2>
        <p class="body">The name and date of birth match an earlier case:</p><ul class="list">\(items)</ul></div>
        """
    }

    static func summary(_ v: CaseView, deadline: StageDeadline?) -> HTML {
        let r = v.record
        let state = r.state
        func borough(_ code: String?) -> String { code.flatMap { v.catalogue.borough(code: $0)?.name } ?? "Not recorded" }
        var rows: [(String, HTML)] = [
            ("Stage", CasePages.stageTag(r, today: v.today)),
            ("Identified", HTML("\(Day(daysSinceEpoch: r.identifiedOn).iso)")),
            ("Age group now", HTML("\(r.age.label)")),
            ("Age group when exploited", HTML("\((AgeGroup(rawValue: r.ageGroupAtExploitation) ?? .unknown).label)")),
            ("Gender", HTML("\(r.gender)")),
            ("Nationality", HTML("\(CodedList.nationalities.name(of: r.nationality))")),
            ("Language", HTML("\(CodedList.languages.name(of: r.language))\(r.interpreterNeeded ? " (interpreter needed)" : "")")),
            ("Borough identified", HTML("\(borough(r.boroughIdentified))")),
            ("Borough exploited", HTML("\(borough(r.boroughExploited))")),
            ("Exploitation", HTML("\(CasePages.typesText(r))\(r.countyLines ? " (county lines)" : "")")),
            ("Where exploited", HTML("\(r.exploitationLocation)")),
        ]
        if let rg = state.reasonableGrounds { rows.append(("Reasonable Grounds", HTML("\(rg.outcome.rawValue.capitalized), \(rg.on.iso)"))) }
        if let cg = state.conclusiveGrounds { rows.append(("Conclusive Grounds", HTML("\(cg.outcome.rawValue.capitalized), \(cg.on.iso)"))) }
        if !state.supportPillars.isEmpty {
            rows.append(("Support recommended", HTML("\(SupportPillar.allCases.filter(state.supportPillars.contains).map(\.label).joined(separator: ", "))")))
        }
        if let deadline { rows.append(("Next deadline", HTML("\(deadline.description): \(deadline.due.iso)"))) }
        if let d = v.details, let first = d.firstName ?? d.nickname {
            rows.insert(("Name", HTML("\(first) \(d.lastName ?? "")")), at: 1)
        }
        return Components.summaryList(rows)
    }

    static func referralSection(_ v: CaseView) -> HTML {
        let ref = v.record.reference
        let missing: HTML = v.missing.isEmpty
            ? HTML("<p class=\"body\">\(Components.tag("Complete", colour: "green")) The referral has every detail the competent authority needs.</p>")
            : HTML("""
              <p class="body">\(Components.tag("\(v.missing.count) missing", colour: "yellow")) Still needed before it can be marked ready:</p>
              <ul class="list">\(v.missing.prefix(12).map { HTML("<li>\($0.section): \($0.label)</li>") })</ul>
              \(v.missing.count > 12 ? HTML("<p class=\"body\">and \(v.missing.count - 12) more.</p>") : .empty)
              """)
        return """
        <h2 class="heading-m">Referral</h2>
        \(missing)
        <p class="body"><a href="\(Href.referral(ref))">Add or change referral details</a> ·
        <a href="\(Href.referralSummary(ref))">Printable referral summary</a> ·
        <a href="\(Href.referralJSON(ref))">Referral as JSON</a></p>
        """
    }

    /// One small form per step that can be recorded next.
    static func actions(_ v: CaseView, errors: FormErrors, csrf: String, submitted: Submitted?) -> HTML {
        let state = v.record.state
        let facts = CaseFacts(ageGroup: v.record.age, missingReferralDetails: v.missing)
        let possible = Pathway.possibleEvents(from: state, facts: facts)
        guard !possible.isEmpty else {
            return HTML("<h2 class=\"heading-m\" id=\"next-steps\" tabindex=\"-1\">No further steps</h2><p class=\"body\">This case is closed.</p>")
        }
        let ref = v.record.reference
        let forms = possible.map { kind -> HTML in
            let name = kind.rawValue
            let id = name.replacingOccurrences(of: "_", with: "-")
            let sent = submitted?.event == name ? submitted : nil
            var fields: [HTML] = []
            var title = ""
            var hint: String?
            switch kind {
            case .referralDecision:
                title = "Record the decision to refer"
                hint = v.record.age.treatedAsChild ? "Children are always referred: no consent is needed."
                    : "Uses the adult's latest consent record: referral if they agreed, an anonymous Duty to Notify if not."
            case .referralMarkedReady: title = "Mark the referral ready to submit"
            case .referralSubmitted: title = "Record that the referral was submitted"
            case .reasonableGroundsDecision, .conclusiveGroundsDecision:
                title = kind == .reasonableGroundsDecision ? "Record the Reasonable Grounds decision" : "Record the Conclusive Grounds decision"
                fields.append(Components.radios(name: "outcome", legend: "Decision", options: [("positive", "Positive"), ("negative", "Negative")],
                                                selected: sent?.outcome, inline: true, errors: errors, id: "\(id)-outcome"))
            case .reconsiderationRequested: title = "Record a request for reconsideration"
            case .recoveryNeedsAssessment:
                title = "Record the Recovery Needs Assessment"
                fields.append(Components.checkboxes(name: "pillars", legend: "Support recommended to continue",
                                                    options: SupportPillar.allCases.map { ($0.rawValue, $0.label) }, checked: sent?.pillars ?? [],
                                                    hint: "Leave all unticked if they declined the assessment", errors: errors, id: "\(id)-pillars"))
            case .closed:
                title = "Close the case"
                fields.append(Components.textArea(name: "reason", label: "Reason for closing", value: sent?.reason, rows: 3, errors: errors,
                                                  id: "\(id)-reason"))
            }
            return HTML("""
            <form method="post" action="\(Href.caseEvent(ref, name))" class="action-form" novalidate>
            <h3 class="heading-s">\(title)</h3>
            \(hint.map { HTML("<p class=\"hint\">\($0)</p>") })
            \(Components.csrfField(csrf))
            \(fields)
            \(Components.textInput(name: "date", label: "Date", value: sent?.date ?? v.today.iso, hint: "The day it happened", type: "date",
                                   errors: errors, id: "\(id)-date"))
            \(Components.button(kind == .closed ? "Close case" : "Record", secondary: kind == .closed))
            </form>
            """)
        }
        return """
        <h2 class="heading-m" id="next-steps" tabindex="-1">Next steps</h2>
        <div class="action-forms">\(forms)</div>
        """
    }

    static func consentSection(_ v: CaseView, csrf: String) -> HTML {
        let rows: [[HTML]] = v.consents.map { consent in
            let terms = consent.terms
            let orgs = terms.organisationIDs.compactMap { UUID(uuidString: $0).flatMap { v.organisations[$0] } }.sorted()
            let status: HTML = consent.withdrawnOn != nil ? Components.tag("Withdrawn", colour: "grey")
                : (terms.inForce(on: v.today) ? Components.tag("In force", colour: "green") : Components.tag("Ended", colour: "grey"))
            let withdraw: HTML = (consent.withdrawnOn == nil && v.canEdit) ? HTML("""
                <form method="post" action="\(Href.withdrawConsent(v.record.reference, consent.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">Record withdrawal<span class="visually-hidden"> of consent given \(terms.givenOn.iso)</span></button></form>
                """) : .empty
            return [HTML("\(terms.basis.label)\(consent.referToNRM.map { $0 ? "; agreed to NRM referral" : "; declined NRM referral" } ?? "")"),
                    HTML("\(orgs.isEmpty ? "No one" : orgs.joined(separator: ", "))"),
                    HTML("\(terms.scopes.map(\.label).sorted().joined(separator: ", "))"),
                    HTML("\(terms.givenOn.iso) to \(terms.validUntil.iso)"),
                    HTML("\(status) \(withdraw)")]
        }
        return """
        <h2 class="heading-m" id="consent">Consent</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">No consent recorded yet.</p>")
            : Components.table(caption: "Consent records", headers: ["Basis", "May be shared with", "What", "Period", "Status"], rows: rows))
        \(v.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newConsent(v.record.reference))\" class=\"button button--secondary\">Record consent</a></p>") : .empty)
        """
    }

    static func sharingSection(_ v: CaseView, csrf: String) -> HTML {
        let rows: [[HTML]] = v.shares.map { share in
            let active = share.isActive(on: v.today)
            let revoke: HTML = (share.revokedAt == nil && v.canShare) ? HTML("""
                <form method="post" action="\(Href.revokeShare(v.record.reference, share.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">Stop sharing<span class="visually-hidden"> with \(v.organisations[share.$organisation.id] ?? "")</span></button></form>
                """) : .empty
            return [HTML("\(v.organisations[share.$organisation.id] ?? "Unknown")"), HTML("\(share.shareScope.label)"),
                    HTML("\(share.purpose)"), HTML("until \(Day(daysSinceEpoch: share.until).iso)"),
                    HTML("\(active ? Components.tag("Active", colour: "green") : Components.tag("Ended", colour: "grey")) \(revoke)")]
        }
        let views: [[HTML]] = v.partnerViews.map { entry in
            [HTML("\(DisplayDate.dateTime(entry.occurredAt))"),
             HTML("\(entry.organisationID.flatMap(UUID.init(uuidString:)).flatMap { v.organisations[$0] } ?? "Another organisation")"),
             HTML("\(AuditWords.action(entry.action))")]
        }
        return """
        <h2 class="heading-m" id="sharing">Sharing</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">Not shared with anyone.</p>")
            : Components.table(caption: "Shares", headers: ["Organisation", "What", "Purpose", "Period", "Status"], rows: rows))
        \(v.canShare ? HTML("<p class=\"body\"><a href=\"\(Href.newShare(v.record.reference))\" class=\"button button--secondary\">Share this case</a></p>") : .empty)
        \(views.isEmpty ? .empty : Components.table(caption: "Views by other organisations", headers: ["When", "Organisation", "What"], rows: views))
        """
    }

    /// What a partner with a decision-status share sees: the decision, and nothing else.
    static func decisionStatus(_ record: CaseRecord, share: CaseShare, ownerName: String) -> Page {
        let state = record.state
        let decision: HTML
        if let cg = state.conclusiveGrounds {
            decision = HTML("\(cg.outcome == .positive ? "Positive" : "Negative") Conclusive Grounds decision on \(cg.on.iso)")
        } else if let rg = state.reasonableGrounds {
            decision = HTML("\(rg.outcome == .positive ? "Positive" : "Negative") Reasonable Grounds decision on \(rg.on.iso); Conclusive Grounds decision awaited")
        } else {
            decision = HTML("No NRM decision yet")
        }
        return Page(title: "Decision status \(record.reference)", content: """
            <span class="caption">Shared with your organisation by \(ownerName)</span>
            <h1 class="heading-l">Decision status for <code>\(record.reference)</code></h1>
            \(record.erasedAt != nil ? erasedNotice(record) : .empty)
            <div class="panel"><p class="panel__title">\(decision)</p></div>
            \(Components.summaryList([
                ("Purpose of sharing", HTML("\(share.purpose)")),
                ("Shared until", HTML("\(Day(daysSinceEpoch: share.until).iso)")),
            ]))
            <p class="body">Only the decision status was shared, so that the person does not have to tell their story again.
            Contact \(ownerName) if you need more.</p>
            """, backLink: (Href.sharedCases, "Back to shared cases"))
    }
}
