import Countersign
import Foundation

/// The filters of GET /api/statements (docs/api.md, "Listing and searching statements"); nil
/// and false leave a filter out.
public struct StatementListFilter: Sendable, Hashable {
    /// One state or several separated by commas ("pending,timelocked").
    public var state: String?
    /// A member id.
    public var creator: String?
    /// Only the caller's own statements.
    public var mine: Bool
    /// Only open statements waiting for the caller's decision.
    public var waiting: Bool
    /// Text in the title, the content or the creator's name.
    public var search: String?
    public var createdFrom: Date?
    public var createdBefore: Date?
    /// true: only archived statements; false: none; nil: both.
    public var archived: Bool?

    public init(
        state: String? = nil, creator: String? = nil, mine: Bool = false, waiting: Bool = false, search: String? = nil,
        createdFrom: Date? = nil, createdBefore: Date? = nil, archived: Bool? = nil
    ) {
        self.state = state
        self.creator = creator
        self.mine = mine
        self.waiting = waiting
        self.search = search
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.archived = archived
    }

    var parameters: [(String, String?)] {
        [
            ("state", state), ("creator", creator), ("mine", mine ? "true" : nil), ("waiting", waiting ? "true" : nil),
            ("q", search), ("createdFrom", createdFrom.map(Timestamp.format)), ("createdBefore", createdBefore.map(Timestamp.format)),
            ("archived", archived.map { $0 ? "true" : "false" }),
        ]
    }
}
