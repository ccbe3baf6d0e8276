import Countersign
import Foundation

/// A member as stored: who they are, what they may do, and their WebAuthn user handle.
public struct MemberRecord: Sendable, Hashable {
    /// The member's lifecycle stage: the domain's `MemberStatus`.
    public typealias Status = MemberStatus

    public var id: MemberID
    public var name: String
    public var roles: [Role]
    public var status: Status
    /// The random WebAuthn user.id (never the member id, which is not secret-free of meaning).
    public var userHandle: [UInt8]
    public var createdAt: Date

    public init(id: MemberID, name: String, roles: [Role], status: Status, userHandle: [UInt8], createdAt: Date) {
        self.id = id
        self.name = name
        self.roles = roles
        self.status = status
        self.userHandle = userHandle
        self.createdAt = createdAt
    }

    /// The domain view used by policy evaluation.
    public var member: Member { Member(id: id, name: name, roles: Set(roles)) }
}
