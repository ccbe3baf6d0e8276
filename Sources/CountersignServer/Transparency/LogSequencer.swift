import CountersignJSON
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the log in the background on the one instance that holds the sequencer's lease:
/// sequences pending events, publishes a checkpoint at most once per `logCheckpointInterval`, and
/// gathers the witnesses' cosignatures.
///
/// On PostgreSQL several instances share a database: the lease (renewed at a third of
/// `logLeaseDuration`) says which one sequences, and when it dies its lease runs out and another
/// takes over; the leader also looks every `logPollInterval` for events other instances recorded.
/// On SQLite one process owns the database, so it always leads and its own writes wake it. Each
/// pass reads before it writes: an idle server only reads.
struct LogSequencer: Service {
    let log: TransparencyLog
    let configuration: ServerConfiguration
    let clock: @Sendable () -> Date
    let logger: Logger
    /// Identifies this instance's lease.
    let holder = Hex.encode(ServerSecrets.randomBytes(16))

    func run() async throws {
        let shared = log.store.engine != "sqlite"
        let wakeup = Wakeup(interval: shared ? configuration.logPollInterval : min(1, configuration.logCheckpointInterval))
        log.store.onAuditAppended { wakeup.nudge() }
        var leaseRenewedAt: Date?
        var leader = !shared
        await wakeup.run {
            let now = clock()
            if shared, leaseRenewedAt.map({ now.timeIntervalSince($0) >= configuration.logLeaseDuration / 3 }) ?? true {
                leader = await claimLease(now: now, wasLeader: leader)
                leaseRenewedAt = leader ? now : nil
            }
            guard leader else { return }
            do {
                try await pass(now: now)
            } catch {
                logger.warning("transparency log pass failed", metadata: ["error": "\(error)"])
            }
        }
        if shared, leader {
            try? await log.store.write { try await $0.releaseLogSequencer(holder: holder) }
        }
    }

    /// Sequences what is pending, signs a checkpoint when one is due, asks the witnesses.
    private func pass(now: Date) async throws {
        // One query, no transaction: an idle log costs one round trip per pass.
        let progress = try await log.store.readEach { try await $0.logProgress() }
        if progress.pending { try await log.integrate() }
        if progress.pending || progress.size > (progress.checkpointSize ?? -1) {
            try await log.publishCheckpoint(now: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
        }
        try await log.witnessLatest(now: now)
    }

    private func claimLease(now: Date, wasLeader: Bool) async -> Bool {
        do {
            let claimed = try await log.store.write { tx in
                try await tx.claimLogSequencer(holder: holder, now: now, leaseUntil: now.addingTimeInterval(configuration.logLeaseDuration))
            }
            if claimed != wasLeader {
                logger.info(claimed ? "this instance now sequences the transparency log" : "another instance sequences the transparency log")
            }
            return claimed
        } catch {
            logger.warning("cannot claim the log sequencer's lease", metadata: ["error": "\(error)"])
            return false
        }
    }
}
