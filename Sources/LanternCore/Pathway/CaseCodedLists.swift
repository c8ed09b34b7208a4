import Foundation

/// The two coded lists a case uses, bundled as CSV (`Pathway/Resources`; where they come from
/// is in `coded-lists-LICENSE.txt` beside them).
extension CodedList {
    /// Nationality as citizenship: ISO 3166-1 alpha-3 codes, as the international case-data
    /// standard (HTCDS) codes it, with English names and the Home Office statistics'
    /// demonyms; plus `XKX` Kosovo (not in ISO 3166-1, but a nationality the NRM statistics
    /// report), `XXA` Stateless (the ICAO code), `OTHER` and `UNKNOWN`.
    public static let nationalities: CodedList = bundled("nationalities", otherCode: "OTHER", unknownCode: "UNKNOWN")

    /// Languages as ISO 639-3 codes with English names: every language with an ISO 639-1
    /// two-letter code, the ones London's interpreters are asked for that lack one (Dari,
    /// Sorani, Kurmanji, Sylheti, Cantonese, Mandarin, Nigerian Pidgin, Tuvaluan, Romani),
    /// `other` and `unknown`.
    public static let languages: CodedList = bundled("languages", otherCode: "other", unknownCode: "unknown")

    public static func loadBundled(_ name: String, otherCode: String, unknownCode: String) throws -> CodedList {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv") else {
            throw LoadError.resourceMissing("\(name).csv")
        }
        return try parse(Data(contentsOf: url), file: "\(name).csv", otherCode: otherCode, unknownCode: unknownCode)
    }

    private static func bundled(_ name: String, otherCode: String, unknownCode: String) -> CodedList {
        do { return try loadBundled(name, otherCode: otherCode, unknownCode: unknownCode) } catch {
            // The CSV is part of the binary; failing here means a broken build, not bad input.
            preconditionFailure("\(error)")
        }
    }
}
