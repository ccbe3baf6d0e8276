import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation

/// One seeded statement as the product would have stored it after its creation and its votes:
/// the frozen document, the votes (each a real Ed25519 signature by an enrolled key over the
/// statement, as `VoteSignature` makes them), the evaluated status, and the audit events the
/// server writes on the way (statement.created, vote.approve, statement.approved).
struct ScaleStatement: Sendable {
    let record: StatementRecord
    let votes: [VoteRecord]
    let audit: [(actor: String, action: String, subject: String, details: JSONObject, at: Date)]

    /// Statement `index` of the data set, created at `createdAt`; `approvals` signers (1 or 2 of
    /// the policy's three) approve one and two seconds later.
    init(index: Int, team: ScaleTeam, createdAt: Date, approvals: Int) throws {
        let statement = try Statement(
            id: StatementID(randomBytes: ScaleTeam.randomBytes(16)), title: "Scale statement \(index)",
            content: .object([
                "kind": "purchase-order", "number": .number(Double(index)),
                "amount": .object(["currency": "EUR", "value": .number(Double(1_000 + index % 9_000))]),
                "text": "Seeded by countersign-scale: a purchase order the finance signers approve.",
            ]),
            creator: team.creator.member, createdAt: createdAt, policy: try Policy(json: team.policy))
        let members = team.all.map { Member(id: $0.member, name: $0.name, roles: []) }
        var votes: [VoteRecord] = []
        var audit: [(actor: String, action: String, subject: String, details: JSONObject, at: Date)] = [
            (team.creator.member.rawValue, "statement.created", statement.id.rawValue,
             ["digest": .string(statement.digest), "title": .string(statement.title), "state": "pending"], statement.createdAt),
        ]
        let initial = statement.evaluate(votes: [], members: members, now: statement.createdAt)
        var status = StatementStatus(
            state: initial.state, weight: initial.approvalWeight, threshold: initial.threshold, decidedAt: initial.decidedAt)
        var updatedAt = statement.createdAt
        for (offset, signer) in team.signers.prefix(approvals).enumerated() {
            let receivedAt = statement.createdAt.addingTimeInterval(Double(offset + 1))
            let signature = try JWSSigner(key: signer.key).signature(
                encodedPayload: Base64URL.encode(VoteKind.approve.payload(for: statement.signedStatement)),
                protectedHeader: ["typ": .string(VoteKind.approve.type), "iat": .number(receivedAt.timeIntervalSince1970.rounded(.down))])
            votes.append(VoteRecord(
                statement: statement.id, member: signer.member, kind: .approve, kid: signer.key.thumbprint, keyMethod: "admin-token",
                signature: String(decoding: JCS.canonicalize(.object(signature.jsonObject)), as: UTF8.self), receivedAt: receivedAt,
                stepUp: false))
            let evaluation = statement.evaluate(
                votes: votes.map { Vote(member: $0.member, kind: $0.kind, receivedAt: $0.receivedAt, keyMethod: .adminToken) },
                members: members, now: receivedAt)
            let previous = status
            status = StatementStatus(
                state: evaluation.state, weight: evaluation.approvalWeight, threshold: evaluation.threshold, decidedAt: evaluation.decidedAt)
            updatedAt = receivedAt
            audit.append((signer.member.rawValue, "vote.approve", statement.id.rawValue,
                          ["kid": .string(signer.key.thumbprint), "signature": .string(Receipt.signatureHash(signature)),
                           "stepUp": false, "weight": .number(Double(status.weight))], receivedAt))
            if status.state != previous.state {
                audit.append((signer.member.rawValue, "statement.\(status.state.rawValue)", statement.id.rawValue,
                              ["from": .string(previous.state.rawValue), "to": .string(status.state.rawValue),
                               "weight": .number(Double(status.weight)), "threshold": .number(Double(status.threshold))], receivedAt))
            }
        }
        record = StatementRecord(
            id: statement.id, creator: statement.creator, title: statement.title, document: statement.canonicalBytes,
            digest: statement.digest, status: status, createdAt: statement.createdAt, expiresAt: statement.effectiveExpiry,
            updatedAt: updatedAt)
        self.votes = votes
        self.audit = audit
    }
}
