import Countersign
import Foundation

/// One version of a stored, named policy.
public struct PolicyRecord: Sendable, Hashable {
    public var id: PolicyID
    /// 1 for the first version; the store assigns previous + 1 when inserting a new version.
    public var version: Int
    public var name: String
    /// The policy's JCS bytes.
    public var policy: [UInt8]
    public var createdAt: Date

    public init(id: PolicyID, version: Int, name: String, policy: [UInt8], createdAt: Date) {
        self.id = id
        self.version = version
        self.name = name
        self.policy = policy
        self.createdAt = createdAt
    }
}
