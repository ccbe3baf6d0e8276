import Countersign
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Records what a passing deadline decides, when it passes: a statement that expires, a time
/// lock that ends, a wait that matures. Without it a deadline took effect only when someone next
/// read or voted on the statement, so the "expired" mail, the `statement.expired` webhook and the
/// live update waited for a visitor. Each pass settles the statements whose stored deadline
/// (`due_at`, written with every status) has come, through `StatementService.settleDue`: under the
/// row lock, so with several instances each transition is still recorded exactly once.
struct StatementDeadlines: Service {
    let store: any Store
    let clock: ServerClock
    let statements: StatementService
    let logger: Logger
    let wakeup: Wakeup
    /// Statements settled per pass; a longer backlog continues on the next pass.
    static let batchSize = 100

    func run() async throws {
        await wakeup.run({ try await settleDue() }, loggingFailuresAs: "settling statements past their deadline failed", to: logger)
    }

    /// Settles the statements due now; returns how many it looked at.
    @discardableResult
    func settleDue() async throws -> Int {
        let now = clock.now
        let due = try await store.read { try await $0.dueStatements(at: now, limit: Self.batchSize) }
        for id in due {
            do {
                try await statements.settleDue(id)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // One statement that cannot be settled (its stored document no longer parses)
                // must not hold back the others; it is logged and looked at again next pass.
                logger.warning("a statement past its deadline could not be settled", metadata: ["statement": "\(id)", "error": "\(error)"])
            }
        }
        return due.count
    }
}
