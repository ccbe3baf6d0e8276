/// Runs `operation`, giving up with `StoreError.unavailable(message)` after `timeout` (the
/// operation is cancelled then).
func withDeadline<T: Sendable>(
    _ timeout: Duration, _ message: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreError.unavailable(message)
        }
        return value
    }
}
