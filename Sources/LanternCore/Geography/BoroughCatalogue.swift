import Foundation

/// The bundled list of London boroughs (`london-boroughs.csv`), loaded once.
public struct BoroughCatalogue: Sendable {
    public let all: [Borough]
    private let byCode: [String: Borough]

    public enum LoadError: Error, CustomStringConvertible {
        case resourceMissing
        case malformedLine(Int, String)

        public var description: String {
            switch self {
            case .resourceMissing: "the bundled london-boroughs.csv is missing"
            case .malformedLine(let line, let reason): "london-boroughs.csv line \(line): \(reason)"
            }
        }
    }

    /// The catalogue shipped with Lantern.
    public static let london: BoroughCatalogue = {
        do { return try BoroughCatalogue.loadBundled() } catch {
            // The CSV is part of the binary; failing here means a broken build, not bad input.
            preconditionFailure("\(error)")
        }
    }()

    public init(boroughs: [Borough]) {
        self.all = boroughs.sorted { $0.name < $1.name }
        self.byCode = Dictionary(uniqueKeysWithValues: boroughs.map { ($0.onsCode, $0) })
    }

    public func borough(code: String) -> Borough? { byCode[code] }

    public static func loadBundled() throws -> BoroughCatalogue {
        guard let url = Bundle.module.url(forResource: "london-boroughs", withExtension: "csv") else {
            throw LoadError.resourceMissing
        }
        return try parse(String(contentsOf: url, encoding: .utf8))
    }

    /// Parses the simple comma-separated file (no quoted fields: names contain no commas).
    public static func parse(_ text: String) throws -> BoroughCatalogue {
        var boroughs: [Borough] = []
        let lines = text.split(whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10 else { throw LoadError.malformedLine(index + 1, "expected 10 fields") }
            guard let x = Int(f[7]), let y = Int(f[8]), let ha = Int(f[9]) else {
                throw LoadError.malformedLine(index + 1, "tile or area is not a number")
            }
            boroughs.append(Borough(
                onsCode: f[0], name: f[1], shortCode: f[2], isInner: f[3] == "inner",
                bcuCode: f[4].isEmpty ? nil : f[4], bcuName: f[5].isEmpty ? nil : f[5],
                policeForce: f[6], tileX: x, tileY: y, hectares: ha))
        }
        return BoroughCatalogue(boroughs: boroughs)
    }
}
