import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// An operation as the API shows it: {"id","kind","member","target","details","state",
/// "scheduledAt","dueAt","cancelledBy"?,"decidedAt"?,"result"?}. "dueAt" is null while a recovery
/// waits for the member to register the new passkey.
enum OperationJSON {
    static func json(_ operation: OperationRecord) -> JSONValue {
        var object: JSONObject = [
            "id": .string(operation.id), "kind": .string(operation.kind.rawValue),
            "member": operation.member.map { .string($0.rawValue) } ?? .null, "target": .string(operation.target),
            "details": parsed(operation.details), "state": .string(operation.state.rawValue),
            "scheduledAt": .string(Timestamp.format(operation.scheduledAt)),
            "dueAt": operation.dueAt.map { .string(Timestamp.format($0)) } ?? .null,
        ]
        if let cancelledBy = operation.cancelledBy { object["cancelledBy"] = .string(cancelledBy) }
        if let decidedAt = operation.decidedAt { object["decidedAt"] = .string(Timestamp.format(decidedAt)) }
        if let result = operation.result { object["result"] = parsed(result) }
        return .object(object)
    }

    /// A stored JSON object (details, result); the store only holds what the server wrote.
    static func parsed(_ text: String) -> JSONValue {
        (try? JSONParser().parse(text)).flatMap { $0.objectValue.map(JSONValue.object) } ?? .object([:])
    }

    /// An object as the store keeps it (JCS text).
    static func text(_ object: JSONObject) -> String {
        String(decoding: JCS.canonicalize(.object(object)), as: UTF8.self)
    }

    /// The operation id path parameter, or 404.
    static func id(_ text: String) throws -> String {
        guard text.hasPrefix("op_"), IdentifierText.isBase64URL(String(text.dropFirst(3)), maxLength: 64) else {
            throw ServiceError.notFound("operation \(text.prefix(80))")
        }
        return text
    }

    /// A fresh unguessable operation id.
    static func newID() -> String { "op_" + Base64URL.encode(ServerSecrets.randomBytes(16)) }
}
