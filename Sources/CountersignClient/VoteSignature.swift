import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation

/// The General JWS signature entry for a vote (docs/formats.md), made from the statement exactly as
/// the server served it: an approval signs the served `payload`, a rejection signs the rejection
/// document over the served digest (`rejection/v1`, or `rejection/v2` with the reason exactly as
/// given). The protected header is {"alg","kid","typ","iat"}.
public enum VoteSignature {
    /// The entry {"protected","signature"} to submit as `{"signature": entry}`.
    public static func entry(
        _ kind: VoteKind, on statement: StatementView, key: JWK, reason: String? = nil, iat: Date = Date()
    ) throws(CountersignClientError) -> JSONObject {
        let signed = SignedStatement(id: statement.id, canonicalBytes: statement.payload, digest: statement.digest)
        let checked: VoteReason?
        do throws(VoteReasonError) {
            checked = try reason.map { text throws(VoteReasonError) in try VoteReason(text) }
        } catch {
            throw .invalidRequest("the reason is refused: \(error.description)")
        }
        if kind == .approve, checked != nil { throw .invalidRequest("an approval carries no reason") }
        do {
            let signature = try JWSSigner(key: key).signature(
                encodedPayload: Base64URL.encode(kind.payload(for: signed, reason: checked)),
                protectedHeader: ["typ": .string(kind.type), "iat": .number(Double(Int(iat.timeIntervalSince1970)))])
            return signature.jsonObject
        } catch {
            throw .invalidRequest("cannot sign the vote: \(error)")
        }
    }
}
