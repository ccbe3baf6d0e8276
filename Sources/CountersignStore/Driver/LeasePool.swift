/// A fixed set of resources handed out one task at a time, first come first served.
///
/// With one resource it is an async mutex: the SQLite writer connection is leased by one `write`
/// at a time, so BEGIN IMMEDIATE, the body's statements and COMMIT of one transaction never
/// interleave with another's. Waiting is not cancellable: a lease is always released by `with`.
actor LeasePool<Resource: Sendable> {
    private var idle: [Resource]
    private var waiters: [CheckedContinuation<Resource, Never>] = []
    private var waiterHead = 0

    init(_ resources: [Resource]) {
        precondition(!resources.isEmpty, "a lease pool needs at least one resource")
        idle = resources
    }

    private func acquire() async -> Resource {
        if let resource = idle.popLast() { return resource }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func release(_ resource: Resource) {
        if waiterHead < waiters.count {
            let waiter = waiters[waiterHead]
            waiterHead += 1
            if waiterHead > 64, waiterHead * 2 > waiters.count {
                waiters.removeFirst(waiterHead)
                waiterHead = 0
            }
            waiter.resume(returning: resource)
        } else {
            idle.append(resource)
        }
    }

    /// Every resource, for shutdown, once no lease is out.
    func drain(count: Int) async -> [Resource] {
        var all: [Resource] = []
        for _ in 0..<count { all.append(await acquire()) }
        return all
    }

    /// Runs `body` with a resource that no other task holds meanwhile.
    nonisolated func with<T: Sendable>(_ body: @Sendable (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        do {
            let result = try await body(resource)
            await release(resource)
            return result
        } catch {
            await release(resource)
            throw error
        }
    }
}
