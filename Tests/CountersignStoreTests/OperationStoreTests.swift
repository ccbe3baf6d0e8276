import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// Scheduled operations in the store: one pending operation per kind and target, due ones found
/// by time, state changes written back, and passkeys waiting for a recovery.
@Suite("Scheduled operations in the store")
struct OperationStoreTests {
    static func operation(_ id: String, kind: OperationRecord.Kind = .keyDelete, target: String = "kid-1", due: Date? = Fixtures.at(60)) -> OperationRecord {
        OperationRecord(
            id: id, kind: kind, member: Fixtures.memberID(1), target: target, details: "{}", scheduledAt: Fixtures.at(0), dueAt: due)
    }

    @Test("a second pending operation of one kind on one target is a duplicate; once decided, another may follow", arguments: Engine.available)
    func onePendingPerTarget(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { try await $0.insertOperation(Self.operation("op_a")) }
            await expectStoreError(.duplicate, "same kind and target") {
                try await store.write { try await $0.insertOperation(Self.operation("op_b")) }
            }
            // Another kind on the same target, or the same kind on another target, is fine.
            try await store.write { tx in
                try await tx.insertOperation(Self.operation("op_c", kind: .memberRemove))
                try await tx.insertOperation(Self.operation("op_d", target: "kid-2"))
            }
            try await store.write { tx in
                var decided = try #require(try await tx.lockOperation("op_a"))
                decided.state = .done
                decided.decidedAt = Fixtures.at(61)
                decided.result = #"{"ok":true}"#
                try await tx.updateOperation(decided)
                try await tx.insertOperation(Self.operation("op_b"))
            }
            try await store.read { reader async throws in
                let done = try #require(try await reader.operation("op_a"))
                #expect(done.state == .done && done.decidedAt == Fixtures.at(61).stored && done.result == #"{"ok":true}"#)
                #expect(try await reader.operations(state: .pending, limit: 10).count == 3)
                #expect(try await reader.operations(state: nil, limit: 10).count == 4)
            }
        }
    }

    @Test("due operations are found by time; one waiting for registration never is", arguments: Engine.available)
    func dueByTime(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertOperation(Self.operation("op_late", target: "kid-1", due: Fixtures.at(90)))
                try await tx.insertOperation(Self.operation("op_early", target: "kid-2", due: Fixtures.at(30)))
                try await tx.insertOperation(Self.operation("op_waiting", kind: .memberRecover, target: "mem_m1", due: nil))
            }
            try await store.read { reader async throws in
                #expect(try await reader.dueOperations(now: Fixtures.at(29), limit: 10).isEmpty)
                #expect(try await reader.dueOperations(now: Fixtures.at(60), limit: 10) == ["op_early"])
                #expect(try await reader.dueOperations(now: Fixtures.at(1e6), limit: 10) == ["op_early", "op_late"])
            }
        }
    }

    @Test("a passkey registered by a recovery waits for it until activated", arguments: Engine.available)
    func pendingPasskey(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            var pending = Fixtures.passkey(1, member: 1)
            pending.pendingRecovery = "op_r"
            let passkey = pending
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertPasskey(passkey)
                try await tx.insertPasskey(Fixtures.passkey(2, member: 1))
            }
            #expect(try await store.read { try await $0.pendingPasskeys(recovery: "op_r").map(\.credentialID) } == [passkey.credentialID])
            #expect(try await store.write { try await $0.activatePasskey(credentialID: passkey.credentialID) })
            #expect(try await store.write { try await $0.activatePasskey(credentialID: passkey.credentialID) } == false)
            #expect(try await store.read { try await $0.pendingPasskeys(recovery: "op_r") }.isEmpty)
            #expect(try await store.read { try await $0.passkey(credentialID: passkey.credentialID)?.pendingRecovery } == nil)
        }
    }
}
