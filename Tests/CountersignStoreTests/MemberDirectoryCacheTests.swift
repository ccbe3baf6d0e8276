import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// The cached member directory (`MemberDirectoryCache`) is used only while no change to
/// `members` was committed since it was read, whoever made the change.
@Suite("Cached member directory")
struct MemberDirectoryCacheTests {
    struct Refusal: Error {}

    static func ids(_ store: SQLStore) async throws -> [String] {
        try await store.read { try await $0.allMembers() }.map(\.id.rawValue)
    }

    static func roles(_ store: SQLStore, _ n: Int) async throws -> [String] {
        try await store.read { try await $0.allMembers() }.first { $0.id == Fixtures.memberID(n) }?.roles.map(\.rawValue) ?? []
    }

    @Test("a change by another instance or by plain SQL is seen at the next read", arguments: Engine.available)
    func changesElsewhere(engine: Engine) async throws {
        try await withStore(engine) { store, database async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertMember(Fixtures.member(2))
            }
            #expect(try await Self.ids(store) == ["mem_m1", "mem_m2"])
            #expect(try await Self.ids(store) == ["mem_m1", "mem_m2"])

            let other = try await database.open()
            try await other.write { try await $0.insertMember(Fixtures.member(3)) }
            await other.shutdown()
            #expect(try await Self.ids(store) == ["mem_m1", "mem_m2", "mem_m3"])

            // An operator's SQL, outside Countersign: the trigger still retires the cached copy.
            let driver = try await database.driver()
            _ = try await driver.autocommit("UPDATE members SET roles = '[\"auditor\"]' WHERE id = 'mem_m2'", [])
            #expect(try await Self.roles(store, 2) == ["auditor"])
            _ = try await driver.autocommit("DELETE FROM members WHERE id = 'mem_m3'", [])
            #expect(try await Self.ids(store) == ["mem_m1", "mem_m2"])
            // Without the token row nothing is cached, and members are still read.
            _ = try await driver.autocommit("DELETE FROM directory_version", [])
            _ = try await driver.autocommit("UPDATE members SET name = 'Renamed' WHERE id = 'mem_m1'", [])
            await driver.shutdown()
            #expect(try await store.read { try await $0.allMembers() }.first?.name == "Renamed")
        }
    }

    @Test("a directory read inside a transaction that rolled back is never served", arguments: Engine.available)
    func rolledBack(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { try await $0.insertMember(Fixtures.member(1)) }
            #expect(try await Self.ids(store) == ["mem_m1"])
            await #expect(throws: Refusal.self) {
                try await store.write { tx in
                    try await tx.insertMember(Fixtures.member(2))
                    // Read (and cached) with the uncommitted member 2.
                    #expect(try await tx.allMembers().count == 2)
                    throw Refusal()
                }
            }
            #expect(try await Self.ids(store) == ["mem_m1"])
            // Another change commits: with a counted version it could come back to the value the
            // rolled-back transaction saw, and serve member 2.
            try await store.write { try await $0.insertMember(Fixtures.member(3)) }
            #expect(try await Self.ids(store) == ["mem_m1", "mem_m3"])
        }
    }
}
