import Synchronization

/// A fixed set of resources handed out one task at a time, first come first served.
///
/// With one resource it is an async mutex: the SQLite writer connection is leased by one `write`
/// at a time, so BEGIN IMMEDIATE, the body's statements and COMMIT of one transaction never
/// interleave with another's. Waiting is not cancellable: a lease is always released by `with`.
///
/// A lock, not an actor: taking an idle resource and giving one back are a few instructions under
/// a mutex, with no hop to an actor's executor and back. Only a caller that finds nothing idle
/// suspends, and a resource given back goes straight to the longest waiter, so a newcomer never
/// overtakes a waiting task.
final class LeasePool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: [CheckedContinuation<Resource, Never>] = []
        /// Index of the longest waiter in `waiters`; the ones before it were served.
        var waiterHead = 0

        mutating func nextWaiter() -> CheckedContinuation<Resource, Never>? {
            guard waiterHead < waiters.count else { return nil }
            let waiter = waiters[waiterHead]
            waiterHead += 1
            if waiterHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waiterHead = 0
            } else if waiterHead > 64, waiterHead * 2 > waiters.count {
                waiters.removeFirst(waiterHead)
                waiterHead = 0
            }
            return waiter
        }
    }

    private let state: Mutex<State>

    init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a lease pool needs at least one resource")
        state = Mutex(State(idle: resources))
    }

    private func acquire() async -> Resource {
        if let resource = state.withLock({ $0.idle.popLast() }) { return resource }
        return await withCheckedContinuation { continuation in
            // Checked again under the lock: a resource given back since the first look is taken
            // here rather than left idle while this caller waits.
            let resource = state.withLock { state -> Resource? in
                if let resource = state.idle.popLast() { return resource }
                state.waiters.append(continuation)
                return nil
            }
            if let resource { continuation.resume(returning: resource) }
        }
    }

    private func release(_ resource: Resource) {
        let waiter = state.withLock { state -> CheckedContinuation<Resource, Never>? in
            if let waiter = state.nextWaiter() { return waiter }
            state.idle.append(resource)
            return nil
        }
        waiter?.resume(returning: resource)
    }

    /// How many callers are waiting for a resource (for tests that need a waiter queued).
    var waiting: Int { state.withLock { $0.waiters.count - $0.waiterHead } }

    /// Every resource, for shutdown, once no lease is out.
    func drain(count: Int) async -> [Resource] {
        var all: [Resource] = []
        for _ in 0..<count { all.append(await acquire()) }
        return all
    }

    /// Runs `body` with a resource that no other task holds meanwhile.
    func with<T: Sendable>(_ body: @Sendable (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        do {
            let result = try await body(resource)
            release(resource)
            return result
        } catch {
            release(resource)
            throw error
        }
    }
}
