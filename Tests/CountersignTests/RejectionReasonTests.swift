import CountersignJOSE
import CountersignJSON
import Foundation
import Testing
@testable import Countersign

/// Reasons with rejections (issue 22): the rejection/v2 payload signs the reason exactly; v1 stays
/// verified; neither is ever counted as an approval; the reason's bounds are one rule everywhere.
@Suite struct RejectionReasonTests {
    let scenario: EvidenceScenario
    let reason: VoteReason

    init() throws {
        scenario = try EvidenceScenario()
        reason = try VoteReason("Price too high \nsee annex « B » 📎")
    }

    var signed: SignedStatement { scenario.statement.signedStatement }

    @Test("the rejection/v2 payload is the JCS of exactly {countersign, statement, digest, reason}; without a reason it is v1, unchanged")
    func payloads() throws {
        let v2 = String(decoding: VoteKind.reject.payload(for: signed, reason: reason), as: UTF8.self)
        #expect(v2 == #"{"countersign":"rejection/v2","digest":"\#(signed.digest)","reason":"Price too high \nsee annex « B » 📎","statement":"st_seriesA"}"#)
        let v1 = String(decoding: VoteKind.reject.payload(for: signed), as: UTF8.self)
        #expect(v1 == #"{"countersign":"rejection/v1","digest":"\#(signed.digest)","statement":"st_seriesA"}"#)
        #expect(RejectionPayload.read(Array(v2.utf8), for: signed)?.reason == reason)
        #expect(RejectionPayload.read(Array(v1.utf8), for: signed)?.reason == nil)
        #expect(RejectionPayload.read(Array(v1.utf8), for: signed) != nil)
        // Not canonical, another statement, an extra member, a reason breaking the rules: refused.
        #expect(RejectionPayload.read(Array(v2.replacingOccurrences(of: ",", with: ", ").utf8), for: signed) == nil)
        #expect(RejectionPayload.read(Array(v2.utf8), for: try scenario.statement(id: "st_other", content: [:]).signedStatement) == nil)
        let extra = JCS.canonicalize(.object(["countersign": "rejection/v1", "statement": "st_seriesA", "digest": .string(signed.digest), "x": 1]))
        #expect(RejectionPayload.read(extra, for: signed) == nil)
        let tab = JCS.canonicalize(.object(["countersign": "rejection/v2", "statement": "st_seriesA", "digest": .string(signed.digest), "reason": "a\tb"]))
        #expect(RejectionPayload.read(tab, for: signed) == nil)
    }

    @Test("a v2 rejection verifies with exactly its reason; without it, with another one, or as an approval it is refused")
    func verifier() throws {
        let vote = try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 1), reason: reason)
        let verifier = VoteVerifier(keys: scenario.allKeys.map(\.key))
        let at = EvidenceScenario.at(hours: 1)
        let verified = try verifier.verify(vote.signature, kind: .reject, reason: reason, on: signed, member: "mem_bob", receivedAt: at)
        #expect(verified.reason == reason && verified.kind == .reject)
        #expect(throws: VoteError.self) { try verifier.verify(vote.signature, kind: .reject, on: signed, member: "mem_bob", receivedAt: at) }
        let trimmed = try VoteReason("Price too high\nsee annex « B » 📎")
        #expect(throws: VoteError.self) {
            try verifier.verify(vote.signature, kind: .reject, reason: trimmed, on: signed, member: "mem_bob", receivedAt: at)
        }
        #expect(throws: VoteError.wrongType(expected: VoteKind.approve.type)) {
            try verifier.verify(vote.signature, kind: .approve, on: signed, member: "mem_bob", receivedAt: at)
        }
        #expect(throws: VoteError.reasonOnApproval) {
            try verifier.verify(vote.signature, kind: .approve, reason: reason, on: signed, member: "mem_bob", receivedAt: at)
        }
        // A v1 rejection stays verified, and does not verify as a v2 with a reason added.
        let v1 = try scenario.vote("carol", .reject, at: at)
        #expect(try verifier.verify(v1.signature, kind: .reject, on: signed, member: "mem_carol", receivedAt: at).reason == nil)
        #expect(throws: VoteError.self) {
            try verifier.verify(v1.signature, kind: .reject, reason: reason, on: signed, member: "mem_carol", receivedAt: at)
        }
    }

    @Test("reason bounds: 1 to 1000 Unicode scalars, not blank, line feeds only among controls, no bidi overrides")
    func bounds() throws {
        #expect(try VoteReason(String(repeating: "é", count: 1000)).text.unicodeScalars.count == 1000)
        #expect(throws: VoteReasonError.tooLong(max: 1000)) { try VoteReason(String(repeating: "a", count: 1001)) }
        #expect(throws: VoteReasonError.tooLong(max: 1000)) { try VoteReason(String(repeating: "e\u{301}", count: 501)) }
        #expect(throws: VoteReasonError.empty) { try VoteReason("") }
        #expect(throws: VoteReasonError.empty) { try VoteReason(" \n ") }
        #expect(try VoteReason("line one\nline two").text == "line one\nline two")
        #expect(try VoteReason("  kept as typed  ").text == "  kept as typed  ")
        for forbidden in ["a\rb", "a\tb", "a\u{0}b", "a\u{1B}[2Kb", "a\u{7F}", "a\u{85}b", "a\u{202E}b", "a\u{2066}b"] {
            #expect(throws: VoteReasonError.self, "\(forbidden.unicodeScalars.map(\.value))") { try VoteReason(forbidden) }
        }
        #expect(try CommentText(String(repeating: "x", count: 2000)).text.count == 2000)
        #expect(throws: VoteReasonError.tooLong(max: 2000)) { try CommentText(String(repeating: "x", count: 2001)) }
    }

    @Test("evidence: a v1 and a v2 rejection verify together; the v2 one travels as a flattened JWS with its own payload and reports its reason")
    func evidence() throws {
        let votes = [
            try scenario.vote("alice", .reject, at: EvidenceScenario.at(hours: 1)),
            try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 2), reason: reason),
        ]
        let built = try scenario.bundle(votes: votes)
        let json = try #require(built.jsonValue.objectValue)
        #expect(json["rejectionsWithReason"]?.arrayValue?.count == 1)
        let parsed = try EvidenceBundle(json: built.canonicalBytes)
        #expect(parsed.canonicalBytes == built.canonicalBytes)
        #expect(parsed.rejections?.signatures.count == 1 && parsed.reasonedRejections.count == 1)
        let report = parsed.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(report.allVerified, "\(report.problems) \(report.signatures.map { $0.failure?.description ?? "verified" })")
        #expect(report.evaluation.state == .rejected && !report.isApproved)
        #expect(report.signatures.filter { $0.kind == .reject }.map(\.reason).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, reason.text])
        // A bundle without reasons keeps its earlier form: no "rejectionsWithReason" member.
        let plain = try scenario.bundle(votes: [try scenario.vote("alice", .reject, at: EvidenceScenario.at(hours: 1))])
        #expect(plain.jsonValue.objectValue?["rejectionsWithReason"] == nil)
    }

    @Test("evidence: a v2 rejection whose reason was edited, or whose payload is not this statement's rejection/v2, fails")
    func tamperedReason() throws {
        let votes = [
            try scenario.vote("alice", .approve, at: EvidenceScenario.at(hours: 1)),
            try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 2), reason: reason),
        ]
        let bundle = try scenario.bundle(votes: votes)
        let original = try #require(bundle.reasonedRejections.first)
        let edited = try VoteReason("I agree")
        let forged = JWS(payload: VoteKind.reject.payload(for: signed, reason: edited), signatures: original.signatures)
        let report = bundle.replacing(reasonedRejections: [forged]).verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(!report.allVerified)
        #expect(report.signatures.contains { $0.kind == .reject && $0.failure?.code == "vote_signature_invalid" })
        let v1Payload = JWS(payload: VoteKind.reject.payload(for: signed), signatures: original.signatures)
        let second = bundle.replacing(reasonedRejections: [v1Payload]).verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(second.problems.contains { $0.code == "evidence_rejection_payload" })
    }

    @Test("a rejection with a reason is never counted as an approval, even placed in the approval envelope")
    func neverAnApproval() throws {
        let rejection = try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 2), reason: reason)
        let approval = try scenario.vote("alice", .approve, at: EvidenceScenario.at(hours: 1))
        let honest = try scenario.bundle(votes: [approval, rejection])
        #expect(honest.verify(trustedServerKeys: [scenario.serverKey.publicKey]).evaluation.state != .approved)
        // A forger moves Bob's rejection into the approvals and claims 2 of 3.
        let approvals = JWS(payload: honest.approvals.payload, signatures: honest.approvals.signatures + [rejection.signature])
        let votes = honest.votes.map { entry in
            entry.member == "mem_bob" ? EvidenceVote(member: entry.member, kind: .approve, kid: entry.kid, receivedAt: entry.receivedAt, signature: entry.signature) : entry
        }
        let forged = honest.replacing(approvals: approvals, votes: votes, reasonedRejections: [])
        let report = forged.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(!report.isApproved)
        #expect(report.evaluation.state == .pending)
        #expect(report.signatures.contains { $0.kind == .approve && $0.member == "mem_bob" && $0.failure != nil })
    }

    @Test("the comment thread admits the creator and the members the policy names, directly or by role, and no one else")
    func discussion() throws {
        let policy = #"{"threshold":2,"signers":[{"member":"mem_bob","weight":1},{"policy":{"threshold":1,"signers":[{"role":"auditor","weight":1}]},"weight":1}]}"#
        let statement = try EvidenceScenario.makeStatement(id: "st_talk", content: [:], policy: policy, creator: try MemberID("mem_alice"))
        #expect(statement.admitsToDiscussion(Member(id: try MemberID("mem_alice"), name: "Alice")))
        #expect(statement.admitsToDiscussion(Member(id: try MemberID("mem_bob"), name: "Bob")))
        #expect(statement.admitsToDiscussion(Member(id: try MemberID("mem_dana"), name: "Dana", roles: [try Role("auditor")])))
        #expect(!statement.admitsToDiscussion(Member(id: try MemberID("mem_carol"), name: "Carol", roles: [try Role("partner")])))
    }
}
