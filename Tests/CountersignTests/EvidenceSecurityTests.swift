import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation
import Testing

/// The MUST-SHOW refusals of docs/formats.md and 4.6: each builds an honest bundle, spoils one
/// thing the way a forger would, and requires the bundle to be refused for that reason.
@Suite("Evidence bundle security")
struct EvidenceSecurityTests {
    let scenario: EvidenceScenario
    let honest: EvidenceBundle

    init() throws {
        scenario = try EvidenceScenario()
        honest = try scenario.approvedBundle()
    }

    private func failureCodes(_ report: EvidenceReport) -> Set<String> {
        var codes = Set(report.signatures.compactMap(\.failure?.code))
        codes.formUnion(report.problems.map(\.code))
        codes.formUnion(report.receiptProblems.map(\.code))
        for key in report.keys { if case .failed(let problem) = key.result { codes.insert(problem.code) } }
        return codes
    }

    /// Refused, and refused (among other reasons) for `code`; the bundle also goes through its JSON form.
    private func expectRefused(_ bundle: EvidenceBundle, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reread = try EvidenceBundle(json: bundle.canonicalBytes)
        let report = reread.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(!report.isApproved && !report.allVerified, "the spoiled bundle verifies", sourceLocation: sourceLocation)
        #expect(failureCodes(report).contains(code), "\(failureCodes(report)) lacks \(code)", sourceLocation: sourceLocation)
    }

    @Test("changed statement content is refused")
    func changedContent() throws {
        let changed = try scenario.statement(id: "st_seriesA", content: ["amount": 25_000_000, "currency": "eur"])
        try expectRefused(honest.replacing(statement: changed), "vote_signature_invalid")
        try expectRefused(honest.replacing(statement: changed), "receipt_mismatch")
    }

    @Test("a changed policy is refused")
    func changedPolicy() throws {
        let oneOfThree = try scenario.statement(
            id: "st_seriesA", content: ["amount": 2_500_000, "currency": "eur"],
            policy: #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
        try expectRefused(honest.replacing(statement: oneOfThree), "evidence_approvals_payload")
    }

    @Test("a changed member list is refused: a role taken away, a member removed")
    func changedMembers() throws {
        var withoutRole = scenario.members
        withoutRole[1] = Member(id: withoutRole[1].id, name: withoutRole[1].name)
        try expectRefused(honest.replacing(members: withoutRole), "evidence_status_mismatch")
        try expectRefused(honest.replacing(members: scenario.members.filter { $0.name != "Bob" }), "evidence_key_unknown_member")
    }

    @Test("a changed key attestation is refused, and so are the votes made with that key")
    func changedAttestation() throws {
        var keys = honest.keys
        var record = try #require(keys[0].attestation.objectValue)
        record["nonce"] = "another-nonce"
        keys[0] = EvidenceKey(key: keys[0].key, attestation: .object(record))
        try expectRefused(honest.replacing(keys: keys), "key_attestation_assertion")
        try expectRefused(honest.replacing(keys: keys), "vote_key_not_attested")
        // Bob's genuine record placed on Alice's key.
        keys = honest.keys
        keys[0] = EvidenceKey(key: keys[0].key, attestation: keys[1].attestation)
        try expectRefused(honest.replacing(keys: keys), "key_attestation_malformed")
    }

    @Test("a changed receipt is refused: another signer, another content, an untrusted server key")
    func changedReceipt() throws {
        let forger = try JWK.generate(for: .ed25519)
        let votes = try [scenario.vote("alice", at: EvidenceScenario.at(hours: 1)), scenario.vote("bob", at: EvidenceScenario.at(hours: 2))]
        let otherSigner = try scenario.bundle(votes: votes, receiptKey: forger)
        try expectRefused(otherSigner, "receipt_signature")
        let lying = try Receipt(
            statement: "st_seriesA", digest: honest.statement.digest, state: "approved", decidedAt: EvidenceScenario.at(hours: 2),
            approvals: [Receipt.signatureHash(votes[0].signature)], auditSeq: 42).signed(with: scenario.serverKey)
        try expectRefused(honest.replacing(receipt: lying), "receipt_approvals_mismatch")
        // A bundle re-signed by a forger who also swapped in their own server key: its receipt
        // verifies only with the key inside the bundle, which proves nothing. Without a pinned
        // server key it is reported as signed by an untrusted key; against the pinned key it fails.
        let reSigned = try scenario.bundle(votes: votes, receiptKey: forger).replacing(serverKey: forger)
        let unpinned = reSigned.verify()
        #expect(!unpinned.isApproved && !unpinned.receiptTrusted && failureCodes(unpinned).contains("receipt_server_key_untrusted"))
        let report = reSigned.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(!report.isApproved && failureCodes(report).contains("receipt_server_key_untrusted"))
    }

    @Test("an approval for statement A placed in statement B's bundle is refused")
    func approvalFromAnotherStatement() throws {
        let other = try scenario.statement(id: "st_seriesB", content: ["amount": 1, "currency": "eur"])
        let forA = try scenario.vote("bob", on: scenario.statement, at: EvidenceScenario.at(hours: 2))
        let alice = try scenario.vote("alice", on: other, at: EvidenceScenario.at(hours: 1))
        // The forger lists the transplanted signature in B's envelope, votes and receipt.
        let claim = (EvidenceStatus(state: .approved, weight: 2, threshold: 2, decidedAt: EvidenceScenario.at(hours: 2)),
                     [alice, forA].map { Receipt.signatureHash($0.signature) })
        let forged = try scenario.bundle(other, votes: [alice, forA], claim: claim)
        try expectRefused(forged, "vote_signature_invalid")
    }

    @Test("a rejection placed into the approval envelope is refused")
    func rejectionAsApproval() throws {
        let alice = try scenario.vote("alice", at: EvidenceScenario.at(hours: 1))
        let bobRejects = try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 2))
        // Counted as an approval everywhere the forger controls: envelope, votes entry, receipt.
        let relabelled = VerifiedVote(
            member: bobRejects.member, kind: .approve, kid: bobRejects.kid, keyMethod: .passkey, receivedAt: bobRejects.receivedAt,
            signature: bobRejects.signature, stepUp: false)
        let claim = (EvidenceStatus(state: .approved, weight: 2, threshold: 2, decidedAt: EvidenceScenario.at(hours: 2)),
                     [alice, relabelled].map { Receipt.signatureHash($0.signature) })
        try expectRefused(try scenario.bundle(votes: [alice, relabelled], claim: claim), "vote_wrong_type")
    }

    @Test("one member with two keys signing twice counts once")
    func twoKeysCountOnce() throws {
        let first = try scenario.vote("alice", at: EvidenceScenario.at(hours: 1))
        let second = try scenario.vote("alice2", at: EvidenceScenario.at(hours: 2))
        // An honest server counts Alice once: pending, and the bundle says so.
        let honestReport = try scenario.bundle(votes: [first, second]).verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(honestReport.allVerified && honestReport.evaluation.approvalWeight == 1 && !honestReport.isApproved)
        #expect(honestReport.receipt?.approvals == [Receipt.signatureHash(first.signature)])
        // A server that counts her twice is caught.
        let claim = (EvidenceStatus(state: .approved, weight: 2, threshold: 2, decidedAt: EvidenceScenario.at(hours: 2)),
                     [first, second].map { Receipt.signatureHash($0.signature) })
        let forged = try scenario.bundle(votes: [first, second], claim: claim)
        try expectRefused(forged, "evidence_status_mismatch")
        try expectRefused(forged, "receipt_approvals_mismatch")
    }

    @Test("a key revoked before the vote arrived does not count")
    func revokedKey() throws {
        var keys = honest.keys
        let alice = keys[0].key
        keys[0] = EvidenceKey(
            key: MemberKey(jwk: alice.jwk, member: alice.member, method: .passkey, validFrom: alice.validFrom,
                           revokedAt: EvidenceScenario.at(hours: 0.5)),
            attestation: keys[0].attestation)
        try expectRefused(honest.replacing(keys: keys), "vote_key_not_valid")
        // Revoked after the vote: the vote stands.
        keys[0] = EvidenceKey(
            key: MemberKey(jwk: alice.jwk, member: alice.member, method: .passkey, validFrom: alice.validFrom,
                           revokedAt: EvidenceScenario.at(hours: 1.5)),
            attestation: keys[0].attestation)
        #expect(honest.replacing(keys: keys).verify(trustedServerKeys: [scenario.serverKey.publicKey]).isApproved)
    }

    @Test("a kid naming another member's key is refused")
    func kidOfAnotherMember() throws {
        let alice = try scenario.vote("alice", at: EvidenceScenario.at(hours: 1))
        let bobKid = try scenario.signer("bob").key.thumbprint
        // Carol signs, naming Bob's key, and the forger files it as Bob's vote.
        let carolAsBob = try scenario.vote("carol", at: EvidenceScenario.at(hours: 2), headerKid: bobKid)
        let filed = VerifiedVote(
            member: "mem_bob", kind: .approve, kid: bobKid, keyMethod: .passkey, receivedAt: carolAsBob.receivedAt,
            signature: carolAsBob.signature, stepUp: false)
        try expectRefused(try scenario.bundle(votes: [alice, filed]), "vote_signature_invalid")
        // Carol signs with her own key but the votes entry files it under Bob.
        let carol = try scenario.vote("carol", at: EvidenceScenario.at(hours: 2))
        let misfiled = VerifiedVote(
            member: "mem_bob", kind: .approve, kid: carol.kid, keyMethod: .passkey, receivedAt: carol.receivedAt,
            signature: carol.signature, stepUp: false)
        try expectRefused(try scenario.bundle(votes: [alice, misfiled]), "vote_key_of_another_member")
    }

    @Test("a signature without a votes entry, and a votes entry without a signature, fail")
    func votesEntries() throws {
        try expectRefused(honest.replacing(votes: Array(honest.votes.dropLast())), "evidence_vote_entry")
        let orphan = EvidenceVote(member: "mem_carol", kind: .approve, kid: "x", receivedAt: EvidenceScenario.at(hours: 2), signature: "y")
        try expectRefused(honest.replacing(votes: honest.votes + [orphan]), "evidence_signature_missing")
        // Alice's entry naming her other key than the one that signed.
        var votes = honest.votes
        let entry = votes[0]
        votes[0] = EvidenceVote(
            member: entry.member, kind: entry.kind, kid: try scenario.signer("alice2").key.thumbprint, receivedAt: entry.receivedAt,
            signature: entry.signature)
        try expectRefused(honest.replacing(votes: votes), "evidence_vote_kid")
    }
}
