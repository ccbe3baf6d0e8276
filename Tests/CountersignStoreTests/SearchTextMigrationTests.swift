import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// Migration 12 (the dashboard's search): statements stored before it get their search text in the
/// migration transaction, so an upgraded database finds them as a new one does.
@Suite("Search text migration")
struct SearchTextMigrationTests {
    static var searchVersion: Int64 {
        Int64((Migrations.all.firstIndex { $0 == Migrations.version12 } ?? -1) + 1)
    }

    @Test("statements stored before the search column are backfilled and found after the upgrade", arguments: Engine.available)
    func backfill(engine: Engine) async throws {
        try #require(
            Migrations.all.count == Int(Self.searchVersion) + 2,
            "a migration after version14: undo it below too, so that the search migration runs again")
        try await withStore(engine) { store, database async throws in
            try await store.write { tx in
                for n in 1...3 {
                    var record = Fixtures.statement(n)
                    record.title = "Order \(n)"
                    record.document = Array(#"{"title":"Order \#(n)","content":{"vendor":"Ŝkoda Ñandú \#(n)"}}"#.utf8)
                    _ = try await tx.insertStatement(record)
                }
            }
            // Back to the schema before the search migration: no column, no indexes, not recorded;
            // the migrations after it (version13, the passkeys' AAGUID and label; version14, the
            // statements' deadlines) undone too, since the migrator applies only versions above the
            // highest one recorded.
            for sql in [
                "DROP INDEX statements_created_at", "DROP INDEX statements_decided_at", "ALTER TABLE statements DROP COLUMN search_text",
                "ALTER TABLE passkeys DROP COLUMN aaguid", "ALTER TABLE passkeys DROP COLUMN label",
                "DROP INDEX statements_due_at", "ALTER TABLE statements DROP COLUMN due_at",
                "DELETE FROM schema_migrations WHERE version >= \(Self.searchVersion)",
            ] {
                _ = try await store.driver.autocommit(sql, [])
            }
            let upgraded = try await database.open()
            let search = StatementSearch(folded: try #require(StatementSearchText.query("ŜKODA ÑANDÚ 2")), creatorMatches: [])
            var filter = StatementFilter()
            filter.search = search
            let found = try await upgraded.read { [filter] in try await $0.statements(filter, before: nil, limit: 10) }
            #expect(found.map(\.id) == [Fixtures.statementID(2)])
            let empty = try await upgraded.driver.autocommit("SELECT COUNT(*) FROM statements WHERE search_text IS NULL", [])
            #expect(try empty.first?.int(0) == 0)
            if engine == .postgresql {
                // Where pg_trgm is installed (and the role may create it), the trigram index is there.
                let available = try await upgraded.driver.autocommit("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'", [])
                let index = try await upgraded.driver.autocommit(
                    "SELECT 1 FROM pg_indexes WHERE tablename = 'statements' AND indexname = 'statements_search_trgm'", [])
                #expect(available.isEmpty || !index.isEmpty, "pg_trgm is available but the trigram index was not created")
            }
            await upgraded.shutdown()
        }
    }
}
