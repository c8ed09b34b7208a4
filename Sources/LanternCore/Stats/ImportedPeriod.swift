/// The period an imported figure counts: a quarter ("2022-Q2") or, from a source that
/// records only the year (the CTDC's global dataset), a whole year ("2022").
///
/// Stored as one number: a quarter's code (20222), or the year's with 0 for its quarter
/// (20220). A whole year's figure is counted in a span of quarters only when the span
/// holds all four of its quarters (`counted(from:to:)`), so a year is never shared out
/// among quarters it was not counted by.
public enum ImportedPeriod: Hashable, Sendable, Comparable {
    case quarter(Quarter)
    case year(Int)

    /// "2022-Q2" (as `Quarter(text:)` reads) or "2022".
    public init?(text: String) {
        if let q = Quarter(text: text) { self = .quarter(q); return }
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count == 4, t.allSatisfy(\.isASCII), let y = Int(t), Quarter(year: y, quarter: 1) != nil else { return nil }
        self = .year(y)
    }

    /// How `TableShaping` writes a whole year into the long table it reads ("2022 (whole
    /// year)"): only a mapping whose period has no quarter yields whole years, so a long
    /// table's "2022" beside its quarters (a year's total) is never taken for one.
    public static func wholeYearLabel(_ year: String) -> String { year + wholeYearSuffix }
    private static let wholeYearSuffix = " (whole year)"

    public init?(wholeYearLabel text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasSuffix(Self.wholeYearSuffix), case .year(let y)? = ImportedPeriod(text: String(t.dropLast(Self.wholeYearSuffix.count))) else {
            return nil
        }
        self = .year(y)
    }

    public init?(code: Int) {
        if code % 10 == 0 {
            guard Quarter(year: code / 10, quarter: 1) != nil else { return nil }
            self = .year(code / 10)
        } else {
            guard let q = Quarter(code: code) else { return nil }
            self = .quarter(q)
        }
    }

    public var code: Int {
        switch self {
        case .quarter(let q): q.code
        case .year(let y): y * 10
        }
    }

    public var text: String {
        switch self {
        case .quarter(let q): q.text
        case .year(let y): String(y)
        }
    }

    /// The first and last quarter it covers.
    public var first: Quarter {
        switch self {
        case .quarter(let q): q
        case .year(let y): Quarter(year: y, quarter: 1)!
        }
    }

    public var last: Quarter {
        switch self {
        case .quarter(let q): q
        case .year(let y): Quarter(year: y, quarter: 4)!
        }
    }

    public var isWholeYear: Bool { if case .year = self { true } else { false } }

    /// Whether a figure for this period is counted in the span of quarters: all of it lies
    /// within the span.
    public func counted(from: Quarter, to: Quarter) -> Bool { from <= first && last <= to }

    public static func < (a: ImportedPeriod, b: ImportedPeriod) -> Bool { (a.first, a.last) < (b.first, b.last) }
}
