import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Members as the admin sees them (name, roles, status, how many passkeys, which keys), and the
/// parsing of the name and role fields the admin sends.
enum AdminMemberJSON {
    static func json(_ member: MemberRecord, reader: any StoreReader) async throws -> JSONValue {
        json(member, passkeys: try await reader.passkeys(member: member.id).count, keys: try await reader.keys(member: member.id))
    }

    static func json(_ member: MemberRecord, passkeys: Int, keys: [KeyRecord]) -> JSONValue {
        .object([
            "id": .string(member.id.rawValue), "name": .string(member.name),
            "roles": .array(member.roles.map(\.rawValue).sorted().map { .string($0) }),
            "status": .string(member.status.rawValue), "createdAt": .string(Timestamp.format(member.createdAt)),
            "passkeys": .number(Double(passkeys)),
            "keys": .array(keys.map { key in
                .object([
                    "kid": .string(key.kid), "method": .string(key.method), "validFrom": .string(Timestamp.format(key.validFrom)),
                    "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
                ])
            }),
        ])
    }

    /// A new member (status invited) from a body's "name" and "roles": a random id and a random
    /// WebAuthn user handle.
    static func newMember(_ body: JSONObject, at now: Date) throws -> MemberRecord {
        MemberRecord(
            id: try MemberID(randomBytes: ServerSecrets.randomBytes(16)), name: try name(body),
            roles: try body["roles"].map(roles) ?? [], status: .invited, userHandle: ServerSecrets.randomBytes(32), createdAt: now)
    }

    /// The "name" member: one line of 1 to 200 characters, trimmed.
    static func name(_ body: JSONObject) throws(APIError) -> String {
        let name = try body.requiredString("name").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, PathTokens.isOneLine(name) else {
            throw .badRequest("invalid_name", "a name is one line of 1 to 200 characters")
        }
        return name
    }

    /// A list of at most 32 role names, duplicates dropped, order kept.
    static func roles(_ value: JSONValue) throws(APIError) -> [Role] {
        guard let array = value.arrayValue, array.count <= 32 else {
            throw .badRequest("invalid_roles", "\"roles\" must be an array of at most 32 role names")
        }
        var roles: [Role] = []
        for item in array {
            guard let text = item.stringValue, let role = try? Role(text) else {
                throw .badRequest("invalid_roles", "a role is a short lowercase name, e.g. \"investor\"")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles
    }
}
