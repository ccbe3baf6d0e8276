import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// A transaction whose task is cancelled in the middle (a server stopping, a client gone) is rolled
/// back, and the connection it ran on is usable again: the next transaction on the same engine
/// (on SQLite, the same single writer connection) begins and commits.
@Suite("Cancelled transactions")
struct CancellationTests {
    @Test("a write cancelled mid-transaction leaves nothing behind and the next write commits", arguments: Engine.available)
    func cancelledWrite(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            for round in 0..<3 {
                let cancelled = Task {
                    try await store.write { tx in
                        try await tx.insertMember(Fixtures.member(10 + round))
                        withUnsafeCurrentTask { $0?.cancel() }
                        // The next statement sees the cancellation (or runs); either way the
                        // transaction must end with a rollback.
                        _ = try await tx.member(Fixtures.memberID(10 + round))
                        try Task.checkCancellation()
                    }
                }
                let outcome = await cancelled.result
                #expect(throws: (any Error).self) { try outcome.get() }
                try await store.write { tx in try await tx.insertMember(Fixtures.member(100 + round)) }
            }
            let members = try await store.read { try await $0.allMembers() }.map(\.id)
            #expect(members.count == 3)
            #expect(!members.contains(Fixtures.memberID(10)))
            #expect(members.contains(Fixtures.memberID(102)))
        }
    }
}
