import Countersign
import CountersignJSON
import CountersignStore

/// How members appear in API responses.
enum MemberJSON {
    static func json(_ member: MemberRecord) -> JSONValue {
        .object([
            "id": .string(member.id.rawValue), "name": .string(member.name),
            "roles": .array(member.roles.map { .string($0.rawValue) }), "status": .string(member.status.rawValue),
        ])
    }
}
