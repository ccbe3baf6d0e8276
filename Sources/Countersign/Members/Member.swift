import Foundation

/// A member as policies see them: an id, a display name and the roles they hold.
public struct Member: Sendable, Hashable {
    /// The member's identifier.
    public let id: MemberID
    /// The name people know the member by ("Alice Martin").
    public let name: String
    /// The roles the member holds, matched by role entries of policies.
    public let roles: Set<Role>

    /// A member with a name and roles.
    public init(id: MemberID, name: String, roles: Set<Role> = []) {
        self.id = id
        self.name = name
        self.roles = roles
    }
}

extension Member {
    /// A directory keyed by id; when an id appears twice, the first entry wins.
    static func directory(_ members: some Sequence<Member>) -> [MemberID: Member] {
        var directory: [MemberID: Member] = [:]
        for member in members where directory[member.id] == nil { directory[member.id] = member }
        return directory
    }

    /// The key two members of one name share: the name lowercased, without surrounding white
    /// space. The admin's warning at invitation, the directory's emails for namesakes and policy
    /// descriptions all find namesakes by it, so they agree on who is one.
    public static func namesakeKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A name for messages: the member's name, or the id when the member is unknown or unnamed.
    static func displayName(_ id: MemberID, in directory: [MemberID: Member]) -> String {
        guard let name = directory[id]?.name, !name.allSatisfy(\.isWhitespace) else { return id.rawValue }
        return name
    }
}
