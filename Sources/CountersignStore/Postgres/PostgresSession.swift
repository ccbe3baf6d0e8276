import Foundation
import Logging
import PostgresNIO

/// A leased PostgreSQL connection seen through `SQLConnection`: values convert both ways and
/// driver errors become `StoreError`.
struct PostgresSession: SQLConnection {
    let connection: PostgresConnection
    let watch: ConnectionWatch
    let logger: Logger
    /// Whether a repeated statement text runs as a named prepared statement (the URL's
    /// `prepared_statements`, on unless `off`).
    var preparedStatements = true

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await watch.run { [self] in try await run(sql, binds) }
    }

    /// Runs `sql` as a named prepared statement once the text has run before and a slot is free
    /// (`PreparedStatements`), unnamed otherwise.
    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType?] = []
        types.reserveCapacity(binds.count)
        for value in binds {
            switch value {
            case .integer(let value): bindings.append(value); types.append(.int8)
            case .real(let value): bindings.append(value); types.append(.float8)
            case .text(let value): bindings.append(value); types.append(.text)
            case .blob(let value): bindings.append(ByteBuffer(bytes: value)); types.append(.bytea)
            case .null: bindings.appendNull(); types.append(nil)
            }
        }
        do {
            var result: [SQLRow] = []
            if preparedStatements, let slot = PreparedStatements.shared.slot(for: sql, types: types) {
                for row in try await PreparedStatements.execute(slot: slot, bindings: bindings, on: connection, logger: logger) {
                    result.append(SQLRow(values: try row.map(Self.decode)))
                }
            } else {
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
                    result.append(SQLRow(values: try row.map(Self.decode)))
                }
            }
            return result
        } catch {
            throw Self.translate(error)
        }
    }

    /// The cell as an `SQLValue`; a type the store never declares reads as NULL (and then fails
    /// the row accessor that expected something else).
    static func decode(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int8: return .integer(try cell.decode(Int64.self))
            case .int4: return .integer(Int64(try cell.decode(Int32.self)))
            case .int2: return .integer(Int64(try cell.decode(Int16.self)))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float8: return .real(try cell.decode(Double.self))
            case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
            case .bytea:
                return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
            default: return .null
            }
        } catch {
            throw StoreError.corruptRow("column \(cell.columnName): \(error)")
        }
    }

    /// SQLSTATE 23505 (unique_violation) is a duplicate, 53100 (disk_full) a full disk, 25006
    /// (read_only_sql_transaction) a read-only database; every other failure means the database
    /// could not do what was asked.
    static func translate(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? ""
                switch state {
                case "23505": return StoreError.duplicate(error.serverInfo?[.constraintName] ?? message)
                // disk_full: the cluster's file system has no space left.
                case "53100": return StoreError.storageFull("PostgreSQL \(state): \(message)")
                // read_only_sql_transaction (default_transaction_read_only, a hot standby).
                case "25006": return StoreError.readOnly("PostgreSQL \(state): \(message)")
                default: break
                }
                return StoreError.unavailable("PostgreSQL \(state): \(message)")
            }
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return StoreError.unavailable("PostgreSQL \(error.code)\(underlying)")
        }
        // The driver's, its pool's (a tripped circuit breaker) and the network's own failures mean the database is out of reach; an error
        // the transaction's body threw is the caller's and passes through unchanged.
        let origin = String(reflecting: type(of: error))
        if origin.hasPrefix("PostgresNIO.") || origin.hasPrefix("_ConnectionPoolModule.") || origin.hasPrefix("NIOCore.") || origin.hasPrefix("NIOPosix.") {
            return StoreError.unavailable("\(error)")
        }
        return error
    }
}
