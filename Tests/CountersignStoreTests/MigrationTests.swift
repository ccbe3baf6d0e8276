import Foundation
import Testing
@testable import CountersignStore

@Suite("Migrations")
struct MigrationTests {
    @Test("opening twice (and twice at once) migrates once and keeps the data", arguments: Engine.available)
    func idempotent(engine: Engine) async throws {
        try await withStore(engine) { store, database async throws in
            try await store.write { try await $0.insertMember(Fixtures.member(1)) }
            async let a = database.open()
            async let b = database.open()
            let (again, andAgain) = try await (a, b)
            #expect(try await again.read { try await $0.member(Fixtures.memberID(1)) } != nil)
            let versions = try await again.driver.autocommit("SELECT version FROM schema_migrations ORDER BY version", [])
            #expect(try versions.map { try $0.int(0) } == Array(1...Migrations.latest))
            await again.shutdown()
            await andAgain.shutdown()
        }
    }

    @Test("a database newer than this build is refused", arguments: Engine.available)
    func newerSchemaRefused(engine: Engine) async throws {
        try await withStore(engine) { store, database async throws in
            _ = try await store.driver.autocommit(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)", [.integer(Migrations.latest + 1)])
            await expectStoreError(.migration) { _ = try await database.open() }
        }
    }
}
