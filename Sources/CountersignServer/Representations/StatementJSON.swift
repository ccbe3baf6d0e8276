import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation

/// How statements appear in API responses (docs/api.md, GET /api/statements/{id}).
enum StatementJSON {
    static func view(_ snapshot: StatementSnapshot) -> JSONValue {
        let record = snapshot.record
        return .object([
            "statement": snapshot.statement.documentJSON,
            "payload": .string(Base64URL.encode(snapshot.statement.canonicalBytes)),
            "digest": .string(record.digest),
            "state": .string(record.status.state.rawValue),
            "weight": .number(Double(record.status.weight)),
            "threshold": .number(Double(record.status.threshold)),
            "decidedAt": time(record.status.decidedAt),
            "explanation": snapshot.evaluation.jsonValue,
            "policyText": .string(StatementService.describe(snapshot.statement.policy, members: snapshot.members).text),
            "votes": .array(snapshot.votes.map { vote($0, keyRevokedAt: snapshot.keyRevocations[$0.kid]) }),
            "withdrawals": .array(snapshot.withdrawals.map(withdrawal)),
        ])
    }

    /// One withdrawn vote; its reason is recorded by the server, not signed ("reasonSigned": false).
    static func withdrawal(_ record: WithdrawalRecord) -> JSONValue {
        .object([
            "member": .string(record.member.rawValue), "kind": .string(record.kind.rawValue),
            "reason": record.reason.map(JSONValue.string) ?? .null, "reasonSigned": .bool(false),
            "withdrawnAt": .string(Timestamp.format(record.withdrawnAt)),
        ])
    }

    static func summary(_ record: StatementRecord) -> JSONValue {
        .object([
            "id": .string(record.id.rawValue), "title": .string(record.title), "creator": .string(record.creator.rawValue),
            "digest": .string(record.digest), "state": .string(record.status.state.rawValue),
            "weight": .number(Double(record.status.weight)), "threshold": .number(Double(record.status.threshold)),
            "createdAt": .string(Timestamp.format(record.createdAt)), "decidedAt": time(record.status.decidedAt),
            "expiresAt": time(record.expiresAt),
        ])
    }

    /// One vote; `keyRevokedAt` is when its key was revoked (after the vote was received, or it
    /// would not have been accepted), null while the key is valid.
    static func vote(_ vote: VoteRecord, keyRevokedAt: Date?) -> JSONValue {
        let signature = (try? JSONParser().parse(Array(vote.signature.utf8))) ?? .null
        return .object([
            "member": .string(vote.member.rawValue), "kind": .string(vote.kind.rawValue), "kid": .string(vote.kid),
            "keyMethod": .string(vote.keyMethod), "receivedAt": .string(Timestamp.format(vote.receivedAt)),
            "stepUp": .bool(vote.stepUp), "signature": signature, "keyRevokedAt": keyRevokedAt.map { .string(Timestamp.format($0)) } ?? .null,
            // A rejection's reason is signed with it (rejection/v2); null without one.
            "reason": vote.reason.map(JSONValue.string) ?? .null,
        ])
    }

    /// The General JWS of the statement's approvals (or rejections without a reason: each
    /// rejection with one signs its own rejection/v2 payload, so it is in the evidence bundle's
    /// "rejectionsWithReason", not in this one-payload envelope).
    static func envelope(_ snapshot: StatementSnapshot, kind: VoteKind) -> JWS {
        let signatures = snapshot.votes.filter { $0.kind == kind && $0.reason == nil }.compactMap { try? StatementRecords.signature($0) }
        return JWS(payload: kind.payload(for: snapshot.statement.signedStatement), signatures: signatures)
    }

    static func time(_ date: Date?) -> JSONValue { date.map { .string(Timestamp.format($0)) } ?? .null }
}
