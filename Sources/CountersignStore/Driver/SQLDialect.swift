import Foundation

/// The few places where the two engines' SQL differs. Data queries are written once, with
/// PostgreSQL-style `$n` placeholders, and pass through `prepare` before they run.
struct SQLDialect: Sendable {
    /// "sqlite" or "postgresql".
    var engine: String
    /// Starts a read-write transaction.
    var beginWrite: String
    /// Starts a read-only transaction with one consistent snapshot.
    var beginRead: String
    /// Appended to a SELECT that must lock the rows it reads ("" where the transaction already
    /// excludes other writers).
    var forUpdate: String
    /// A statement taking the transaction-scoped lock with the given key, or nil where the write
    /// transaction is already exclusive.
    var transactionLock: (@Sendable (Int64) -> String)?
    /// What precedes a query to show its plan.
    var explain: String
    /// Column types for migrations, keyed by the placeholders migrations use.
    var types: [String: String]
    /// Whether `$n` placeholders must become `?n`.
    var numbersPlaceholdersWithQuestionMark: Bool

    /// `sql` with placeholders and type names in this dialect.
    func prepare(_ sql: String) -> String {
        guard numbersPlaceholdersWithQuestionMark else { return sql }
        // Byte-wise: every query passes here, and `$` and digits are ASCII, never part of a
        // longer UTF-8 sequence. `$` followed by a digit is a placeholder; our queries hold no
        // `$` inside literals.
        var bytes = Array(sql.utf8)
        var index = bytes.startIndex
        while index < bytes.endIndex - 1 {
            if bytes[index] == UInt8(ascii: "$"), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1]) {
                bytes[index] = UInt8(ascii: "?")
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A migration statement with `{INT}`, `{BLOB}`, `{TEXT}` and `{SERIAL}` replaced.
    func schema(_ sql: String) -> String {
        types.reduce(sql) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// A migration statement for this engine (`schema`), or nil when it is marked for the other
    /// one (`{sqlite}` or `{postgresql}` at its start).
    func migrationStatement(_ sql: String) -> String? {
        var sql = sql
        for marked in ["sqlite", "postgresql"] where sql.hasPrefix("{\(marked)} ") {
            guard marked == engine else { return nil }
            sql.removeFirst(marked.count + 3)
        }
        return schema(sql)
    }

    static let sqlite = SQLDialect(
        engine: "sqlite",
        beginWrite: "BEGIN IMMEDIATE",
        beginRead: "BEGIN DEFERRED",
        forUpdate: "",
        transactionLock: nil,
        explain: "EXPLAIN QUERY PLAN ",
        types: ["INT": "INTEGER", "BLOB": "BLOB", "TEXT": "TEXT", "SERIAL": "INTEGER PRIMARY KEY AUTOINCREMENT"],
        numbersPlaceholdersWithQuestionMark: true
    )

    static let postgres = SQLDialect(
        engine: "postgresql",
        beginWrite: "BEGIN ISOLATION LEVEL READ COMMITTED",
        beginRead: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        forUpdate: " FOR UPDATE",
        transactionLock: { "SELECT pg_advisory_xact_lock(\($0))" },
        explain: "EXPLAIN ",
        types: ["INT": "BIGINT", "BLOB": "BYTEA", "TEXT": "TEXT", "SERIAL": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"],
        numbersPlaceholdersWithQuestionMark: false
    )
}

