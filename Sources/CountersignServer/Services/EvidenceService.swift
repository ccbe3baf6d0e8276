import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// The evidence bundle of a statement (docs/formats.md) with a fresh receipt and, as evidence/v2,
/// the transparency log's proofs (docs/transparency.md).
struct EvidenceService: Sendable {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let secrets: ServerSecrets
    let log: TransparencyLog
    let statements: StatementService

    func bundle(_ id: StatementID) async throws -> EvidenceBundle {
        let snapshot = try await statements.snapshot(id)
        let kids = Set(snapshot.votes.map(\.kid))
        let votes = try snapshot.votes.map(StatementRecords.verifiedVote)
        let stepUpCredentials = Set(votes.compactMap(Self.stepUpCredential))
        await log.integrateBeforeReading()
        let (keys, passkeys, auditSeq) = try await store.read { reader -> ([KeyRecord], [PasskeyRecord], Int64) in
            var keys: [KeyRecord] = []
            for kid in kids.sorted() {
                if let key = try await reader.key(kid: kid) { keys.append(key) }
            }
            var passkeys: [PasskeyRecord] = []
            for credential in stepUpCredentials.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                if let passkey = try await reader.passkey(credentialID: credential) { passkeys.append(passkey) }
            }
            return (keys, passkeys, try await reader.lastAuditEvent()?.seq ?? 0)
        }
        let record = snapshot.record
        let receipt = try Receipt(
            statement: id.rawValue, digest: record.digest, state: record.status.state.rawValue, decidedAt: record.status.decidedAt,
            approvals: EvidenceBundle.countedApprovals(votes, evaluation: snapshot.evaluation), auditSeq: auditSeq
        ).signed(with: secrets.serverKey)
        // evidence/v2: the log entries behind the statement, the votes, the keys and the signers.
        let log = try await log.evidence(
            statement: id, kids: kids.sorted(), members: Set(votes.map(\.member)).sorted(), now: { clock.now })
        return EvidenceBundle.build(
            statement: snapshot.statement, votes: votes, members: snapshot.members.map(\.member),
            keys: try keys.map(StatementRecords.evidenceKey), evaluation: snapshot.evaluation, receipt: receipt,
            serverKey: secrets.serverKey.publicKey, passkeys: evidencePasskeys(passkeys, besides: keys), log: log)
    }

    /// The credential a vote's step-up assertion names, if it has one.
    static func stepUpCredential(_ vote: VerifiedVote) -> [UInt8]? {
        guard vote.stepUp, let text = vote.signature.unprotectedHeader?["webauthn"]?.objectValue?["credentialId"]?.stringValue else { return nil }
        return try? Base64URL.decode(text)
    }

    /// The step-up passkeys a verifier cannot learn from the keys' attestation records: a
    /// member's second device, which attested none of the bundle's keys.
    private func evidencePasskeys(_ passkeys: [PasskeyRecord], besides keys: [KeyRecord]) -> [EvidencePasskey] {
        let attesting = Set(keys.compactMap { key -> [UInt8]? in
            guard let record = try? KeyAttestationRecord(json: Array(key.attestation.utf8)),
                  case .passkey(let assertion) = record.proof else { return nil }
            return assertion.credentialID
        })
        return passkeys.filter { !attesting.contains($0.credentialID) }.map {
            EvidencePasskey(
                member: $0.member.rawValue, credentialID: $0.credentialID, publicKey: $0.publicKey, rpID: relyingParty.id,
                origins: configuration.origins)
        }
    }
}
