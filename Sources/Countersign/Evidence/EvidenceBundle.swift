import CountersignJOSE
import CountersignJSON
import Foundation

/// Everything needed to check a statement's decision offline (docs/formats.md, CONTRACT):
/// {"countersign":"evidence/v1","statement","approvals","rejections","members","keys","status",
/// "receipt","serverKey"}, plus the "votes" list and each key's "validFrom" (compatible
/// extensions, docs/formats.md). With the transparency log's proofs ("log", `EvidenceLog`) the
/// bundle is "evidence/v2".
public struct EvidenceBundle: Sendable {
    /// The value of "countersign" without log proofs.
    public static let formatV1 = "evidence/v1"
    /// The value of "countersign" with log proofs.
    public static let formatV2 = "evidence/v2"

    /// The statement document the approvals sign.
    public let statement: Statement
    /// The approval envelope: payload = the statement document's JCS bytes.
    public let approvals: JWS
    /// The rejection envelope of the rejections without a reason (`rejection/v1`), if any.
    public let rejections: JWS?
    /// The rejections with a signed reason (`rejection/v2`), one single-signature JWS each, since
    /// each signs its own payload ("rejectionsWithReason", a compatible extension present only
    /// when there is one).
    public let reasonedRejections: [JWS]
    /// The member directory the policy was evaluated with.
    public let members: [Member]
    /// Every key that signed a vote, with its attestation and validity.
    public let keys: [EvidenceKey]
    /// When the server received each signature.
    public let votes: [EvidenceVote]
    /// The decision the server claims.
    public let status: EvidenceStatus
    /// The server-signed receipt (compact JWS).
    public let receipt: String
    /// The server's public key.
    public let serverKey: JWK
    /// Passkeys step-ups used that no key attestation in the bundle carries (see `EvidencePasskey`).
    public let passkeys: [EvidencePasskey]
    /// The transparency log's proofs (evidence/v2); nil in an evidence/v1 bundle.
    public let log: EvidenceLog?

    /// "evidence/v2" with log proofs, "evidence/v1" without.
    public var format: String { log == nil ? Self.formatV1 : Self.formatV2 }

    /// A bundle from its parts, unchecked: `verify` checks it.
    public init(
        statement: Statement, approvals: JWS, rejections: JWS?, members: [Member], keys: [EvidenceKey],
        votes: [EvidenceVote], status: EvidenceStatus, receipt: String, serverKey: JWK, passkeys: [EvidencePasskey] = [],
        log: EvidenceLog? = nil, reasonedRejections: [JWS] = []
    ) {
        self.reasonedRejections = reasonedRejections
        self.passkeys = passkeys
        self.log = log
        self.statement = statement
        self.approvals = approvals
        self.rejections = rejections
        self.members = members
        self.keys = keys
        self.votes = votes
        self.status = status
        self.receipt = receipt
        self.serverKey = serverKey.publicKey
    }

    /// A copy with `log` (the server adds the log's proofs once the entries are checkpointed).
    public func with(log: EvidenceLog?) -> EvidenceBundle {
        EvidenceBundle(
            statement: statement, approvals: approvals, rejections: rejections, members: members, keys: keys, votes: votes, status: status,
            receipt: receipt, serverKey: serverKey, passkeys: passkeys, log: log, reasonedRejections: reasonedRejections)
    }

    /// Builds the bundle the server exports: the envelopes from the verified votes, the status
    /// from `evaluation` (the policy evaluated with these votes and members), the receipt as signed.
    public static func build(
        statement: Statement, votes: [VerifiedVote], members: [Member], keys: [EvidenceKey],
        evaluation: PolicyEvaluation, receipt: String, serverKey: JWK, passkeys: [EvidencePasskey] = [], log: EvidenceLog? = nil
    ) -> EvidenceBundle {
        let signed = statement.signedStatement
        let approvals = JWS(payload: VoteKind.approve.payload(for: signed), signatures: votes.filter { $0.kind == .approve }.map(\.signature))
        let rejected = votes.filter { $0.kind == .reject && $0.reason == nil }.map(\.signature)
        let rejections = rejected.isEmpty ? nil : JWS(payload: VoteKind.reject.payload(for: signed), signatures: rejected)
        let reasoned = votes.filter { $0.kind == .reject && $0.reason != nil }.map { vote in
            JWS(payload: VoteKind.reject.payload(for: signed, reason: vote.reason), signatures: [vote.signature])
        }
        return EvidenceBundle(
            statement: statement, approvals: approvals, rejections: rejections, members: members, keys: keys,
            votes: votes.map(EvidenceVote.init), status: EvidenceStatus(evaluation), receipt: receipt, serverKey: serverKey,
            passkeys: passkeys, log: log, reasonedRejections: reasoned)
    }

    /// The approvals an evaluation counted, as `Receipt.signatureHash` values in a stable order:
    /// what a receipt lists. A member counts once however many signatures they made.
    public static func countedApprovals(_ votes: [VerifiedVote], evaluation: PolicyEvaluation) -> [String] {
        var ignored: [Vote: Int] = [:]
        for entry in evaluation.explanation.ignoredVotes where entry.vote.kind == .approve { ignored[entry.vote, default: 0] += 1 }
        var byVote: [Vote: [String]] = [:]
        for vote in votes where vote.kind == .approve {
            guard let policyVote = try? Vote(vote) else { continue }
            byVote[policyVote, default: []].append(Receipt.signatureHash(vote.signature))
        }
        var counted: [String] = []
        for (vote, hashes) in byVote {
            let remaining = hashes.count - (ignored[vote] ?? 0)
            if remaining > 0 { counted += hashes.sorted().prefix(remaining) }
        }
        return counted.sorted()
    }

    /// The bundle as JSON.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "countersign": .string(format), "statement": statement.documentJSON,
            "approvals": .object(Self.envelopeJSON(approvals)), "rejections": rejections.map { .object(Self.envelopeJSON($0)) } ?? .null,
            "members": .array(members.map(\.jsonValue)), "keys": .array(keys.map(\.jsonValue)),
            "votes": .array(votes.map(\.jsonValue)), "status": status.jsonValue, "receipt": .string(receipt),
            "serverKey": .object(serverKey.jsonObject()),
        ]
        // Only when needed, so that bundles without such step-ups keep their earlier form.
        if !passkeys.isEmpty { object["passkeys"] = .array(passkeys.map(\.jsonValue)) }
        if !reasonedRejections.isEmpty { object["rejectionsWithReason"] = .array(reasonedRejections.map { .object(Self.flattenedJSON($0)) }) }
        if let log { object["log"] = log.jsonValue }
        return .object(object)
    }

    /// The bundle's JCS bytes: what GET /api/statements/{id}/evidence returns.
    public var canonicalBytes: [UInt8] { JCS.canonicalize(jsonValue) }

    /// The flattened JSON serialization of a one-signature JWS: {"payload","protected","header"?,"signature"}.
    static func flattenedJSON(_ jws: JWS) -> JSONObject {
        var object = jws.signatures.first?.jsonObject ?? [:]
        object["payload"] = .string(jws.encodedPayload)
        return object
    }

    /// The General JSON serialization; an envelope without signatures keeps an empty list.
    static func envelopeJSON(_ jws: JWS) -> JSONObject {
        jws.signatures.isEmpty ? ["payload": .string(jws.encodedPayload), "signatures": .array([])] : jws.generalJSON
    }
}
