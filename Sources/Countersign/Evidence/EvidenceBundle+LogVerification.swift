import CountersignJSON
import CountersignTLog
import Foundation

extension EvidenceReport {
    /// What the transparency log proves about the bundle (evidence/v2, docs/transparency.md).
    public struct LogOutcome: Sendable {
        /// The size of the checkpoint the entries are proven in, when it verified.
        public let checkpointSize: Int64?
        /// The witnesses whose cosignature on it verified.
        public let cosigners: [String]
        /// How many entries were proven included.
        public let provenEntries: Int
        /// Keys the log shows enrolled by the admin with a user token (no passkey behind them).
        public let adminEnrolledKeys: [String]
        /// Everything the log does not prove; empty when it proves it all.
        public let problems: [Problem]
    }
}

extension EvidenceBundle {
    /// The audit actions that end a key's validity, on the key itself (subject = kid).
    static let keyEndingActions: Set<String> = ["key.revoked", "key.deleted", "key.rotated"]
    /// The audit actions that register a passkey for a member (subject = member id).
    static let passkeyRegistrations: Set<String> = ["passkey.registered", "passkey.added"]
    /// The audit actions that end a passkey (subject = member id, details.credentialId).
    static let passkeyEndingActions: Set<String> = ["passkey.revoked", "passkey.deleted"]

    /// Checks the bundle's log part against `trust`, for the votes that verified:
    /// - the checkpoint is signed by the log key and cosigned by at least `trust.threshold` of the
    ///   witnesses;
    /// - every entry is included in that checkpoint's tree at its index, and is an audit event
    ///   whose own hash holds;
    /// - the log shows the statement's creation (with this document's digest) and each vote
    ///   (its member, key and signature hash);
    /// - for each signer's key, the log shows it attested with this very record by a passkey whose
    ///   registration for that member (credential id and public key) comes before the
    ///   attestation and was not revoked before it, or enrolled by the admin with a user token
    ///   (reported as such);
    /// - no entry ending the key (revoked, deleted, rotated away, the member removed or
    ///   recovered) comes before the vote.
    /// Anything unproven is a problem: the report does not verify.
    func verifyLog(_ trust: LogTrust, votes verified: [VerifiedVote]) -> EvidenceReport.LogOutcome {
        guard let log else {
            return .init(checkpointSize: nil, cosigners: [], provenEntries: 0, adminEnrolledKeys: [], problems: [.init(
                code: "evidence_log_missing",
                message: "the bundle carries no transparency-log proofs (\(Self.formatV1)): which passkeys and keys a member had rests on the server's word")])
        }
        var problems: [EvidenceReport.Problem] = []
        let verifiedCheckpoint: VerifiedCheckpoint
        do {
            let note = try SignedNote(parsing: log.checkpoint)
            verifiedCheckpoint = try VerifiedCheckpoint.verify(note, logKey: trust.logKey, witnesses: trust.witnesses, threshold: trust.threshold)
        } catch let error as CheckpointError {
            return .init(checkpointSize: nil, cosigners: [], provenEntries: 0, adminEnrolledKeys: [], problems: [.init(code: error.code, message: error.description)])
        } catch {
            return .init(checkpointSize: nil, cosigners: [], provenEntries: 0, adminEnrolledKeys: [], problems: [.init(code: "checkpoint_malformed", message: "\(error)")])
        }
        let head = verifiedCheckpoint.checkpoint
        var events: [AuditEvent] = []
        for entry in log.entries {
            guard let proof = try? TLogProof(text: entry.proof), proof.index == entry.index,
                proof.checkpoint.text == verifiedCheckpoint.note.text,
                MerkleTree.verifyInclusion(leafHash: .leaf(entry.entry), index: entry.index, size: head.size, proof: proof.proof, root: head.root)
            else {
                problems.append(.init(code: "evidence_log_inclusion", message: "log entry \(entry.index) is not proven included in the checkpoint's tree of \(head.size) entries"))
                continue
            }
            guard let event = try? AuditEvent(logEntry: entry.entry), event.logIndex == entry.index, event.expectedHash == event.hash else {
                problems.append(.init(code: "evidence_log_entry", message: "log entry \(entry.index) is not a well-formed audit event at that index"))
                continue
            }
            events.append(event)
        }
        events.sort { $0.seq < $1.seq }
        let statementID = statement.id.rawValue
        if !events.contains(where: { $0.action == "statement.created" && $0.subject == statementID && $0.details.objectValue?["digest"]?.stringValue == statement.digest }) {
            problems.append(.init(code: "evidence_log_statement", message: "the log does not show this statement (\(statementID), this digest) created"))
        }
        var adminEnrolled: [String] = []
        let keysByID = Dictionary(keys.map { ($0.key.kid, $0) }, uniquingKeysWith: { first, _ in first })
        for vote in verified {
            let hash = Receipt.signatureHash(vote.signature)
            guard let voteEvent = events.first(where: {
                $0.action == "vote.\(vote.kind.rawValue)" && $0.subject == statementID && $0.actor == vote.member
                    && $0.details.objectValue?["signature"]?.stringValue == hash && $0.details.objectValue?["kid"]?.stringValue == vote.kid
            }) else {
                problems.append(.init(code: "evidence_log_vote", message: "the log does not show \(vote.member)'s \(vote.kind.rawValue) with key \(vote.kid)"))
                continue
            }
            guard let key = keysByID[vote.kid] else { continue }
            problems += keyProblems(key, member: vote.member, before: voteEvent, in: events, adminEnrolled: &adminEnrolled)
        }
        return .init(
            checkpointSize: head.size, cosigners: verifiedCheckpoint.cosigners.map(\.name), provenEntries: events.count,
            adminEnrolledKeys: Array(Set(adminEnrolled)).sorted(), problems: problems)
    }

    /// What the log does not prove about `key` as the key of `member` at the time of `vote`.
    private func keyProblems(
        _ key: EvidenceKey, member: String, before vote: AuditEvent, in events: [AuditEvent], adminEnrolled: inout [String]
    ) -> [EvidenceReport.Problem] {
        let kid = key.key.kid
        var problems: [EvidenceReport.Problem] = []
        let keyEvent = events.first { event in
            guard event.subject == kid, event.details.objectValue?["member"]?.stringValue == member else { return false }
            if event.action == "key.attested" { return event.details.objectValue?["attestation"] == key.attestation }
            return event.action == "key.enrolled" && event.details.objectValue?["adminEnrolled"] == .bool(true)
        }
        guard let keyEvent, keyEvent.seq < vote.seq else {
            return [.init(code: "evidence_log_key", message: "the log does not show key \(kid) attested or enrolled for \(member) before the vote")]
        }
        if keyEvent.action == "key.enrolled" {
            adminEnrolled.append(kid)
        } else if let record = try? KeyAttestationRecord(json: key.attestation), case .passkey(let assertion) = record.proof {
            let credential = Base64URL.encode(assertion.credentialID)
            let registration = events.first { event in
                Self.passkeyRegistrations.contains(event.action) && event.subject == member && event.seq < keyEvent.seq
                    && event.details.objectValue?["credentialId"]?.stringValue == credential
                    && event.details.objectValue?["publicKey"]?.stringValue == Base64URL.encode(assertion.passkeyPublicKey)
            }
            if let registration {
                if let ended = events.first(where: {
                    Self.passkeyEndingActions.contains($0.action) && $0.subject == member && $0.seq > registration.seq && $0.seq < keyEvent.seq
                        && $0.details.objectValue?["credentialId"]?.stringValue == credential
                }) {
                    problems.append(.init(
                        code: "evidence_log_passkey_revoked",
                        message: "the passkey that attested key \(kid) was revoked (log entry \(ended.logIndex), \(ended.action)) before the attestation"))
                }
            } else {
                problems.append(.init(
                    code: "evidence_log_passkey_unregistered",
                    message: "the passkey that attested key \(kid) (credential \(credential)) is not registered for \(member) in the log before the attestation"))
            }
        }
        if let ended = events.first(where: { event in
            guard event.seq > keyEvent.seq, event.seq < vote.seq else { return false }
            if Self.keyEndingActions.contains(event.action) { return event.subject == kid }
            if event.action == "member.removed" { return event.subject == member }
            if event.action == "member.recovered" {
                return event.subject == member && event.details.objectValue?["keys"]?.arrayValue?.contains(.string(kid)) == true
            }
            return false
        }) {
            problems.append(.init(
                code: "evidence_log_key_revoked",
                message: "key \(kid) was revoked (log entry \(ended.logIndex), \(ended.action)) before \(member)'s vote (log entry \(vote.logIndex))"))
        }
        return problems
    }
}
