import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation
import Testing

/// docs/formats.md: a bundle built by the library verifies offline, and reads back byte for byte.
@Suite("Evidence bundles")
struct EvidenceBundleTests {
    @Test("two of three partners approve: the bundle verifies and the statement is approved")
    func approvedBundleVerifies() throws {
        let scenario = try EvidenceScenario()
        let bundle = try scenario.approvedBundle()
        let report = bundle.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(report.signatures.count == 2)
        #expect(report.signatures.allSatisfy { $0.verified }, "\(report.signatures.map { $0.failure?.description ?? "verified" })")
        #expect(report.keys.count == 4 && report.keys.allSatisfy { $0.result == .verified })
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.receiptProblems.isEmpty, "\(report.receiptProblems)")
        #expect(report.evaluation.state == .approved)
        #expect(report.evaluation.decidedAt == EvidenceScenario.at(hours: 2))
        #expect(report.evaluatedAt == EvidenceScenario.at(hours: 2))
        #expect(report.receipt?.approvals.count == 2)
        #expect(report.isApproved)
    }

    @Test("the JSON form has exactly the contract's members plus votes, and parses back to the same bytes")
    func roundTrip() throws {
        let scenario = try EvidenceScenario()
        let bundle = try scenario.approvedBundle()
        let object = try #require(bundle.jsonValue.objectValue)
        #expect(Set(object.keys) == [
            "countersign", "statement", "approvals", "rejections", "members", "keys", "votes", "status", "receipt", "serverKey",
        ])
        #expect(object["rejections"] == .null)
        let key = try #require(object["keys"]?.arrayValue?.first?.objectValue)
        #expect(Set(key.keys) == ["jwk", "member", "attestation", "validFrom", "revokedAt"])
        let status = try #require(object["status"]?.objectValue)
        #expect(Set(status.keys) == ["state", "weight", "threshold", "decidedAt"])
        let parsed = try EvidenceBundle(json: bundle.canonicalBytes)
        #expect(parsed.canonicalBytes == bundle.canonicalBytes)
        #expect(parsed.verify(trustedServerKeys: [scenario.serverKey.publicKey]).isApproved)
    }

    @Test("a rejected statement verifies but is not approved")
    func rejection() throws {
        let scenario = try EvidenceScenario()
        let votes = [
            try scenario.vote("alice", .reject, at: EvidenceScenario.at(hours: 1)),
            try scenario.vote("bob", .reject, at: EvidenceScenario.at(hours: 2)),
        ]
        let bundle = try EvidenceBundle(json: try scenario.bundle(votes: votes).canonicalBytes)
        let report = bundle.verify(trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(bundle.rejections?.signatures.count == 2)
        #expect(report.allVerified, "\(report.problems) \(report.receiptProblems) \(report.signatures.map { $0.failure?.description ?? "verified" })")
        #expect(report.evaluation.state == .rejected)
        #expect(!report.isApproved)
    }

    @Test("a pending statement with one approval verifies but is not approved")
    func pending() throws {
        let scenario = try EvidenceScenario()
        let report = try scenario.bundle(votes: [scenario.vote("alice", at: EvidenceScenario.at(hours: 1))]).verify(
            trustedServerKeys: [scenario.serverKey.publicKey])
        #expect(report.allVerified)
        #expect(report.evaluation.state == .pending)
        #expect(!report.isApproved)
    }

    @Test("Admin-token key records pass as not checked: without the ADMIN_KEY the key rests on the server's word and fails unless accepted; verified with it, refused with another")
    func adminEnrolledKey() throws {
        let scenario = try EvidenceScenario()
        let adminKey = [UInt8](repeating: 3, count: 32)
        let carol = try scenario.signer("carol")
        guard case .ed25519(let publicKey, _) = carol.key.material else { throw KeyAttestationError.malformed("not Ed25519") }
        let token = try UserToken(
            userID: "mem_carol", issuedAt: EvidenceScenario.t0, expiresAt: EvidenceScenario.at(hours: 1),
            publicKey: Array(publicKey.rawRepresentation)
        ).signed(adminKey: adminKey)
        let record = KeyAttestationRecord(member: "mem_carol", jwk: carol.key, proof: .adminToken(token: token, enrolledAt: EvidenceScenario.t0))
        let adminKeyEntry = EvidenceKey(
            key: MemberKey(jwk: carol.key, member: "mem_carol", method: .adminToken, validFrom: EvidenceScenario.t0),
            attestation: record.jsonValue)
        let keys = scenario.allKeys.map { $0.key.kid == carol.key.thumbprint ? adminKeyEntry : $0 }
        let votes = try [scenario.vote("alice", at: EvidenceScenario.at(hours: 1)), scenario.vote("carol", at: EvidenceScenario.at(hours: 2))]
        let bundle = try EvidenceBundle(json: try scenario.bundle(votes: votes, keys: keys).canonicalBytes)
        let carolOutcome = { (report: EvidenceReport) in report.keys.first { $0.member == "mem_carol" }?.result }
        let trusted = [scenario.serverKey.publicKey]
        let unchecked = bundle.verify(trustedServerKeys: trusted)
        #expect(!unchecked.isApproved && !unchecked.allVerified, "a key resting on the server's word passed")
        #expect(carolOutcome(unchecked) == .serverAttested("not checked (no admin key)"))
        #expect(unchecked.serverAttestedKeys.map(\.member) == ["mem_carol"])
        let accepted = bundle.verify(trustedServerKeys: trusted, acceptServerAttestedKeys: true)
        #expect(accepted.isApproved && accepted.serverAttestedKeys.count == 1)
        let checked = bundle.verify(trustedServerKeys: trusted, adminKey: adminKey)
        #expect(checked.isApproved && carolOutcome(checked) == .verified && checked.serverAttestedKeys.isEmpty)
        let wrong = bundle.verify(trustedServerKeys: trusted, adminKey: [UInt8](repeating: 4, count: 32), acceptServerAttestedKeys: true)
        #expect(!wrong.isApproved && wrong.keys.contains { $0.failed })
    }

    @Test("strict parsing: unknown members, a missing member, another format, too large")
    func strictParsing() throws {
        let object = try #require(try EvidenceScenario().approvedBundle().jsonValue.objectValue)
        var unknown = object
        unknown["extra"] = true
        var missing = object
        missing["receipt"] = nil
        var format = object
        format["countersign"] = "evidence/v2"
        for value in [unknown, missing, format] {
            #expect(throws: EvidenceBundleError.self) { try EvidenceBundle(json: JCS.canonicalize(.object(value))) }
        }
        let huge = [UInt8](repeating: 0x20, count: EvidenceBundle.limits.maxBytes + 1)
        #expect(throws: EvidenceBundleError.self) { try EvidenceBundle(json: huge) }
    }
}
