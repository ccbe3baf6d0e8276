import Synchronization
import Testing
@testable import CountersignStore

/// The lease pool behind the SQLite writer, its readers, PostgreSQL's connection slots and the
/// group commit's turn: a resource is held by one task at a time, and waiters are served in the
/// order they came.
@Suite("Lease pool")
struct LeasePoolTests {
    @Test("one resource: no two holders overlap and every caller is served once")
    func exclusive() async throws {
        let pool = LeasePool([0])
        let holders = Counter()
        let overlaps = Counter()
        let served = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<400 {
                group.addTask {
                    try await pool.with { _ in
                        if holders.add(1) != 1 { _ = overlaps.add(1) }
                        await Task.yield()
                        _ = holders.add(-1)
                        _ = served.add(1)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(overlaps.value == 0)
        #expect(served.value == 400)
        #expect(pool.waiting == 0)
        #expect(await pool.drain(count: 1) == [0])
    }

    @Test("waiters get the resource in the order they asked, and a failing body gives it back")
    func firstComeFirstServed() async throws {
        let pool = LeasePool(["writer"])
        let order = Recorder()
        let (gate, opening) = AsyncStream<Void>.makeStream()
        let holder = Task { @Sendable in
            try await pool.with { _ in
                for await _ in gate { break }
            }
        }
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<20 {
            waiters.append(Task {
                try await pool.with { _ in
                    order.append(index)
                    if index == 7 { throw CancellationError() }
                }
            })
            // Each waiter is queued before the next one asks.
            while pool.waiting < index + 1 { await Task.yield() }
        }
        opening.yield()
        try await holder.value
        for (index, waiter) in waiters.enumerated() {
            if index == 7 {
                await #expect(throws: CancellationError.self) { try await waiter.value }
            } else {
                try await waiter.value
            }
        }
        #expect(order.items == Array(0..<20))
        #expect(await pool.drain(count: 1) == ["writer"])
    }

    /// Numbers appended by concurrent tasks, in the order they came.
    final class Recorder: Sendable {
        private let recorded = Mutex<[Int]>([])

        func append(_ item: Int) { recorded.withLock { $0.append(item) } }
        var items: [Int] { recorded.withLock { $0 } }
    }

    /// A counter shared by concurrent tasks.
    final class Counter: Sendable {
        private let count = Atomic(0)

        /// Adds `delta` and returns the new value.
        func add(_ delta: Int) -> Int { count.add(delta, ordering: .sequentiallyConsistent).newValue }
        var value: Int { count.load(ordering: .sequentiallyConsistent) }
    }
}
