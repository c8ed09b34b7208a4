import Crypto

/// A record's key for the cell key method: a number in 0..<256 drawn at random once, when the
/// record (a case) is created, stored with it and never changed or shown. Because a published
/// cell's noise depends only on its records' keys, the same set of records gets the same
/// noise whatever question produced it, so asking again, or asking the same thing another way,
/// gives nothing new.
public struct RecordKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: Int

    /// Nil outside 0..<256.
    public init?(_ value: Int) {
        guard (0..<PerturbationTable.keySpace).contains(value) else { return nil }
        self.value = value
    }

    /// A uniformly random key. Every cell's key is uniform only if every record's is, so use a
    /// generator fit for secrets in production (the system one, `random()`).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> RecordKey {
        RecordKey(unchecked: Int(UInt8(truncatingIfNeeded: generator.next())))
    }

    public static func random() -> RecordKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The key of one mention of this record, for a record counted once per code (a case with
    /// several exploitation types is counted once for each type). Store it on the mention's row
    /// when the row is written, so the database can `SUM` it like a record key.
    ///
    /// It is the record key plus an offset fixed by the code (the first byte of SHA-256 of
    /// "lantern.cell-key.mention:" + code), mod 256. So: deterministic (the same case and
    /// code always give the same key, so the same set of mentions always gets the same noise);
    /// uniform for each code, since adding a constant mod 256 keeps a uniform key uniform; and
    /// different for different codes of one case, so one case counted under two types does not
    /// give both cells the same noise. It depends on the code, not on the mention's position,
    /// so adding or removing one type of a case leaves the keys of its other types alone.
    public func mentionKey(code: String) -> RecordKey {
        let offset = Array(SHA256.hash(data: Array("lantern.cell-key.mention:\(code)".utf8))).first ?? 0
        return RecordKey(unchecked: (value + Int(offset)) % PerturbationTable.keySpace)
    }

    public var description: String { String(value) }

    private init(unchecked value: Int) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        guard let key = RecordKey(value) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "A record key is from 0 to 255, not \(value).")
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A published cell's key: the sum of its records' keys, mod 256. Uniform whenever the cell has
/// at least one record with a uniform key, and fixed by the set of records alone. Keys add up:
/// a total's key is the sum of its parts' keys (mod 256) when each record is in one part.
public struct CellKey: Sendable, Hashable {
    /// In 0..<256.
    public let value: Int

    /// From the sum of the records' keys as the database returns it (`SUM(record_key)`, which
    /// is not reduced); any integer is taken mod 256.
    public init(keySum: Int) {
        let space = PerturbationTable.keySpace
        value = ((keySum % space) + space) % space
    }

    public init(records: some Sequence<RecordKey>) {
        self.init(keySum: records.reduce(0) { ($0 + $1.value) % PerturbationTable.keySpace })
    }
}

/// One cell's true count as the database returns it: `COUNT(*)` and `SUM(record_key)` (or the
/// mention keys' sum when records are counted once per mention). An empty cell is (0, 0):
/// read a NULL sum as 0.
public struct KeyedCount: Sendable, Hashable {
    public var count: Int
    public var keySum: Int

    public init(count: Int, keySum: Int) {
        self.count = count
        self.keySum = keySum
    }

    public static let zero = KeyedCount(count: 0, keySum: 0)

    public var cellKey: CellKey { CellKey(keySum: keySum) }

    /// Two disjoint sets of records together.
    public static func + (a: KeyedCount, b: KeyedCount) -> KeyedCount {
        KeyedCount(count: a.count + b.count, keySum: a.keySum + b.keySum)
    }
}
