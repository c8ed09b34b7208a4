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
    /// Other features' sections of the page, by slot (see `CaseSection`).
    var sections: [CaseSection.Slot: [HTML]] = [:]
}

/// The case page, in the viewer's language (`l`, from `CasePages.localiser`): the summary, the
/// referral's completeness, the next steps, the timeline, consent and sharing, and what a
/// partner with a decision-status share sees. Vocabulary labels are LanternCore's English names.
enum CaseShowPage {
    /// What was sent in a refused step, shown again so nothing has to be re-entered.
    struct Submitted {
        var event: String
        var date: String?
        var outcome: String?
        var pillars: Set<String>
        var reason: String?
    }

    /// The notice at the top of the page after an action.
    enum Notice {
        case none
        /// A potential victim was just recorded: their new case's reference.
        case created
        /// A step was recorded or the referral saved.
        case recorded
    }

    static func render(_ v: CaseView, errors: FormErrors, csrf: String, notice: Notice = .none, submitted: Submitted? = nil,
                       l: Localiser) -> Page {
        let record = v.record
        let state = record.state
        let deadline = state.deadline(limits: CaseService.limits)
        let overdue = state.isOverdue(on: v.today, limits: CaseService.limits)
        let owner = v.access.relation == .sameOrganisation
        let noticeHTML: HTML = switch notice {
        case .none: .empty
        case .created:
            Components.notification(title: l("cases.created-title"),
                                     body: CasePages.marked(l("cases.created-body", ["reference": CasePages.slot]),
                                                           HTML("<strong>\(record.reference)</strong>")))
        case .recorded: Components.notification(title: l("cases.recorded-title"), body: HTML("\(l("cases.recorded-body"))"))
        }
        return Page(title: l("cases.case-title", ["reference": record.reference]), content: """
            \(noticeHTML)
            \(Components.errorSummary(errors, l))
            <span class="caption">\(owner ? l("cases.caption-own") : l("cases.caption-shared"))</span>
            <h1 class="heading-l">\(CasePages.marked(l("cases.case-heading", ["reference": CasePages.slot]), HTML("<code>\(record.reference)</code>")))</h1>
            \(v.access.erased ? erasedNotice(record, l: l) : .empty)
            \(overdue ? HTML("<p class=\"warning-text\">\(l("cases.overdue-warning", ["deadline": deadline?.description ?? "", "due": deadline.map { l.day($0.due) } ?? ""]))</p>") : .empty)
            \(previousCaseNotice(v, l: l))
            \(v.sections[.top] ?? [])
            \(owner ? .empty : sharedParts(v, l: l))
            \(summary(v, deadline: deadline, l: l))
            \(owner ? .empty : sharedReferral(v, .identityAndContact, heading: l("cases.shared-identity"), id: "identity", l: l))
            \(owner ? .empty : sharedReferral(v, .story, heading: l("cases.shared-story"), id: "story", l: l))
            \(v.canEdit ? referralSection(v, l: l) : .empty)
            \(v.sections[.afterSummary] ?? [])
            \(v.canEdit ? actions(v, errors: errors, csrf: csrf, submitted: submitted, l: l) : .empty)
            <h2 class="heading-m" id="timeline">\(l("cases.timeline"))</h2>
            <ol class="timeline">\(v.timeline.map { event in HTML("""
                <li class="timeline__item"><p class="timeline__title">\(event.label)</p>
                <p class="timeline__date">\(l("cases.timeline-date", ["date": l.day(Day(daysSinceEpoch: event.occurredOn)), "recorder": v.recorders[event.recordedBy] ?? l("cases.a-colleague")]))</p>
                \(v.notes[event.id ?? UUID()].map { HTML("<p class=\"body pre-wrap\">\($0)</p>") })</li>
                """) })</ol>
            \(v.sections[.end] ?? [])
            \(owner ? consentSection(v, csrf: csrf, l: l) : .empty)
            \(owner ? sharingSection(v, csrf: csrf, l: l) : .empty)
            """, backLink: owner ? (Href.cases, l("cases.back-to-cases")) : (Href.sharedCases, l("cases.back-to-shared")), language: l.language)
    }

    /// A partner's page says what the share lets them see, so nothing missing is mistaken for
    /// nothing recorded.
    static func sharedParts(_ v: CaseView, l: Localiser) -> HTML {
        let parts = v.access.parts.sorted().map(\.shortLabel).joined(separator: ", ")
        return HTML("<p class=\"body\" id=\"shared-parts\">\(l("cases.shared-parts", ["parts": parts]))</p>")
    }

    /// The referral answers one scope shows a partner whose share carries it, in the form's
    /// order (the same list as the JSON); nothing when the share does not carry it.
    static func sharedReferral(_ v: CaseView, _ scope: ShareScope, heading: String, id: String, l: Localiser) -> HTML {
        guard v.access.shows(scope), let details = v.details else { return .empty }
        let rows = scope.referralQuestions(about: v.record.age).map { question in
            (key: question.label, value: HTML("""
                <span class="pre-wrap" data-field="\(question.field)">\(question.display(details, l: l) ?? l("cases.not-recorded"))</span>
                """))
        }
        return HTML("""
            <h2 class="heading-m" id="\(id)">\(heading)</h2>
            \(Components.summaryList(rows))
            """)
    }

    /// Said instead of the identifying details once the retention rules have erased them.
    static func erasedNotice(_ record: CaseRecord, l: Localiser) -> HTML {
        let text = record.erasedAt.map { l("cases.erased-on", ["date": l.date($0)]) } ?? l("cases.erased-key-gone")
        return """
        <div class="inset-text" role="note" id="erased"><h2 class="heading-s">\(l("cases.erased-heading"))</h2>
        <p class="body">\(text)</p></div>
        """
    }

    static func previousCaseNotice(_ v: CaseView, l: Localiser) -> HTML {
        guard !v.previousCases.isEmpty else { return .empty }
        let items = v.previousCases.map { other -> HTML in
            if other.$organisation.id == v.viewerOrganisationID {
                let link = HTML("<a href=\"\(Href.case(other.reference))\"><code>\(other.reference)</code></a>")
                return HTML("<li>\(CasePages.marked(l("cases.previous-own", ["reference": CasePages.slot, "date": l.day(Day(daysSinceEpoch: other.identifiedOn))]), link))</li>")
            }
            // Another organisation's case: say that it exists and who holds it, never what is in it.
            return HTML("<li>\(l("cases.previous-other", ["organisation": other.organisation.name]))</li>")
        }
        return """
        <div class="inset-text" role="note"><h2 class="heading-s">\(l("cases.previous-heading"))</h2>
        <p class="body">\(l("cases.previous-intro"))</p><ul class="list">\(items)</ul></div>
        """
    }

    static func outcome(_ outcome: DecisionOutcome, l: Localiser) -> String {
        outcome == .positive ? l("cases.positive") : l("cases.negative")
    }

    static func summary(_ v: CaseView, deadline: StageDeadline?, l: Localiser) -> HTML {
        let r = v.record
        let state = r.state
        func borough(_ code: String?) -> String { CasePages.boroughName(code, catalogue: v.catalogue, l: l) }
        var rows: [(String, HTML)] = [
            (l("cases.stage"), CasePages.stageTag(r, today: v.today, l: l)),
            (l("cases.identified"), HTML("\(l.day(Day(daysSinceEpoch: r.identifiedOn)))")),
            (l("cases.age-now"), HTML("\(r.age.label)")),
            (l("cases.age-when-exploited"), HTML("\((AgeGroup(rawValue: r.ageGroupAtExploitation) ?? .unknown).label)")),
            (l("cases.gender"), HTML("\(r.gender)")),
            (l("cases.nationality"), HTML("\(CodedList.nationalities.name(of: r.nationality))")),
            (l("cases.language-short"), HTML("\(CodedList.languages.name(of: r.language))\(r.interpreterNeeded ? " \(l("cases.interpreter-needed-note"))" : "")")),
            (l("cases.borough-identified"), HTML("\(borough(r.boroughIdentified))")),
            (l("cases.borough-exploited"), HTML("\(borough(r.boroughExploited))")),
            (l("cases.exploitation"), HTML("\(CasePages.typesText(r))\(r.countyLines ? " \(l("cases.county-lines-note"))" : "")")),
            (l("cases.where-exploited"), HTML("\(r.exploitationLocation)")),
        ]
        func decided(_ d: PathwayState.Decision) -> HTML {
            let madeBy = d.maker == .localPanel ? " \(l("cases.decision-by-local-panel"))" : ""
            return HTML("\(l("cases.decision-on", ["outcome": outcome(d.outcome, l: l), "date": l.day(d.on)]))\(madeBy)")
        }
        if let rg = state.reasonableGrounds { rows.append((l("cases.reasonable-grounds"), decided(rg))) }
        if let cg = state.conclusiveGrounds { rows.append((l("cases.conclusive-grounds"), decided(cg))) }
        if let from = state.adultSupportFrom {
            rows.append((l("cases.adult-support-from"), HTML("\(l.day(from))")))
        }
        if !state.supportPillars.isEmpty {
            rows.append((l("cases.support-recommended"), HTML("\(SupportPillar.allCases.filter(state.supportPillars.contains).map(\.label).joined(separator: ", "))")))
        }
        if let deadline { rows.append((l("cases.next-deadline"), HTML("\(l("cases.deadline", ["deadline": deadline.description, "due": l.day(deadline.due)]))"))) }
        if v.access.shows(.identityAndContact), let d = v.details, let first = d.firstName ?? d.nickname {
            rows.insert((l("cases.name"), HTML("\(first) \(d.lastName ?? "")")), at: 1)
        }
        return Components.summaryList(rows)
    }

    static func referralSection(_ v: CaseView, l: Localiser) -> HTML {
        let ref = v.record.reference
        // A Duty to Notify is not a referral: the completeness check (which would list consent
        // as missing) applies once the adult consents and a referral is prepared.
        if v.record.state.stage == .dutyToNotify {
            return HTML("<h2 class=\"heading-m\">\(l("cases.referral"))</h2><p class=\"body\">\(l("cases.referral-not-for-notification"))</p>")
        }
        let missing: HTML = v.missing.isEmpty
            ? HTML("<p class=\"body\">\(Components.tag(l("cases.complete"), colour: "green")) \(l("cases.referral-complete"))</p>")
            : HTML("""
              <p class="body">\(Components.tag(l.plural("cases.missing-count", count: v.missing.count), colour: "yellow")) \(l("cases.still-needed"))</p>
              <ul class="list">\(v.missing.prefix(12).map { HTML("<li>\(l("cases.missing-item", ["section": $0.section, "detail": $0.label]))</li>") })</ul>
              \(v.missing.count > 12 ? HTML("<p class=\"body\">\(l.plural("cases.and-more", count: v.missing.count - 12))</p>") : .empty)
              """)
        return """
        <h2 class="heading-m">\(l("cases.referral"))</h2>
        \(missing)
        <p class="body"><a href="\(Href.referral(ref))">\(l("cases.referral-edit-link"))</a> ·
        <a href="\(Href.referralSummary(ref))">\(l("cases.referral-summary-link"))</a> ·
        <a href="\(Href.referralJSON(ref))">\(l("cases.referral-json-link"))</a></p>
        """
    }

    /// One small form per step that can be recorded next.
    static func actions(_ v: CaseView, errors: FormErrors, csrf: String, submitted: Submitted?, l: Localiser) -> HTML {
        let state = v.record.state
        let facts = CaseFacts(ageGroup: v.record.age, missingReferralDetails: v.missing)
        let possible = Pathway.possibleEvents(from: state, facts: facts)
        guard !possible.isEmpty else {
            return HTML("<h2 class=\"heading-m\" id=\"next-steps\" tabindex=\"-1\">\(l("cases.no-further-steps"))</h2><p class=\"body\">\(l("cases.case-closed"))</p>")
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
                title = l("cases.step-referral-decision")
                hint = v.record.age.treatedAsChild ? l("cases.step-referral-decision-hint-child") : l("cases.step-referral-decision-hint-adult")
            case .referralMarkedReady: title = l("cases.step-ready")
            case .referralSubmitted: title = l("cases.step-submitted")
            case .reasonableGroundsDecision, .conclusiveGroundsDecision:
                title = kind == .reasonableGroundsDecision ? l("cases.step-reasonable-grounds") : l("cases.step-conclusive-grounds")
                fields.append(Components.radios(name: "outcome", legend: l("cases.decision"),
                                                options: [("positive", l("cases.positive")), ("negative", l("cases.negative"))],
                                                selected: sent?.outcome, inline: true, errors: errors, id: "\(id)-outcome", l: l))
            case .reconsiderationRequested: title = l("cases.step-reconsideration")
            case .transitionToAdultSupport:
                title = l("cases.step-transition-adult")
                hint = l("cases.step-transition-adult-hint")
            case .consentAfterNotification:
                title = l("cases.step-consent-after-notification")
                hint = l("cases.step-consent-after-notification-hint")
            case .recoveryNeedsAssessment:
                title = l("cases.step-recovery-needs")
                fields.append(Components.checkboxes(name: "pillars", legend: l("cases.pillars"),
                                                    options: SupportPillar.allCases.map { ($0.rawValue, $0.label) }, checked: sent?.pillars ?? [],
                                                    hint: l("cases.pillars-hint"), errors: errors, id: "\(id)-pillars", l: l))
            case .closed:
                title = l("cases.step-close")
                fields.append(Components.textArea(name: "reason", label: l("cases.close-reason"), value: sent?.reason, rows: 3, errors: errors,
                                                  id: "\(id)-reason", l: l))
            }
            return HTML("""
            <form method="post" action="\(Href.caseEvent(ref, name))" class="action-form" novalidate>
            <h3 class="heading-s">\(title)</h3>
            \(hint.map { HTML("<p class=\"hint\">\($0)</p>") })
            \(Components.csrfField(csrf))
            \(fields)
            \(Components.textInput(name: "date", label: l("cases.step-date"), value: sent?.date ?? v.today.iso, hint: l("cases.step-date-hint"),
                                   type: "date", errors: errors, id: "\(id)-date", l: l))
            \(Components.button(kind == .closed ? l("cases.close-case") : l("cases.record"), secondary: kind == .closed))
            </form>
            """)
        }
        return """
        <h2 class="heading-m" id="next-steps" tabindex="-1">\(l("cases.next-steps"))</h2>
        <div class="action-forms">\(forms)</div>
        """
    }

    static func consentSection(_ v: CaseView, csrf: String, l: Localiser) -> HTML {
        let rows: [[HTML]] = v.consents.map { consent in
            let terms = consent.terms
            let orgs = terms.organisationIDs.compactMap { UUID(exactly: $0).flatMap { v.organisations[$0] } }.sorted()
            let status: HTML = consent.withdrawnOn != nil ? Components.tag(l("cases.withdrawn"), colour: "grey")
                : (terms.inForce(on: v.today) ? Components.tag(l("cases.in-force"), colour: "green") : Components.tag(l("cases.ended"), colour: "grey"))
            let withdraw: HTML = (consent.withdrawnOn == nil && v.canEdit) ? HTML("""
                <form method="post" action="\(Href.withdrawConsent(v.record.reference, consent.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("cases.record-withdrawal"))<span class="visually-hidden"> \(l("cases.record-withdrawal-of", ["given": l.day(terms.givenOn)]))</span></button></form>
                """) : .empty
            let nrm = consent.referToNRM.map { $0 ? l("cases.agreed-nrm") : l("cases.declined-nrm") }
            return [HTML("\(terms.basis.label)\(nrm.map { "; \($0)" } ?? "")"),
                    HTML("\(orgs.isEmpty ? l("cases.no-one") : orgs.joined(separator: ", "))"),
                    HTML("\(terms.scopes.sorted().map(\.shortLabel).joined(separator: ", "))"),
                    HTML("\(l("cases.period", ["from": l.day(terms.givenOn), "to": l.day(terms.validUntil)]))"),
                    HTML("\(status) \(withdraw)")]
        }
        return """
        <h2 class="heading-m" id="consent">\(l("cases.consent"))</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">\(l("cases.no-consent"))</p>")
            : Components.table(caption: l("cases.consent-caption"),
                               headers: [l("cases.column-basis"), l("cases.column-shared-with"), l("cases.column-what"),
                                         l("cases.column-period"), l("cases.column-status")], rows: rows))
        \(v.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newConsent(v.record.reference))\" class=\"button button--secondary\">\(l("cases.record-consent"))</a></p>") : .empty)
        """
    }

    static func sharingSection(_ v: CaseView, csrf: String, l: Localiser) -> HTML {
        let rows: [[HTML]] = v.shares.map { share in
            let active = share.isActive(on: v.today)
            let revoke: HTML = (share.revokedAt == nil && v.canShare) ? HTML("""
                <form method="post" action="\(Href.revokeShare(v.record.reference, share.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("cases.stop-sharing"))<span class="visually-hidden"> \(l("cases.stop-sharing-with", ["organisation": v.organisations[share.$organisation.id] ?? ""]))</span></button></form>
                """) : .empty
            return [HTML("\(v.organisations[share.$organisation.id] ?? l("cases.unknown-organisation"))"), HTML("\(share.shareScopes.sorted().map(\.shortLabel).joined(separator: ", "))"),
                    HTML("\(share.purpose)"), HTML("\(l("cases.until", ["date": l.day(Day(daysSinceEpoch: share.until))]))"),
                    HTML("\(active ? Components.tag(l("cases.active"), colour: "green") : Components.tag(l("cases.ended"), colour: "grey")) \(revoke)")]
        }
        let views: [[HTML]] = v.partnerViews.map { entry in
            [HTML("\(l.dateTime(entry.occurredAt))"),
             HTML("\(entry.organisationID.flatMap(UUID.init(exactly:)).flatMap { v.organisations[$0] } ?? l("cases.another-organisation"))"),
             HTML("\(AuditWords.action(entry.action, in: l))")]
        }
        return """
        <h2 class="heading-m" id="sharing">\(l("cases.sharing"))</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">\(l("cases.not-shared"))</p>")
            : Components.table(caption: l("cases.shares-caption"),
                               headers: [l("cases.column-organisation"), l("cases.column-what"), l("cases.column-purpose"),
                                         l("cases.column-period"), l("cases.column-status")], rows: rows))
        \(v.canShare ? HTML("<p class=\"body\"><a href=\"\(Href.newShare(v.record.reference))\" class=\"button button--secondary\">\(l("cases.share-case"))</a></p>") : .empty)
        \(views.isEmpty ? .empty : Components.table(caption: l("cases.views-caption"),
                                                    headers: [l("cases.column-when"), l("cases.column-organisation"), l("cases.column-what")], rows: views))
        """
    }

    /// What a partner with a decision-status share sees: the decision, and nothing else.
    struct DecisionStatusModel {
        var record: CaseRecord
        var share: CaseShare
        /// The owning organisation's name, nil if it could not be found.
        var ownerName: String?
    }

    static func decisionStatus(_ m: DecisionStatusModel, l: Localiser) -> Page {
        let record = m.record
        let state = record.state
        let ownerName = m.ownerName ?? l("cases.owning-organisation")
        let decision: String
        if let cg = state.conclusiveGrounds {
            decision = cg.outcome == .positive ? l("cases.status-cg-positive", ["date": l.day(cg.on)]) : l("cases.status-cg-negative", ["date": l.day(cg.on)])
        } else if let rg = state.reasonableGrounds {
            decision = rg.outcome == .positive ? l("cases.status-rg-positive", ["date": l.day(rg.on)]) : l("cases.status-rg-negative", ["date": l.day(rg.on)])
        } else {
            decision = l("cases.status-none")
        }
        return Page(title: l("cases.status-title", ["reference": record.reference]), content: """
            <span class="caption">\(l("cases.status-caption", ["organisation": ownerName]))</span>
            <h1 class="heading-l">\(CasePages.marked(l("cases.status-heading", ["reference": CasePages.slot]), HTML("<code>\(record.reference)</code>")))</h1>
            \(record.erasedAt != nil ? erasedNotice(record, l: l) : .empty)
            <div class="panel"><p class="panel__title">\(decision)</p></div>
            \(Components.summaryList([
                (l("cases.status-purpose"), HTML("\(m.share.purpose)")),
                (l("cases.status-until"), HTML("\(l.day(Day(daysSinceEpoch: m.share.until)))")),
            ]))
            <p class="body">\(l("cases.status-only", ["organisation": ownerName]))</p>
            """, backLink: (Href.sharedCases, l("cases.back-to-shared")), language: l.language)
    }
}
