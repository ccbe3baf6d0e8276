/// Writes whose results nobody reads, held by a transaction until its next statement or its
/// commit and then sent together: the last writes of a vote (its nonce, the vote, the new status
/// and the audit events) cost PostgreSQL one round trip instead of four or five
/// (docs/PERFORMANCE.md).
///
/// On PostgreSQL the held writes become one statement of data-modifying `WITH` parts. Those parts
/// run on one snapshot and in no defined order, so a write joins the held ones only when it cannot
/// depend on them: rows for the same table and columns merge into one multi-row INSERT (their
/// order kept, so an audit event's pending id still follows the order of the appends), and any
/// other second write to a table already written sends the held writes first. On SQLite each held
/// write runs as its own statement (merged INSERTs still save statements there).
///
/// A held write that fails fails the statement that sends it, later than its call: the
/// transaction is then spoilt and rolls back, as after any failed statement. So only writes
/// whose failure no caller handles on the spot are held (a duplicate a caller must tell apart
/// is checked before, under the lock that makes the check final).
struct DeferredWrites {
    /// One held write.
    enum Write {
        /// Rows for `table`'s `columns`, one bind per column each.
        case insert(table: String, columns: String, rows: [[SQLValue]])
        /// Any other statement writing `table` (an UPDATE or DELETE without RETURNING).
        case statement(table: String, sql: String, binds: [SQLValue])

        var table: String {
            switch self {
            case .insert(let table, _, _), .statement(let table, _, _): table
            }
        }

        var bindCount: Int {
            switch self {
            case .insert(_, _, let rows): rows.reduce(0) { $0 + $1.count }
            case .statement(_, _, let binds): binds.count
            }
        }
    }

    private(set) var writes: [Write] = []

    /// The most binds held at once: far below either engine's limit on the parameters of one
    /// statement (SQLite 32,766, PostgreSQL 65,535), however many rows a transaction writes.
    static let maximumBinds = 2_000

    var isEmpty: Bool { writes.isEmpty }

    /// Holds `write`; false, holding nothing, when the held writes must be sent first (`write`
    /// would be a second, unmerged write to a table already written, or take the binds held past
    /// `maximumBinds`).
    mutating func hold(_ write: Write) -> Bool {
        let heldBinds = writes.reduce(0) { $0 + $1.bindCount }
        guard writes.isEmpty || heldBinds + write.bindCount <= Self.maximumBinds else { return false }
        if case .insert(let table, let columns, let rows) = write,
           let index = writes.firstIndex(where: { if case .insert(table, columns, _) = $0 { true } else { false } }),
           case .insert(_, _, let held) = writes[index] {
            writes[index] = .insert(table: table, columns: columns, rows: held + rows)
            return true
        }
        guard !writes.contains(where: { $0.table == write.table }) else { return false }
        writes.append(write)
        return true
    }

    /// Takes the held writes, as the statements to run: one (`combined`) or each on its own.
    mutating func take(combined: Bool) -> [(sql: String, binds: [SQLValue])] {
        let statements = writes.map(Self.statement)
        writes = []
        guard combined, statements.count > 1 else { return statements }
        // WITH w0 AS (first), w1 AS (second) last: each part's placeholders move past the ones before.
        var sql = "WITH "
        var binds: [SQLValue] = []
        for (index, statement) in statements.enumerated() {
            let renumbered = Self.shiftingPlaceholders(of: statement.sql, by: binds.count)
            if index == statements.count - 1 {
                sql += " " + renumbered
            } else {
                sql += (index == 0 ? "" : ", ") + "w\(index) AS (\(renumbered))"
            }
            binds += statement.binds
        }
        return [(sql, binds)]
    }

    private static func statement(_ write: Write) -> (sql: String, binds: [SQLValue]) {
        switch write {
        case .statement(_, let sql, let binds):
            return (sql, binds)
        case .insert(let table, let columns, let rows):
            var placeholder = 0
            let values = rows.map { row in
                "(" + row.map { _ in placeholder += 1; return "$\(placeholder)" }.joined(separator: ", ") + ")"
            }
            return ("INSERT INTO \(table) (\(columns)) VALUES " + values.joined(separator: ", "), rows.flatMap { $0 })
        }
    }

    /// `sql` with every placeholder `$n` made `$(n + offset)`. Byte-wise, as `SQLDialect.prepare`:
    /// the store's queries hold no `$` inside literals.
    static func shiftingPlaceholders(of sql: String, by offset: Int) -> String {
        guard offset > 0 else { return sql }
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        while index < bytes.count {
            out.append(bytes[index])
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, digits.contains(bytes[index + 1]) else {
                index += 1
                continue
            }
            var end = index + 1
            var number = 0
            while end < bytes.count, digits.contains(bytes[end]) {
                number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                end += 1
            }
            out += Array(String(number + offset).utf8)
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}
