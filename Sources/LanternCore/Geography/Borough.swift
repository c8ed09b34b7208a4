/// One of London's 33 local authority areas (32 boroughs and the City of London), with the
/// police BCU that covers it and its position on the square-tile map.
public struct Borough: Sendable, Hashable, Identifiable {
    /// ONS area code, e.g. `E09000001`: the stable identifier used everywhere in Lantern.
    public let onsCode: String
    public let name: String
    public let shortCode: String
    public let isInner: Bool
    /// Metropolitan Police Basic Command Unit; the City has its own force and no BCU.
    public let bcuCode: String?
    public let bcuName: String?
    public let policeForce: String
    public let tileX: Int
    public let tileY: Int
    public let hectares: Int

    public var id: String { onsCode }
}
