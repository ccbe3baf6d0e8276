/// Runs `body` for 0..<count with at most `width` calls in flight and returns the results in
/// index order: preparation goes fast without turning into a load test of its own.
func concurrentMap<T: Sendable>(
    _ count: Int, width: Int, _ body: @escaping @Sendable (Int) async throws -> T
) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        var next = 0
        var results: [T?] = Array(repeating: nil, count: count)
        func add() {
            guard next < count else { return }
            let index = next
            next += 1
            group.addTask { (index, try await body(index)) }
        }
        for _ in 0..<min(width, count) { add() }
        while let (index, result) = try await group.next() {
            results[index] = result
            add()
        }
        return results.compactMap { $0 }
    }
}
