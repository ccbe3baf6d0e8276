import CountersignJSON

/// A member as any member may see another (`GET /api/members`, docs/api.md): id, name and
/// roles. What a member's CLI needs to put names beside the ids it prints.
public struct DirectoryMember: Sendable {
    public let id: String
    public let name: String
    public let roles: [String]

    init(_ response: ResponseObject) throws(CountersignClientError) {
        id = try response.string("id")
        name = try response.string("name")
        roles = try response.strings("roles")
    }
}

/// The member directory (member credentials).
extension CountersignClient {
    /// The active members, as any signed-in member may list them (suspended and removed members
    /// are not in it).
    public func directory() async throws(CountersignClientError) -> [DirectoryMember] {
        try await object(.GET, "/api/members").array("members", DirectoryMember.init)
    }
}
