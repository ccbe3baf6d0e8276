import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs due operations, once each. Every pass reads the ids of pending operations due at the
/// server clock; each one is then claimed in its own write transaction that locks its row
/// and re-checks that it is still pending and due, performs the effect in that same transaction
/// and marks it done. A second runner (another instance on one PostgreSQL) waits on the row lock
/// and then finds it done; a crash rolls the whole transaction back, so the next start runs it.
/// An effect that is no longer valid marks the operation failed, in a transaction of its own.
struct OperationRunner: Service {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let logger: Logger
    let operationWakeup: Wakeup
    let revocation: Revocation
    /// Operations claimed per pass.
    static let batchSize = 100

    func run() async throws {
        await operationWakeup.run({ try await runDue() }, loggingFailuresAs: "running due operations failed", to: logger)
    }

    /// Runs every operation due now.
    func runDue() async throws {
        let now = clock.now
        let due = try await store.read { try await $0.dueOperations(now: now, limit: Self.batchSize) }
        for id in due { try await runOne(id) }
    }

    private func runOne(_ id: String) async throws {
        do {
            let outcome = try await store.write { tx -> OperationEffect.Outcome? in
                guard var operation = try await tx.lockOperation(id) else { return nil }
                let now = clock.now
                guard operation.state == .pending, let dueAt = operation.dueAt, dueAt <= now else { return nil }
                let outcome = try await OperationEffect.perform(operation, in: tx, at: now)
                operation.state = .done
                operation.decidedAt = now
                operation.result = OperationJSON.text(outcome.result)
                try await tx.updateOperation(operation)
                try await OperationAnnouncement.audit("operation.executed", operation, actor: "server", in: tx, at: now)
                return outcome
            }
            events.nudge()
            if let member = outcome?.reevaluate { try await revocation.reevaluate(member) }
        } catch let refusal as ServiceError {
            try await fail(id, refusal)
        }
    }

    /// Marks the operation failed with the reason its effect was refused.
    private func fail(_ id: String, _ refusal: ServiceError) async throws {
        try await store.write { tx in
            guard var operation = try await tx.lockOperation(id), operation.state == .pending else { return }
            let now = clock.now
            operation.state = .failed
            operation.decidedAt = now
            operation.result = OperationJSON.text(["code": .string(refusal.code), "reason": .string(refusal.message)])
            try await tx.updateOperation(operation)
            try await OperationAnnouncement.audit("operation.failed", operation, actor: "server", in: tx, at: now)
        }
        events.nudge()
    }
}
