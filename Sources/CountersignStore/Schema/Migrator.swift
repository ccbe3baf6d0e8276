import Foundation
import Logging

/// Brings a database to `Migrations.latest` in one transaction, at open.
///
/// On PostgreSQL the transaction first takes an advisory lock, so two instances starting at once
/// migrate one after the other and the second finds nothing to do. A database whose version is
/// newer than this build knows is refused: this code could misread its rows.
enum Migrator {
    /// Advisory lock key of migrations ("CSmigrat" as ASCII).
    static let lockKey: Int64 = 0x43_53_6D_69_67_72_61_74

    static func migrate(_ driver: any SQLDriver, logger: Logger, now: Date = Date()) async throws {
        let dialect = driver.dialect
        try await driver.transaction(write: true) { connection in
            if let lock = dialect.transactionLock {
                _ = try await connection.query(lock(lockKey), [])
            }
            _ = try await connection.query(
                dialect.schema("CREATE TABLE IF NOT EXISTS schema_migrations (version {INT} PRIMARY KEY, applied_at {INT} NOT NULL)"),
                [])
            let current = try await connection.query("SELECT MAX(version) FROM schema_migrations", []).first?.optionalInt(0) ?? 0
            guard current <= Migrations.latest else {
                throw StoreError.migration(
                    "the database schema is version \(current), newer than this build knows (\(Migrations.latest)); upgrade Countersign")
            }
            for (index, statements) in Migrations.all.enumerated() where Int64(index + 1) > current {
                let version = Int64(index + 1)
                logger.info("applying schema migration", metadata: ["version": "\(version)", "engine": "\(dialect.engine)"])
                for statement in statements {
                    guard let sql = dialect.migrationStatement(statement) else { continue }
                    _ = try await connection.query(sql, [])
                }
                _ = try await connection.query(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [.integer(version), .date(now)])
            }
            if current < Migrations.latest {
                try await SQLTransaction.backfillSearchText(connection)
            }
        }
    }
}
