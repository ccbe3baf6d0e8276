import Countersign
import CountersignStore
import Foundation

/// Reading the audit log: pages of events and the latest signed (JWS) checkpoint.
struct AuditService: Sendable {
    let store: any Store
    let log: TransparencyLog
    let checkpointer: Checkpointer
    /// The largest page.
    static let maxPage = 1000

    /// At most `limit` events after the sequence number `after`. Read your writes: what was
    /// recorded before this call is sequenced before it is read.
    func events(after: Int64, limit: Int) async throws -> [AuditEvent] {
        await log.integrateBeforeReading()
        return try await store.read { try await $0.auditEvents(after: after, limit: limit) }
    }

    /// The latest checkpoint, signing one first if there is none yet; 404 while the log is empty.
    func latestCheckpoint() async throws -> CheckpointRecord {
        var latest = try await store.read { try await $0.latestCheckpoint() }
        if latest == nil { latest = try await checkpointer.checkpoint(force: true) }
        guard let latest else { throw ServiceError.notFound("a checkpoint (the log is empty)") }
        return latest
    }
}
