import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the log in the background on the one instance that holds the sequencer's lease (on
/// PostgreSQL, several instances share a database; when the holder dies its lease runs out and
/// another takes over): sequences pending events, publishes a checkpoint at most once per
/// `logCheckpointInterval`, and gathers the witnesses' cosignatures. Wakes at once when this
/// instance records an event, and every `logPollInterval` for other instances' events.
struct LogSequencer: Service {
    let log: TransparencyLog
    let configuration: ServerConfiguration
    let clock: @Sendable () -> Date
    let logger: Logger
    /// Identifies this instance's lease.
    let holder = Base64URLToken.random()

    func run() async throws {
        let wakeup = Wakeup(interval: configuration.logPollInterval)
        log.store.onAuditAppended { wakeup.nudge() }
        var leaseRenewedAt: Date?
        var leader = false
        await wakeup.run {
            let now = clock()
            // Renew the lease at a third of its duration; a follower tries as often.
            if leaseRenewedAt.map({ now.timeIntervalSince($0) >= configuration.logLeaseDuration / 3 }) ?? true {
                do {
                    let claimed = try await log.store.write { tx in
                        try await tx.claimLogSequencer(holder: holder, now: now, leaseUntil: now.addingTimeInterval(configuration.logLeaseDuration))
                    }
                    if claimed != leader {
                        logger.info(claimed ? "this instance sequences the transparency log" : "another instance sequences the transparency log")
                    }
                    leader = claimed
                    leaseRenewedAt = claimed ? now : nil
                } catch {
                    logger.warning("cannot claim the log sequencer's lease", metadata: ["error": "\(error)"])
                    leader = false
                    leaseRenewedAt = nil
                }
            }
            guard leader else { return }
            do {
                try await log.integrate()
                try await log.publishCheckpoint(now: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
                try await log.witnessLatest(now: now)
            } catch {
                logger.warning("transparency log pass failed", metadata: ["error": "\(error)"])
            }
        }
        if leader {
            try? await log.store.write { try await $0.releaseLogSequencer(holder: holder) }
        }
    }
}

/// A random URL-safe token (128 bits).
enum Base64URLToken {
    static func random() -> String {
        ServerSecrets.randomBytes(16).map { String(format: "%02x", $0) }.joined()
    }
}
