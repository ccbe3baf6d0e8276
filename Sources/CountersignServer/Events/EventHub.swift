import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// One change that live clients hear about: an audit event about a statement (every member
/// hears those), or about a scheduled operation (only the members it affects hear those).
struct LiveEvent: Sendable {
    let seq: Int64
    /// The SSE event type: "statement" or "operation".
    let type: String
    let json: JSONValue
    /// The members who may hear it; nil for everyone.
    let audience: Set<String>?

    init?(_ event: AuditEvent) {
        seq = event.seq
        if event.action.hasPrefix("statement.") || event.action.hasPrefix("vote."), event.subject.hasPrefix(StatementID.prefix) {
            type = "statement"
            audience = nil
            json = .object([
                "seq": .number(Double(event.seq)), "action": .string(event.action), "statement": .string(event.subject),
                "at": .string(Timestamp.format(event.at)),
            ])
            return
        }
        // A new comment: every member hears that one was posted (as they see statements); the
        // thread itself is read through its access-controlled route.
        if event.action == "comment.added", event.subject.hasPrefix(StatementID.prefix) {
            type = "comment"
            audience = nil
            json = .object([
                "seq": .number(Double(event.seq)), "action": .string(event.action), "statement": .string(event.subject),
                "comment": event.details.objectValue?["comment"] ?? .null, "at": .string(Timestamp.format(event.at)),
            ])
            return
        }
        // Operation announcements carry the operation and who it affects (OperationAnnouncement).
        guard let details = event.details.objectValue, let operation = details["operation"], operation.objectValue != nil,
              let members = details["audience"]?.arrayValue
        else { return nil }
        type = "operation"
        audience = Set(members.compactMap(\.stringValue))
        json = .object([
            "seq": .number(Double(event.seq)), "action": .string(event.action), "operation": operation,
            "at": .string(Timestamp.format(event.at)),
        ])
    }

    /// Whether `member` may hear this event.
    func isFor(_ member: String) -> Bool { audience?.contains(member) ?? true }
}

/// Fans live events out to server-sent event streams. The audit log is the source of truth:
/// one poller per instance reads new events (at once when this instance wrote, otherwise every
/// poll interval), so clients of any instance see changes made through any other.
final class EventHub: Service, Sendable {
    private struct State {
        var subscribers: [UUID: (member: String, continuation: AsyncStream<LiveEvent>.Continuation)] = [:]
    }

    private let store: any Store
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeup: Wakeup
    /// Streams beyond this many are refused (each holds a connection open).
    static let maxSubscribers = 10_000

    init(store: any Store, pollInterval: TimeInterval, logger: Logger) {
        self.store = store
        self.logger = logger
        wakeup = Wakeup(interval: pollInterval)
    }

    /// Asks the poller to look now (this instance just wrote).
    func nudge() { wakeup.nudge() }

    /// A stream of the events `member` may hear, from now on; nil when too many streams are open.
    func subscribe(member: String) -> (id: UUID, stream: AsyncStream<LiveEvent>)? {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let id = UUID()
        let added = state.withLock { state -> Bool in
            guard state.subscribers.count < Self.maxSubscribers else { return false }
            state.subscribers[id] = (member, continuation)
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
        var position = (try? await store.read { try await $0.lastAuditEvent()?.seq }) ?? 0
        await wakeup.run { position = await deliver(after: position) }
        state.withLock { state in
            for subscriber in state.subscribers.values { subscriber.continuation.finish() }
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
            let events = page.compactMap(LiveEvent.init)
            if !events.isEmpty {
                let subscribers = state.withLock { Array($0.subscribers.values) }
                for subscriber in subscribers {
                    for event in events where event.isFor(subscriber.member) { subscriber.continuation.yield(event) }
                }
            }
            cursor = last.seq
            if page.count < 500 { return cursor }
        }
    }
}
