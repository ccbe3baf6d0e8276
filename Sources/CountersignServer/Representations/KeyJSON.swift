import Countersign
import CountersignJSON
import CountersignStore

/// How key records appear in API responses: the record of docs/formats.md plus status.
enum KeyJSON {
    static func json(_ key: KeyRecord) throws -> JSONValue {
        let jwk = try JSONParser().parse(Array(key.jwk.utf8))
        let attestation = try JSONParser().parse(Array(key.attestation.utf8))
        return .object([
            "kid": .string(key.kid), "member": .string(key.member.rawValue), "jwk": jwk, "method": .string(key.method),
            "attestation": attestation, "validFrom": .string(Timestamp.format(key.validFrom)),
            "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }

    /// An enrolment's answer: the key record with the operation it waits for (or null).
    static func json(_ key: KeyRecord, operation: JSONValue) throws -> JSONValue {
        let record = try json(key)
        guard case .object(var object) = record else { return record }
        object["operation"] = operation
        return .object(object)
    }
}
