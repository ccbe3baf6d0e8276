import Countersign
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Signs audit checkpoints (docs/api.md): when the log has grown by `everyEvents` since the last
/// checkpoint, or when `interval` has passed and there was activity.
struct Checkpointer: Service {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let secrets: ServerSecrets
    let logger: Logger

    /// Signs a checkpoint of the current head if one is due (or `force`, when any event is
    /// newer than the last checkpoint); returns the latest checkpoint.
    @discardableResult
    func checkpoint(force: Bool = false) async throws -> CheckpointRecord? {
        let now = clock.now
        let serverKey = secrets.serverKey
        return try await store.write { tx -> CheckpointRecord? in
            let latest = try await tx.latestCheckpoint()
            guard let head = try await tx.lastAuditEvent(), head.seq > (latest?.size ?? 0) else { return latest }
            let grown = head.seq - (latest?.size ?? 0)
            let aged = latest.map { now.timeIntervalSince($0.at) >= configuration.checkpointInterval } ?? true
            guard force || grown >= Int64(configuration.checkpointEveryEvents) || aged else { return latest }
            let checkpoint = AuditCheckpoint(size: head.seq, head: head.hash, at: now)
            let record = CheckpointRecord(size: head.seq, head: head.hash, at: now, jws: try checkpoint.signed(with: serverKey))
            try await tx.insertCheckpoint(record)
            return record
        }
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        let period = max(1, min(configuration.checkpointInterval, 10))
        while !Task.isCancelled {
            do {
                try await checkpoint()
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(period))
        }
    }
}
