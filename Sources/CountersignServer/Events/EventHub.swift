import Countersign
import CountersignJOSE
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// One change that live clients hear about: an audit event about a statement.
struct StatementEvent: Sendable {
    let seq: Int64
    let action: String
    let statement: String
    let at: Date

    var json: JSONValue {
        .object(["seq": .number(Double(seq)), "action": .string(action), "statement": .string(statement), "at": .string(Timestamp.format(at))])
    }

    init?(_ event: AuditEvent) {
        guard event.action.hasPrefix("statement.") || event.action.hasPrefix("vote.") else { return nil }
        guard event.subject.hasPrefix(StatementID.prefix) else { return nil }
        seq = event.seq
        action = event.action
        statement = event.subject
        at = event.at
    }
}

/// Fans statement changes out to server-sent event streams. The audit log is the source of truth:
/// one poller per instance reads new events (at once when this instance wrote, otherwise every
/// poll interval), so clients of any instance see changes made through any other.
final class EventHub: Service, Sendable {
    private struct State {
        var subscribers: [UUID: AsyncStream<StatementEvent>.Continuation] = [:]
    }

    private let store: any Store
    private let pollInterval: TimeInterval
    private let logger: Logger
    private let state = Mutex(State())
    private let wake: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation
    /// Streams beyond this many are refused (each holds a connection open).
    static let maxSubscribers = 10_000

    init(store: any Store, pollInterval: TimeInterval, logger: Logger) {
        self.store = store
        self.pollInterval = max(pollInterval, 0.05)
        self.logger = logger
        (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the poller to look now (this instance just wrote).
    func nudge() { wakeContinuation.yield() }

    /// A stream of statement events from now on; nil when too many streams are open.
    func subscribe() -> (id: UUID, stream: AsyncStream<StatementEvent>)? {
        let (stream, continuation) = AsyncStream.makeStream(of: StatementEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let id = UUID()
        let added = state.withLock { state -> Bool in
            guard state.subscribers.count < Self.maxSubscribers else { return false }
            state.subscribers[id] = continuation
            return true
        }
        guard added else { return nil }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    func run() async throws {
        let cursor = (try? await store.read { try await $0.lastAuditEvent()?.seq }) ?? 0
        await withTaskGroup(of: Void.self) { group in
            // A ticker turns the poll interval into wake-ups, so one loop handles both.
            group.addTask { [wakeContinuation, pollInterval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(pollInterval))
                    wakeContinuation.yield()
                }
            }
            var position = cursor
            for await _ in wake.cancelOnGracefulShutdown() {
                position = await deliver(after: position)
            }
            group.cancelAll()
        }
        state.withLock { state in
            for continuation in state.subscribers.values { continuation.finish() }
            state.subscribers.removeAll()
        }
    }

    private func deliver(after cursor: Int64) async -> Int64 {
        var cursor = cursor
        while true {
            let page: [AuditEvent]
            let after = cursor
            do {
                page = try await store.read { try await $0.auditEvents(after: after, limit: 500) }
            } catch {
                logger.warning("event poll failed", metadata: ["error": "\(error)"])
                return cursor
            }
            guard let last = page.last else { return cursor }
            let events = page.compactMap(StatementEvent.init)
            if !events.isEmpty {
                let subscribers = state.withLock { Array($0.subscribers.values) }
                for continuation in subscribers { for event in events { continuation.yield(event) } }
            }
            cursor = last.seq
            if page.count < 500 { return cursor }
        }
    }
}
