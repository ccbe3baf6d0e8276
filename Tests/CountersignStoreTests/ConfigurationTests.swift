import Foundation
import Testing
@testable import CountersignStore

@Suite("Opening stores")
struct ConfigurationTests {
    @Test("PostgreSQL URLs are parsed strictly")
    func postgresURLs() throws {
        let local = try PostgresURL("postgres://alice:s%40cret@127.0.0.1:55432/countersign")
        #expect(local.username == "alice" && local.password == "s@cret" && local.host == "127.0.0.1")
        #expect(local.port == 55432 && local.database == "countersign" && local.tls == .disable)
        let remote = try PostgresURL("postgresql://bob@db.example.com/cs")
        #expect(remote.port == 5432 && remote.tls == .require && remote.password == nil)
        #expect(try PostgresURL("postgres://bob@db.example.com/cs?sslmode=prefer").tls == .prefer)
        #expect(try PostgresURL("postgres://bob@[::1]:6000/cs").host == "::1")
        #expect(local.preparedStatements)
        #expect(try PostgresURL("postgres://bob@h/cs?prepared_statements=off&sslmode=require").preparedStatements == false)
        #expect(try PostgresURL("postgres://bob@h/cs?prepared_statements=on").preparedStatements)
        for bad in [
            "mysql://u@h/db", "postgres://h/db", "postgres://u@/db", "postgres://u@h", "postgres://u@h/", "postgres://u@h/a/b",
            "postgres://u@h/db?sslmode=verify-full", "postgres://u@h/db?timeout=3", "postgres://u@h:99999/db", "not a url",
            "postgres://u@h/db#x", "postgres://u@h/db?prepared_statements=yes", "postgres://u@h/db?prepared_statements",
        ] {
            #expect(throws: StoreError.self, "\(bad)") { try PostgresURL(bad) }
        }
    }

    @Test("the factory opens SQLite in the data folder and refuses unknown schemes")
    func factory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cs_factory_\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let store = try await StoreFactory.open(databaseURL: "", dataDirectory: folder, logger: testLogger)
        #expect(store.engine == "sqlite")
        #expect(await store.ping())
        await store.shutdown()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("countersign.sqlite").path))
        await expectStoreError(.invalidConfiguration) {
            _ = try await StoreFactory.open(databaseURL: "mysql://u@h/db", dataDirectory: folder, logger: testLogger)
        }
        await expectStoreError(.invalidConfiguration) {
            _ = try await StoreFactory.open(databaseURL: "sqlite:///tmp/x", dataDirectory: folder, logger: testLogger)
        }
    }

    @Test("SQLite runs in WAL mode with synchronous=FULL, foreign keys and a busy timeout")
    func sqliteSettings() async throws {
        try await withStore(.sqlite) { store, _ async throws in
            for (pragma, expected) in [("journal_mode", "wal"), ("synchronous", "2"), ("foreign_keys", "1"), ("busy_timeout", "10000")] {
                let value = try await store.driver.transaction(write: true) { connection in
                    try await connection.query("PRAGMA \(pragma)", []).first?.values.first
                }
                let text: String? = switch value {
                case .text(let text): text.lowercased()
                case .integer(let number): String(number)
                default: nil
                }
                #expect(text == expected, "PRAGMA \(pragma)")
            }
            // Foreign keys are enforced, not just declared.
            await expectStoreError(.unavailable) {
                try await store.write { try await $0.insertVote(Fixtures.vote(statement: 404, member: 1)) }
            }
        }
    }

    @Test("an unreachable PostgreSQL or an unusable SQLite path is StoreError.unavailable, not a crash")
    func unavailable() async throws {
        // Port 1 on loopback: nothing listens there.
        await expectStoreError(.unavailable) {
            _ = try await StoreFactory.openPostgresStore(url: "postgres://nobody@127.0.0.1:1/none", connectTimeout: .seconds(3), logger: testLogger)
        }
        await expectStoreError(.unavailable) {
            _ = try await StoreFactory.openSQLite(path: "/proc/countersign/cannot/exist.sqlite", logger: testLogger)
        }
    }

    @Test("ping fails once the database is gone", arguments: Engine.available)
    func pingAfterShutdown(engine: Engine) async throws {
        try await TestDatabase.with(engine) { database in
            let store = try await database.open()
            #expect(await store.ping())
            await store.shutdown()
            #expect(await !store.ping())
        }
    }

    /// A CI run must exercise PostgreSQL: without the URL the PostgreSQL cases above would not run.
    @Test("CI provides COUNTERSIGN_TEST_POSTGRES_URL")
    func postgresRequiredInCI() {
        let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
        #expect(!inCI || Engine.postgresURL != nil, "CI=true but COUNTERSIGN_TEST_POSTGRES_URL is unset: the PostgreSQL store tests did not run (use scripts/test)")
    }

    /// Shows up as skipped, with its reason, when no PostgreSQL is configured.
    @Test("PostgreSQL test server is reachable", .enabled(if: Engine.postgresURL != nil, "COUNTERSIGN_TEST_POSTGRES_URL is unset: PostgreSQL store cases skipped"))
    func postgresReachable() async throws {
        try await TestDatabase.with(.postgresql) { database in
            let store = try await database.open()
            #expect(store.engine == "postgresql")
            #expect(await store.ping())
            await store.shutdown()
        }
    }
}
