import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// The member fields the admin sends (a name, roles), checked the same way wherever they arrive:
/// a new member, an invitation, a scheduled role change.
enum MemberFields {
    /// A new member (status invited) from a body's "name" and "roles": a random id and a random
    /// WebAuthn user handle.
    static func newMember(_ body: JSONObject, at now: Date) throws -> MemberRecord {
        MemberRecord(
            id: try MemberID(randomBytes: ServerSecrets.randomBytes(16)), name: try name(body),
            roles: try body["roles"].map(roles) ?? [], status: .invited, userHandle: ServerSecrets.randomBytes(32), createdAt: now)
    }

    /// The "name" member: one line of 1 to 200 characters, trimmed.
    static func name(_ body: JSONObject) throws(ServiceError) -> String {
        let name = try body.requiredString("name").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, IdentifierText.isOneLine(name) else {
            throw .invalid("invalid_name", "a name is one line of 1 to 200 characters")
        }
        return name
    }

    /// A list of at most 32 role names, duplicates dropped, order kept.
    static func roles(_ value: JSONValue) throws(ServiceError) -> [Role] {
        guard let array = value.arrayValue, array.count <= 32 else {
            throw .invalid("invalid_roles", "\"roles\" must be an array of at most 32 role names")
        }
        var roles: [Role] = []
        for item in array {
            guard let text = item.stringValue, let role = try? Role(text) else {
                throw .invalid("invalid_roles", "a role is a short lowercase name, e.g. \"investor\"")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles
    }
}
