import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Members as the admin sees them (name, roles, status, how many passkeys, which keys).
enum AdminMemberJSON {
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
}
