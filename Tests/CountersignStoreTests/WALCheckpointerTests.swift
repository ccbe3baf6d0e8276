import Foundation
import Testing
@testable import CountersignStore

/// SQLite's WAL is checkpointed by a connection of its own (`WALCheckpointer`), not inside the
/// writer's COMMIT; the writer's commits only ask for it.
@Suite("SQLite WAL checkpoints")
struct WALCheckpointerTests {
    @Test("past 1,000 WAL pages the checkpointer copies the WAL into the database file; nothing is lost")
    func checkpointsBesideTheWriter() async throws {
        try await withStore(.sqlite) { store, database in
            let driver = try #require(store.driver as? SQLiteDriver)
            let file = database.location
            _ = try await driver.autocommit("CREATE TABLE scratch (n INTEGER PRIMARY KEY, b BLOB)", [])
            let before = try Self.size(of: file)
            #expect(driver.checkpointer.checkpoints == 0)
            // About 150 pages a commit: the WAL passes 1,000 pages at the seventh.
            for n in 1...10 {
                _ = try await driver.autocommit("INSERT INTO scratch (n, b) VALUES ($1, randomblob(600000))", [.integer(Int64(n))])
            }
            // The checkpoint runs beside the writer: wait for it, a minute at most.
            let deadline = ContinuousClock.now + .seconds(60)
            while driver.checkpointer.checkpoints == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(driver.checkpointer.checkpoints >= 1)
            // Without a checkpoint the pages would all still be in the WAL: the writer's own
            // automatic checkpoint is off.
            #expect(try Self.size(of: file) - before >= 3_000_000)
            let rows = try await driver.reading { try await $0.query("SELECT count(*) FROM scratch", []) }
            #expect(try rows.first?.int(0) == 10)
        }
    }

    static func size(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
