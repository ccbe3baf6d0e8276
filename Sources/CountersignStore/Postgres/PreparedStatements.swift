import Logging
import PostgresNIO
import Synchronization

/// Named server-side prepared statements for the statement texts the store runs again and again
/// (a vote's ten, a login's, a listing's): PostgreSQL parses and plans each once per connection
/// instead of once per execution.
///
/// PostgresNIO prepares only through `PostgresPreparedStatement`, whose name and SQL are static
/// members of a type, while the store's statements are texts chosen at run time. So the process
/// keeps a fixed number of slots, each a distinct type (`SlotStatement<Marker>`), and gives a
/// slot to a statement text the second time that text runs (a migration or another one-off never
/// takes one). A slot's text and parameter types never change once given, so a connection that
/// prepared "countersign_7" prepared the same statement as every other connection did. Texts met
/// when every slot is taken, and executions whose parameter types differ from the ones the slot
/// was prepared with (NULL fits any type), run unnamed, as before.
final class PreparedStatements: Sendable {
    /// The process's slots: the statement texts are the same for every store in the process.
    static let shared = PreparedStatements(capacity: runners.count)

    /// A slot: the text and the parameter types it is prepared with.
    struct Slot: Sendable {
        let sql: String
        let types: [PostgresDataType]
    }

    private struct State {
        var slots: [Slot] = []
        var slotBySQL: [String: Int] = [:]
        /// Texts seen once, waiting for a second run; cleared when it grows past its bound.
        var seenOnce: Set<String> = []
    }

    /// Most texts remembered as seen once before the memory is cleared.
    static let maxSeenOnce = 4096
    /// Longest text given a slot.
    static let maxSQLBytes = 8 * 1024

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The slot to run `sql` with parameters of `types` (nil for a NULL) in, or nil to run it
    /// unnamed: the first time a text is seen, when no slot is left, or when the types differ
    /// from the slot's.
    func slot(for sql: String, types: [PostgresDataType?]) -> Int? {
        state.withLock { state in
            if let index = state.slotBySQL[sql] {
                let slot = state.slots[index]
                guard slot.types.count == types.count else { return nil }
                for (expected, given) in zip(slot.types, types) where given != nil && given != expected { return nil }
                return index
            }
            guard sql.utf8.count <= Self.maxSQLBytes, state.slots.count < capacity else { return nil }
            guard state.seenOnce.contains(sql) else {
                if state.seenOnce.count >= Self.maxSeenOnce { state.seenOnce.removeAll() }
                state.seenOnce.insert(sql)
                return nil
            }
            // A slot's types are fixed when it is given: only a run without NULLs names them all.
            let known = types.compactMap { $0 }
            guard known.count == types.count else { return nil }
            state.seenOnce.remove(sql)
            state.slots.append(Slot(sql: sql, types: known))
            state.slotBySQL[sql] = state.slots.count - 1
            return state.slots.count - 1
        }
    }

    /// The slot at `index` (given by `slot(for:types:)`, so it exists).
    func slot(at index: Int) -> Slot {
        state.withLock { $0.slots[index] }
    }

    /// Runs slot `index` on `connection`: prepared there the first time, executed after.
    static func execute(
        slot index: Int, bindings: PostgresBindings, on connection: PostgresConnection, logger: Logger
    ) async throws -> [PostgresRow] {
        try await runners[index](connection, bindings, logger)
    }

    typealias Runner = @Sendable (PostgresConnection, PostgresBindings, Logger) async throws -> [PostgresRow]

    /// One runner per slot type, FirstSlot, NextSlot<FirstSlot>, ...: 64 slots.
    static let runners: [Runner] = {
        var runners: [Runner] = []
        func add<Marker: SlotMarker>(_: Marker.Type, remaining: Int) {
            runners.append { connection, bindings, logger in
                var rows: [PostgresRow] = []
                for try await row in try await connection.execute(SlotStatement<Marker>(bindings: bindings), logger: logger) {
                    rows.append(row)
                }
                return rows
            }
            if remaining > 1 { add(NextSlot<Marker>.self, remaining: remaining - 1) }
        }
        add(FirstSlot.self, remaining: 64)
        return runners
    }()
}

/// A slot's position, as a type: FirstSlot is 0, NextSlot<FirstSlot> is 1, and so on.
protocol SlotMarker: SendableMetatype {
    static var index: Int { get }
}

enum FirstSlot: SlotMarker {
    static var index: Int { 0 }
}

enum NextSlot<Previous: SlotMarker>: SlotMarker {
    static var index: Int { Previous.index + 1 }
}

/// The prepared statement of slot `Marker`: its name, text and parameter types come from the
/// process's slots; a row comes back as PostgresNIO reads it.
struct SlotStatement<Marker: SlotMarker>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    let bindings: PostgresBindings

    static var name: String { "countersign_\(Marker.index)" }
    static var sql: String { PreparedStatements.shared.slot(at: Marker.index).sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedStatements.shared.slot(at: Marker.index).types }

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
