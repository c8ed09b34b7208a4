import Foundation

/// The rules of the contacts directory: what an entry must hold, when it is stale, when an
/// email address belongs to one person rather than a shared mailbox, and what a change
/// changed. The pages, the API and the daily sweep all use these.
public enum DirectoryRules {
    /// Days after its last verification that an entry is stale (about six months), unless
    /// `LANTERN_CONTACT_STALE_DAYS` says otherwise.
    public static let defaultStaleDays = 183
    public static let textLimit = 150
    public static let webFormLimit = 300

    // MARK: staleness

    /// Whether an entry last verified on `verifiedOn` is stale on `today`: `staleDays` or more
    /// days have passed.
    public static func isStale(verifiedOn: Day, today: Day, staleDays: Int) -> Bool {
        today.daysSinceEpoch - verifiedOn.daysSinceEpoch >= staleDays
    }

    /// The first day whose verifications are still fresh on `today`: an entry verified
    /// before it is stale (the condition the sweep and the lists put in SQL).
    public static func freshFrom(today: Day, staleDays: Int) -> Day { today.adding(days: 1 - staleDays) }

    // MARK: personal addresses

    /// Words that name a role, a team or a service: an address built from them is a shared
    /// mailbox, not a person's own.
    static let sharedWords: Set<String> = [
        "team", "teams", "safeguarding", "safeguard", "mash", "info", "information", "contact", "contacts", "enquiries",
        "enquiry", "admin", "spoc", "lead", "leads", "duty", "hub", "service", "services", "office", "referral", "referrals",
        "modernslavery", "modern", "slavery", "trafficking", "exploitation", "housing", "homeless", "homelessness",
        "adult", "adults", "children", "childrens", "child", "families", "social", "care", "help", "helpline", "support",
        "police", "nhs", "council", "mailbox", "desk", "unit", "reception", "hello", "noreply", "reply", "bcu", "partnership",
        "board", "network", "secretariat", "access", "intake", "front", "door", "asc", "csc", "mss", "cst", "triage",
        "advice", "outreach", "response", "emergency", "public", "protection", "vulnerability", "vulnerable", "hq",
        "general", "central", "north", "south", "east", "west", "area", "group", "project", "projects", "programme",
    ]

    /// Whether `email` looks like one person's own address (`jane.smith@`, `j.smith@`,
    /// `mary-jane_o'neil@`): two or more parts of letters, none of them a role or service
    /// word. A shared mailbox (`adult.safeguarding@`, `mash@`, `modernslavery.team@`) is not;
    /// a single word (`jsmith@`) cannot be told apart from a mailbox and is not flagged.
    public static func isPersonalAddress(_ email: String) -> Bool {
        guard let at = email.lastIndex(of: "@") else { return false }
        let local = email[..<at].lowercased()
        let parts = local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" }).map { part in
            String(part.reversed().drop(while: \.isNumber).reversed())
        }
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return false }
        for part in parts {
            guard part.allSatisfy({ $0.isLetter || $0 == "'" }) else { return false }
            if sharedWords.contains(part) || sharedWords.contains(where: { $0.count >= 5 && part.contains($0) }) { return false }
        }
        return true
    }

    // MARK: checking input

    /// What a form or the API sends for an entry, as typed.
    public struct Input: Sendable, Equatable {
        public var borough: String?
        public var kind: String?
        public var roleTitle: String?
        public var organisationName: String?
        public var team: String?
        public var email: String?
        public var phone: String?
        public var webForm: String?
        public var published: Bool
        public var personalEmailPublished: Bool

        public init(borough: String? = nil, kind: String? = nil, roleTitle: String? = nil, organisationName: String? = nil,
                    team: String? = nil, email: String? = nil, phone: String? = nil, webForm: String? = nil,
                    published: Bool = false, personalEmailPublished: Bool = false) {
            self.borough = borough
            self.kind = kind
            self.roleTitle = roleTitle
            self.organisationName = organisationName
            self.team = team
            self.email = email
            self.phone = phone
            self.webForm = webForm
            self.published = published
            self.personalEmailPublished = personalEmailPublished
        }
    }

    /// Checks an entry's fields; the draft when all are good, and the problems field by field
    /// (in the form's order) otherwise.
    public static func check(_ input: Input, boroughs: BoroughCatalogue, l: Localiser) -> (draft: DirectoryEntryDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let borough = trimmed(input.borough)
        if borough.isEmpty || boroughs.borough(code: borough) == nil { problems.add("borough", l("contacts.error.borough")) }
        let kind = DirectoryEntryKind(rawValue: trimmed(input.kind))
        if kind == nil { problems.add("kind", l("contacts.error.kind")) }
        let roleTitle = text(input.roleTitle, field: "roleTitle", missing: l("contacts.error.role-missing"), l: l, into: &problems)
        let organisationName = text(input.organisationName, field: "organisationName", missing: l("contacts.error.organisation-missing"),
                                    l: l, into: &problems)
        let team = text(input.team, field: "team", missing: nil, l: l, into: &problems)
        let email = trimmed(input.email), phone = trimmed(input.phone), webForm = trimmed(input.webForm)
        if email.isEmpty && phone.isEmpty && webForm.isEmpty { problems.add("email", l("contacts.error.route-missing")) }
        if !email.isEmpty && !MailMessage.isDeliverable(email) { problems.add("email", l("contacts.error.email")) }
        if !phone.isEmpty && !isPhoneNumber(phone) { problems.add("phone", l("contacts.error.phone")) }
        if !webForm.isEmpty && !isWebAddress(webForm) { problems.add("webForm", l("contacts.error.web-form")) }
        guard problems.isEmpty, let kind, let roleTitle, let organisationName else { return (nil, problems) }
        let personal = !email.isEmpty && isPersonalAddress(email)
        return (DirectoryEntryDraft(boroughCode: borough, kind: kind, roleTitle: roleTitle, organisationName: organisationName,
                                    team: team, email: email.isEmpty ? nil : email, phone: phone.isEmpty ? nil : phone,
                                    webForm: webForm.isEmpty ? nil : webForm, isPublished: input.published,
                                    personalEmailPublished: personal && input.personalEmailPublished), problems)
    }

    /// A telephone number as people write it: digits, spaces, brackets, a leading +, hyphens;
    /// 3 to 15 digits (999, 101, 0800 numbers, +44 numbers).
    public static func isPhoneNumber(_ text: String) -> Bool {
        guard text.count <= 30 else { return false }
        let allowed = Set("0123456789 ()-+")
        guard text.allSatisfy(allowed.contains), !text.dropFirst().contains("+") else { return false }
        return (3...15).contains(text.filter(\.isNumber).count)
    }

    /// An https (or http) address with a host and no spaces.
    public static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= webFormLimit, !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              let host = url.host, host.contains(".") else { return false }
        return true
    }

    private static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func text(_ value: String?, field: String, missing: String?, l: Localiser, into problems: inout ValidationProblems) -> String? {
        let value = trimmed(value)
        if value.isEmpty {
            if let missing { problems.add(field, missing) }
            return nil
        }
        if value.count > textLimit { problems.add(field, l("contacts.error.too-long", ["limit": l.number(textLimit)])) }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.add(field, l("contacts.error.control"))
        }
        return value
    }

    // MARK: tasks

    /// The task an administrator is given when an entry their organisation keeps is stale.
    public static func verificationTaskTitle(roleTitle: String, boroughName: String) -> String {
        "Check the contacts directory entry \"\(roleTitle)\" (\(boroughName)) is still correct"
    }

    /// What makes the task: the entry and the verification that went stale, so each stale
    /// verification gives each administrator one task however often the sweep runs.
    public static func verificationSourceKey(entryID: String, verifiedAt: Date) -> String {
        "contact_verification:\(entryID):\(Int64(verifiedAt.timeIntervalSince1970.rounded(.down)))"
    }
}

/// An entry's checked content: what a version records and what a change compares.
public struct DirectoryEntryDraft: Sendable, Equatable, Codable {
    public var boroughCode: String
    public var kind: DirectoryEntryKind
    public var roleTitle: String
    public var organisationName: String
    public var team: String?
    public var email: String?
    public var phone: String?
    public var webForm: String?
    public var isPublished: Bool
    /// A personal address may appear in the public list only when this says so.
    public var personalEmailPublished: Bool

    public init(boroughCode: String, kind: DirectoryEntryKind, roleTitle: String, organisationName: String, team: String?,
                email: String?, phone: String?, webForm: String?, isPublished: Bool, personalEmailPublished: Bool) {
        self.boroughCode = boroughCode
        self.kind = kind
        self.roleTitle = roleTitle
        self.organisationName = organisationName
        self.team = team
        self.email = email
        self.phone = phone
        self.webForm = webForm
        self.isPublished = isPublished
        self.personalEmailPublished = personalEmailPublished
    }

    /// Whether the email address is one person's own.
    public var hasPersonalEmail: Bool { email.map(DirectoryRules.isPersonalAddress) ?? false }

    /// The email address the public may see: a shared mailbox, or a personal address its
    /// owner agreed to publish.
    public var publicEmail: String? { hasPersonalEmail && !personalEmailPublished ? nil : email }

    /// A field of an entry, as a change names it.
    public enum Field: String, Sendable, CaseIterable, Codable {
        case borough, kind, roleTitle = "role_title", organisationName = "organisation_name", team, email, phone
        case webForm = "web_form", published, personalEmailPublished = "personal_email_published"

        public func label(_ l: Localiser) -> String {
            switch self {
            case .borough: l("contacts.field.borough")
            case .kind: l("contacts.field.kind")
            case .roleTitle: l("contacts.field.role")
            case .organisationName: l("contacts.field.organisation")
            case .team: l("contacts.field.team")
            case .email: l("contacts.field.email")
            case .phone: l("contacts.field.phone")
            case .webForm: l("contacts.field.web-form")
            case .published: l("contacts.field.published")
            case .personalEmailPublished: l("contacts.field.personal-email-published")
            }
        }
    }

    /// The fields that differ from `other`, in the form's order.
    public func changedFields(from other: DirectoryEntryDraft) -> [Field] {
        var changed: [Field] = []
        if boroughCode != other.boroughCode { changed.append(.borough) }
        if kind != other.kind { changed.append(.kind) }
        if roleTitle != other.roleTitle { changed.append(.roleTitle) }
        if organisationName != other.organisationName { changed.append(.organisationName) }
        if team != other.team { changed.append(.team) }
        if email != other.email { changed.append(.email) }
        if phone != other.phone { changed.append(.phone) }
        if webForm != other.webForm { changed.append(.webForm) }
        if isPublished != other.isPublished { changed.append(.published) }
        if personalEmailPublished != other.personalEmailPublished { changed.append(.personalEmailPublished) }
        return changed
    }
}
