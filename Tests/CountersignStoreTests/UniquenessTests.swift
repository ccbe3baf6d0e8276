import Countersign
import Foundation
import Testing
@testable import CountersignStore

@Suite("Unique things, one-time things")
struct UniquenessTests {
    /// Each unique thing inserted twice, each time in its own transaction, must fail the second time.
    @Test("a second insert of each unique thing is StoreError.duplicate", arguments: Engine.available)
    func duplicates(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertMember(Fixtures.member(2))
                try await tx.insertPasskey(Fixtures.passkey(1, member: 1))
                try await tx.insertKey(Fixtures.key("kid-1", member: 1))
                _ = try await tx.insertStatement(Fixtures.statement(1))
                try await tx.insertVote(Fixtures.vote(statement: 1, member: 1))
                try await tx.insertCeremony(CeremonyRecord(id: "c1", purpose: "registration", payload: [1], expiresAt: Fixtures.at(60)))
                try await tx.insertInvitation(InvitationRecord(
                    tokenHash: "t1", member: Fixtures.memberID(1), createdAt: Fixtures.at(0), expiresAt: Fixtures.at(60)))
                try await tx.insertSession(SessionRecord(
                    idHash: "s1", member: Fixtures.memberID(1), createdAt: Fixtures.at(0), lastSeenAt: Fixtures.at(0), expiresAt: Fixtures.at(60)))
            }
            let sameHandle = MemberRecord(
                id: Fixtures.memberID(3), name: "Other", roles: [], status: .invited, userHandle: Fixtures.member(1).userHandle,
                createdAt: Fixtures.at(0))
            let samePasskeyOtherMember = PasskeyRecord(
                credentialID: Fixtures.passkey(1, member: 1).credentialID, member: Fixtures.memberID(2), publicKey: [9], signCount: 0,
                backupEligible: false, backedUp: false, transports: [], attestationFormat: "none", createdAt: Fixtures.at(0))
            let attempts: [(String, @Sendable (any StoreTransaction) async throws -> Void)] = [
                ("member id", { try await $0.insertMember(Fixtures.member(1)) }),
                ("user handle", { try await $0.insertMember(sameHandle) }),
                ("passkey credential id", { try await $0.insertPasskey(samePasskeyOtherMember) }),
                ("kid", { try await $0.insertKey(Fixtures.key("kid-1", member: 2)) }),
                ("statement id", { _ = try await $0.insertStatement(Fixtures.statement(1, creator: 2)) }),
                ("vote", { try await $0.insertVote(Fixtures.vote(statement: 1, member: 1, kind: .reject)) }),
                ("ceremony id", { try await $0.insertCeremony(CeremonyRecord(id: "c1", purpose: "x", payload: [], expiresAt: Fixtures.at(1))) }),
                ("invitation", { try await $0.insertInvitation(InvitationRecord(
                    tokenHash: "t1", member: Fixtures.memberID(2), createdAt: Fixtures.at(0), expiresAt: Fixtures.at(1))) }),
                ("session", { try await $0.insertSession(SessionRecord(
                    idHash: "s1", member: Fixtures.memberID(2), createdAt: Fixtures.at(0), lastSeenAt: Fixtures.at(0), expiresAt: Fixtures.at(1))) }),
            ]
            for (name, attempt) in attempts {
                await expectStoreError(.duplicate, name) {
                    try await store.write { tx in try await attempt(tx) }
                }
            }
            // The originals are untouched and the store still works.
            try await store.read { reader async throws in
                #expect(try await reader.passkey(credentialID: Fixtures.passkey(1, member: 1).credentialID)?.member == Fixtures.memberID(1))
                #expect(try await reader.votes(statement: Fixtures.statementID(1)).map(\.kind) == [.approve])
                #expect(try await reader.key(kid: "kid-1")?.member == Fixtures.memberID(1))
            }
        }
    }

    @Test("a nonce is accepted once; expired nonces are deleted", arguments: Engine.available)
    func nonces(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            #expect(try await store.write { try await $0.insertNonce(keyID: "k", nonce: "n", expiresAt: Fixtures.at(10)) })
            #expect(try await !store.write { try await $0.insertNonce(keyID: "k", nonce: "n", expiresAt: Fixtures.at(10)) })
            #expect(try await store.write { try await $0.insertNonce(keyID: "k2", nonce: "n", expiresAt: Fixtures.at(30)) })
            #expect(try await store.write { try await $0.deleteExpiredNonces(now: Fixtures.at(20)) } == 1)
            #expect(try await store.write { try await $0.insertNonce(keyID: "k", nonce: "n", expiresAt: Fixtures.at(40)) })
        }
    }

    @Test("a duplicate the body catches still rolls the transaction back", arguments: Engine.available)
    func caughtDuplicateDoesNotCommit(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { try await $0.insertMember(Fixtures.member(1)) }
            await expectStoreError(.duplicate) {
                try await store.write { tx in
                    try await tx.insertMember(Fixtures.member(2))
                    do {
                        try await tx.insertMember(Fixtures.member(1))
                    } catch {
                        // Swallowed on purpose: the store must still refuse to commit.
                    }
                }
            }
            #expect(try await store.read { try await $0.member(Fixtures.memberID(2)) } == nil)
        }
    }

    @Test("32 concurrent consumers: exactly one gets the ceremony", arguments: Engine.available)
    func ceremonyConsumedOnce(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let ceremony = CeremonyRecord(id: "c1", purpose: "authentication", payload: [1, 2, 3], expiresAt: Fixtures.at(60))
            try await store.write { try await $0.insertCeremony(ceremony) }
            let winners = try await withThrowingTaskGroup(of: CeremonyRecord?.self) { group in
                for _ in 0..<32 {
                    group.addTask { try await store.write { try await $0.consumeCeremony(id: "c1", now: Fixtures.at(1)) } }
                }
                var winners: [CeremonyRecord] = []
                for try await result in group { if let result { winners.append(result) } }
                return winners
            }
            #expect(winners.count == 1)
            #expect(winners.first?.payload == [1, 2, 3] && winners.first?.expiresAt == ceremony.expiresAt.stored)
        }
    }

    @Test("an expired ceremony is deleted and not returned", arguments: Engine.available)
    func expiredCeremony(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertCeremony(CeremonyRecord(id: "old", purpose: "registration", payload: [], expiresAt: Fixtures.at(10)))
                try await tx.insertCeremony(CeremonyRecord(id: "a", purpose: "registration", payload: [], expiresAt: Fixtures.at(10)))
                try await tx.insertCeremony(CeremonyRecord(id: "b", purpose: "registration", payload: [], expiresAt: Fixtures.at(30)))
            }
            #expect(try await store.write { try await $0.consumeCeremony(id: "old", now: Fixtures.at(10)) } == nil)
            #expect(try await store.write { try await $0.deleteExpiredCeremonies(now: Fixtures.at(20)) } == 1, "old was deleted when consumed")
            #expect(try await store.write { try await $0.consumeCeremony(id: "b", now: Fixtures.at(20)) }?.id == "b")
            #expect(try await store.write { try await $0.consumeCeremony(id: "missing", now: Fixtures.at(0)) } == nil)
        }
    }

    @Test("an invitation is used once; expired sessions are deleted", arguments: Engine.available)
    func invitationAndSessions(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertInvitation(InvitationRecord(
                    tokenHash: "t", member: Fixtures.memberID(1), createdAt: Fixtures.at(0), expiresAt: Fixtures.at(60)))
                for (n, expiry) in [(1, 10.0), (2, 20.0), (3, 30.0)] {
                    try await tx.insertSession(SessionRecord(
                        idHash: "s\(n)", member: Fixtures.memberID(1), createdAt: Fixtures.at(0), lastSeenAt: Fixtures.at(0),
                        expiresAt: Fixtures.at(expiry)))
                }
            }
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.write { try await $0.markInvitationUsed(tokenHash: "t", at: Fixtures.at(5)) } } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await store.read { try await $0.invitation(tokenHash: "t") }?.usedAt == Fixtures.at(5).stored)
            #expect(try await !store.write { try await $0.markInvitationUsed(tokenHash: "nope", at: Fixtures.at(5)) })
            #expect(try await store.write { try await $0.deleteExpiredSessions(now: Fixtures.at(25)) } == 2)
            #expect(try await store.read { try await $0.session(idHash: "s3") } != nil)
        }
    }
}
