import Synchronization

/// A thread-safe map of values derived from immutable inputs (a parsed statement document, a
/// parsed JWK), so the hot paths decode each once instead of on every request
/// (docs/PERFORMANCE.md, "Parse and compile once").
///
/// Callers key it by everything the value is derived from, so an entry can never be stale, only
/// absent. It holds at most `limit` entries; when full, it starts over: the working set refills it
/// within a few requests, and no eviction bookkeeping runs on each hit.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func value(for key: Key) -> Value? {
        entries.withLock { $0[key] }
    }

    func store(_ value: Value, for key: Key) {
        entries.withLock { entries in
            if entries.count >= limit, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    func remove(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// The cached value for `key`, or `make()`'s, kept. `make` runs outside the lock: two callers
    /// that miss at once both derive it, and either result is right.
    func value<E: Error>(for key: Key, orMake make: () throws(E) -> Value) throws(E) -> Value {
        if let cached = value(for: key) { return cached }
        let made = try make()
        store(made, for: key)
        return made
    }
}
