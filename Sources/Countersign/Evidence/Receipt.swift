import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation

/// The server's signed statement of a decision (docs/formats.md): a compact JWS by the server key
/// over {"statement","digest","state","decidedAt","approvals","auditSeq"}.
///
/// `approvals` lists, for each counted approval, base64url(SHA-256(ASCII(protected) || "." ||
/// ASCII(signature))): the exact signature objects the decision rests on, so a bundle cannot
/// swap in other signatures (or drop some) without the receipt failing.
public struct Receipt: Sendable, Hashable {
    public let statement: String
    public let digest: String
    public let state: String
    public let decidedAt: Date?
    public let approvals: [String]
    public let auditSeq: Int64

    public init(statement: String, digest: String, state: String, decidedAt: Date?, approvals: [String], auditSeq: Int64) {
        self.statement = statement
        self.digest = digest
        self.state = state
        self.decidedAt = decidedAt
        self.approvals = approvals
        self.auditSeq = auditSeq
    }

    /// The "typ" of receipts, so no other server signature can pass for one.
    public static let type = "countersign-receipt+jws"

    /// The identifier of one approval signature as receipts list it.
    public static func signatureHash(_ signature: JWS.Signature) -> String {
        let input = Array(((signature.encodedProtectedHeader ?? "") + "." + signature.encodedSignature).utf8)
        return Base64URL.encode(SHA256.hash(data: input))
    }

    var payload: JSONObject {
        [
            "statement": .string(statement), "digest": .string(digest), "state": .string(state),
            "decidedAt": decidedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "approvals": .array(approvals.map(JSONValue.string)), "auditSeq": .number(Double(auditSeq)),
        ]
    }

    /// Signs the receipt with the server key (compact JWS).
    public func signed(with serverKey: JWK) throws(JWSError) -> String {
        try ServerSignature.sign(payload, type: Self.type, with: serverKey)
    }

    /// Why a receipt was refused.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        case signatureInvalid(String)

        public var code: String {
            switch self {
            case .malformed: "receipt_malformed"
            case .signatureInvalid: "receipt_signature"
            }
        }

        public var description: String {
            switch self {
            case .malformed(let reason): "receipt is malformed: \(reason)"
            case .signatureInvalid(let reason): "receipt signature does not verify: \(reason)"
            }
        }
    }

    /// Verifies a compact receipt against the server's public key and returns its content.
    public static func verify(_ compact: String, serverKey: JWK) throws(Failure) -> Receipt {
        let object: JSONObject
        do { object = try ServerSignature.verify(compact, type: type, serverKey: serverKey) } catch {
            switch error {
            case .malformed(let reason): throw .malformed(reason)
            case .signatureInvalid(let reason): throw .signatureInvalid(reason)
            }
        }
        guard object.count == 6,
              let statement = object["statement"]?.stringValue, let digest = object["digest"]?.stringValue,
              let state = object["state"]?.stringValue, let approvalValues = object["approvals"]?.arrayValue,
              let auditSeq = object["auditSeq"]?.integerValue, let decidedValue = object["decidedAt"] else {
            throw .malformed("payload must be {\"statement\",\"digest\",\"state\",\"decidedAt\",\"approvals\",\"auditSeq\"}")
        }
        var decidedAt: Date?
        if case .string(let text) = decidedValue {
            guard let date = Timestamp.parse(text) else { throw .malformed("decidedAt is not an RFC 3339 time") }
            decidedAt = date
        } else if decidedValue != .null {
            throw .malformed("decidedAt must be a time or null")
        }
        let approvals = approvalValues.compactMap(\.stringValue)
        guard approvals.count == approvalValues.count else { throw .malformed("approvals must be strings") }
        return Receipt(statement: statement, digest: digest, state: state, decidedAt: decidedAt, approvals: approvals, auditSeq: auditSeq)
    }
}
