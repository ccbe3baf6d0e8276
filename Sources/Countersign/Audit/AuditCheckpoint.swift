import CountersignJOSE
import CountersignJSON
import Foundation

/// A signed statement of the audit log's size and head hash at a moment (docs/api.md): a compact
/// JWS by the server key over {"size","head","at"}. Anyone holding an old checkpoint can prove
/// that a later log still contains the same first `size` events.
public struct AuditCheckpoint: Sendable, Hashable {
    public let size: Int64
    public let head: String
    public let at: Date

    public init(size: Int64, head: String, at: Date) {
        self.size = size
        self.head = head
        self.at = at
    }

    /// The JWS "typ" of checkpoints, so that no other server signature can pass for one.
    public static let type = "countersign-checkpoint+jws"

    /// Signs the checkpoint with the server key.
    public func signed(with serverKey: JWK) throws(JWSError) -> String {
        try ServerSignature.sign(
            ["size": .number(Double(size)), "head": .string(head), "at": .string(Timestamp.format(at))],
            type: Self.type, with: serverKey)
    }

    /// Why a checkpoint was refused.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        case signatureInvalid(String)

        public var code: String {
            switch self {
            case .malformed: "checkpoint_malformed"
            case .signatureInvalid: "checkpoint_signature"
            }
        }

        public var description: String {
            switch self {
            case .malformed(let reason): "checkpoint is malformed: \(reason)"
            case .signatureInvalid(let reason): "checkpoint signature does not verify: \(reason)"
            }
        }
    }

    /// Verifies a compact checkpoint against the server's public key and returns its content.
    public static func verify(_ compact: String, serverKey: JWK) throws(Failure) -> AuditCheckpoint {
        let object: JSONObject
        do { object = try ServerSignature.verify(compact, type: type, serverKey: serverKey) } catch {
            switch error {
            case .malformed(let reason): throw .malformed(reason)
            case .signatureInvalid(let reason): throw .signatureInvalid(reason)
            }
        }
        guard let size = object["size"]?.integerValue, size >= 0,
              let head = object["head"]?.stringValue,
              let atText = object["at"]?.stringValue, let at = Timestamp.parse(atText),
              object.count == 3 else {
            throw .malformed("payload must be {\"size\",\"head\",\"at\"}")
        }
        return AuditCheckpoint(size: size, head: head, at: at)
    }
}
