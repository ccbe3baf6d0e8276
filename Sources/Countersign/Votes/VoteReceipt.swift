import CountersignJOSE
import CountersignJSON
import Foundation

/// The server's signed acknowledgement of one accepted vote (docs/formats.md, "Vote receipts"): a
/// compact JWS by the server key, typ `countersign-vote-receipt+jws`, over
/// {"countersign":"vote-receipt/v1","statement","digest","member","kind","vote","receivedAt",
/// "state","weight","threshold"}.
///
/// It is the small answer a client asks for with `Prefer: return=minimal` instead of the whole
/// statement view. `vote` is `Receipt.signatureHash` of the member's signature, so the receipt
/// names exactly the signature the server accepted; the statement's state, weight and threshold
/// are as they stood when the vote committed. It carries no log index: the transparency log
/// sequences the vote's audit event after the vote commits (docs/transparency.md), so the index is
/// not known yet; the log's own inclusion proof shows it later.
public struct VoteReceipt: Sendable, Hashable {
    public let statement: String
    /// The statement's digest, which the vote signed.
    public let digest: String
    public let member: String
    public let kind: VoteKind
    /// `Receipt.signatureHash` of the accepted signature.
    public let vote: String
    public let receivedAt: Date
    public let state: StatementState
    public let weight: Int
    public let threshold: Int

    public init(
        statement: String, digest: String, member: String, kind: VoteKind, vote: String, receivedAt: Date, state: StatementState,
        weight: Int, threshold: Int
    ) {
        self.statement = statement
        self.digest = digest
        self.member = member
        self.kind = kind
        self.vote = vote
        self.receivedAt = receivedAt
        self.state = state
        self.weight = weight
        self.threshold = threshold
    }

    /// The "typ" of vote receipts, so no other server signature can pass for one.
    public static let type = "countersign-vote-receipt+jws"
    /// The payload's format name.
    public static let format = "vote-receipt/v1"

    public var payload: JSONObject {
        [
            "countersign": .string(Self.format), "statement": .string(statement), "digest": .string(digest),
            "member": .string(member), "kind": .string(kind.rawValue), "vote": .string(vote),
            "receivedAt": .string(Timestamp.format(receivedAt)), "state": .string(state.rawValue),
            "weight": .number(Double(weight)), "threshold": .number(Double(threshold)),
        ]
    }

    /// Signs the receipt with the server key (compact JWS).
    public func signed(with serverKey: JWK) throws(JWSError) -> String {
        try ServerSignature.sign(payload, type: Self.type, with: serverKey)
    }

    /// Verifies a compact vote receipt against the server's public key and returns its content.
    public static func verify(_ compact: String, serverKey: JWK) throws(Receipt.Failure) -> VoteReceipt {
        let object: JSONObject
        do { object = try ServerSignature.verify(compact, type: type, serverKey: serverKey) } catch {
            switch error {
            case .malformed(let reason): throw .malformed(reason)
            case .signatureInvalid(let reason): throw .signatureInvalid(reason)
            }
        }
        guard object.count == 10, object["countersign"]?.stringValue == format,
              let statement = object["statement"]?.stringValue, let digest = object["digest"]?.stringValue,
              let member = object["member"]?.stringValue, let kind = object["kind"]?.stringValue.flatMap(VoteKind.init(rawValue:)),
              let vote = object["vote"]?.stringValue,
              let receivedAt = object["receivedAt"]?.stringValue.flatMap(Timestamp.parse),
              let state = object["state"]?.stringValue.flatMap(StatementState.init(rawValue:)),
              let weight = object["weight"]?.integerValue, let threshold = object["threshold"]?.integerValue
        else {
            throw .malformed(
                "payload must be {\"countersign\":\"\(format)\",\"statement\",\"digest\",\"member\",\"kind\",\"vote\",\"receivedAt\",\"state\",\"weight\",\"threshold\"}")
        }
        return VoteReceipt(
            statement: statement, digest: digest, member: member, kind: kind, vote: vote, receivedAt: receivedAt, state: state,
            weight: Int(weight), threshold: Int(threshold))
    }
}
