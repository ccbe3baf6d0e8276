import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation
import Testing

/// Three partners with Ed25519 signing keys attested by software passkeys, a 2-of-3 statement, and
/// the server's key: everything a test needs to build real evidence bundles and spoil them.
struct EvidenceScenario {
    static let rpID = "countersign.example"
    static let origin = "https://countersign.example"
    /// 2026-11-20T10:00:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_795_168_800)
    static func at(hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    /// One member's signing key and the passkey that attested it.
    struct Signer {
        let member: Member
        let key: JWK
        let passkey: SoftwarePasskey
        let evidenceKey: EvidenceKey
    }

    let members: [Member]
    /// alice, bob, carol, and alice's second key "alice2".
    let signers: [String: Signer]
    let serverKey: JWK
    let statement: Statement

    init() throws {
        let names = ["alice", "bob", "carol"]
        members = try names.map { try Member(id: MemberID("mem_\($0)"), name: $0.capitalized, roles: [Role("partner")]) }
        var signers: [String: Signer] = [:]
        for (name, member) in zip(names + ["alice2"], members + [members[0]]) {
            signers[name] = try Self.makeSigner(member)
        }
        self.signers = signers
        serverKey = try JWK.generate(for: .ed25519)
        statement = try Self.makeStatement(id: "st_seriesA", content: ["amount": 2_500_000, "currency": "eur"], policy: Self.twoOfThree, creator: members[0].id)
    }

    static func makeSigner(_ member: Member, validFrom: Date = t0, revokedAt: Date? = nil) throws -> Signer {
        let key = try JWK.generate(for: .ed25519)
        let passkey = SoftwarePasskey()
        let record = try passkey.attest(key.publicKey, member: member.id.rawValue)
        let memberKey = MemberKey(jwk: key, member: member.id.rawValue, method: .passkey, validFrom: validFrom, revokedAt: revokedAt)
        return Signer(member: member, key: key, passkey: passkey, evidenceKey: EvidenceKey(key: memberKey, attestation: record.jsonValue))
    }

    static let twoOfThree = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    /// A statement by alice, by default under "2 of the partners".
    func statement(id: String, content: JSONObject, policy: String = twoOfThree) throws -> Statement {
        try Self.makeStatement(id: id, content: content, policy: policy, creator: members[0].id)
    }

    static func makeStatement(id: String, content: JSONObject, policy: String, creator: MemberID) throws -> Statement {
        try Statement(
            id: StatementID(id), title: "Series A term sheet", content: .object(content), creator: creator, createdAt: t0,
            policy: Policy(json: Array(policy.utf8)))
    }

    func signer(_ name: String) throws -> Signer { try #require(signers[name]) }

    var allKeys: [EvidenceKey] { ["alice", "bob", "carol", "alice2"].compactMap { signers[$0]?.evidenceKey } }

    /// `name`'s signature of `kind` on `statement`, as the server verified and received it at `at`.
    /// `headerKid` overrides the kid the signature names.
    func vote(
        _ name: String, _ kind: VoteKind = .approve, on statement: Statement? = nil, at: Date, headerKid: String? = nil,
        reason: VoteReason? = nil
    ) throws -> VerifiedVote {
        let signer = try signer(name)
        let target = (statement ?? self.statement).signedStatement
        let signature = try JWSSigner(key: signer.key).signature(
            encodedPayload: Base64URL.encode(kind.payload(for: target, reason: reason)),
            protectedHeader: ["typ": .string(kind.type), "iat": .number(at.timeIntervalSince1970)])
        let used = try headerKid.map { kid in try Self.replacingKid(signature, kid) } ?? signature
        return VerifiedVote(
            member: signer.member.id.rawValue, kind: kind, kid: signer.key.thumbprint, keyMethod: .passkey, receivedAt: at,
            signature: used, stepUp: false, reason: reason)
    }

    /// The signature with its protected header's kid replaced (so the signature no longer verifies
    /// with whatever key the new kid names).
    static func replacingKid(_ signature: JWS.Signature, _ kid: String) throws -> JWS.Signature {
        var header = signature.protectedHeader
        header["kid"] = .string(kid)
        return try JWS.Signature(entry: [
            "protected": .string(Base64URL.encode(JCS.canonicalize(.object(header)))),
            "signature": .string(signature.encodedSignature),
        ])
    }

    /// The bundle an honest server exports for these votes at `now`, or with `claim` in place of
    /// the true evaluation (and a receipt that agrees with the claim).
    func bundle(
        _ statement: Statement? = nil, votes: [VerifiedVote], now: Date = at(hours: 3), keys: [EvidenceKey]? = nil,
        claim: (status: EvidenceStatus, approvals: [String])? = nil, receiptKey: JWK? = nil
    ) throws -> EvidenceBundle {
        let statement = statement ?? self.statement
        let evaluation = statement.evaluate(votes: try votes.map { try Vote($0) }, members: members, now: now)
        let status = claim?.status ?? EvidenceStatus(evaluation)
        let receipt = try Receipt(
            statement: statement.id.rawValue, digest: statement.digest, state: status.state.rawValue, decidedAt: status.decidedAt,
            approvals: claim?.approvals ?? EvidenceBundle.countedApprovals(votes, evaluation: evaluation), auditSeq: 42
        ).signed(with: receiptKey ?? serverKey)
        let built = EvidenceBundle.build(
            statement: statement, votes: votes, members: members, keys: keys ?? allKeys, evaluation: evaluation,
            receipt: receipt, serverKey: serverKey)
        guard let claim else { return built }
        return built.replacing(status: claim.status)
    }

    /// alice and bob approve, one and two hours in: approved at hour 2.
    func approvedBundle() throws -> EvidenceBundle {
        try bundle(votes: [vote("alice", at: Self.at(hours: 1)), vote("bob", at: Self.at(hours: 2))])
    }
}

extension EvidenceBundle {
    /// A copy with some parts replaced, as a forger would edit the file.
    func replacing(
        statement: Statement? = nil, approvals: JWS? = nil, rejections: JWS?? = nil, members: [Member]? = nil,
        keys: [EvidenceKey]? = nil, votes: [EvidenceVote]? = nil, status: EvidenceStatus? = nil, receipt: String? = nil,
        serverKey: JWK? = nil, reasonedRejections: [JWS]? = nil
    ) -> EvidenceBundle {
        EvidenceBundle(
            statement: statement ?? self.statement, approvals: approvals ?? self.approvals, rejections: rejections ?? self.rejections,
            members: members ?? self.members, keys: keys ?? self.keys, votes: votes ?? self.votes, status: status ?? self.status,
            receipt: receipt ?? self.receipt, serverKey: serverKey ?? self.serverKey, reasonedRejections: reasonedRejections ?? self.reasonedRejections)
    }
}
