import Countersign
import CountersignStore
import CountersignTLog
import Foundation

extension TransparencyLog {
    /// The audit actions an evidence bundle proves from the log: on the statement, on each
    /// signer's key, and on each signer.
    static let statementActions = ["statement.created", "vote.approve", "vote.reject"]
    static let keyActions = ["key.attested", "key.enrolled", "key.revoked", "key.deleted", "key.rotated"]
    static let memberActions = ["passkey.registered", "passkey.added", "passkey.revoked", "passkey.deleted", "member.removed", "member.recovered"]

    /// The log part of a statement's evidence/v2 bundle: the entries about the statement, the
    /// signers' keys and the signers, each with its inclusion proof in one checkpoint that covers
    /// them all. Waits (up to `checkpointWait`) for the sequencer's checkpoint with the witnesses'
    /// cosignatures; after that, takes the newest checkpoint covering the entries (the verifier
    /// then reports the missing cosignatures), signing one if none covers them yet.
    func evidence(statement: StatementID, kids: [String], members: [String], now: @Sendable () -> Date) async throws -> EvidenceLog? {
        await integrateBeforeReading()
        let events = try await store.read { reader in
            var events = try await reader.auditEvents(subject: statement.rawValue, actions: Self.statementActions)
            for kid in kids { events += try await reader.auditEvents(subject: kid, actions: Self.keyActions) }
            for member in members { events += try await reader.auditEvents(subject: member, actions: Self.memberActions) }
            return events
        }
        let unique = Dictionary(events.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first }).values.sorted { $0.seq < $1.seq }
        guard let last = unique.last else { return nil }
        let threshold = witnesses.threshold
        let deadline = Date().addingTimeInterval(Self.checkpointWait)
        var checkpoint = try await store.read { try await $0.logCheckpoint(covering: last.seq, cosignatures: threshold) }
        while checkpoint == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            checkpoint = try await store.read { try await $0.logCheckpoint(covering: last.seq, cosignatures: threshold) }
        }
        if checkpoint == nil {
            checkpoint = try await store.read { try await $0.logCheckpoint(covering: last.seq, cosignatures: 0) }
        }
        if checkpoint == nil {
            checkpoint = try await publishCheckpoint(now: now(), force: true)
        }
        guard let checkpoint, checkpoint.size >= last.seq else { return nil }
        let note = try SignedNote(parsing: checkpoint.cosignedNote)
        let proofs = try await inclusionProofs(indexes: unique.map(\.logIndex), size: checkpoint.size)
        let entries = zip(unique, proofs).map { event, proof in
            EvidenceLog.Entry(
                index: event.logIndex, entry: event.logEntry, proof: TLogProof(index: event.logIndex, proof: proof, checkpoint: note).text)
        }
        return EvidenceLog(checkpoint: checkpoint.cosignedNote, entries: entries)
    }

    /// How long evidence waits for a cosigned checkpoint: a sequencer pass, a witness round trip.
    static let checkpointWait: TimeInterval = 10
}
