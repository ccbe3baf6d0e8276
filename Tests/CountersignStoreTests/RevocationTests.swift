import Countersign
import Foundation
import Testing
@testable import CountersignStore

@Suite("Revocation of keys and passkeys")
struct RevocationTests {
    @Test("a key is revoked once; its revocation time never moves", arguments: Engine.available)
    func keyRevokedOnce(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertKey(Fixtures.key("kid-1", member: 1))
                try await tx.insertKey(Fixtures.key("kid-2", member: 1))
            }
            #expect(try await store.write { try await $0.lockKey(kid: "kid-1")?.member } == Fixtures.memberID(1))
            #expect(try await store.write { try await $0.lockKey(kid: "no-such-kid") } == nil)
            #expect(try await store.write { try await $0.revokeKey(kid: "kid-1", at: Fixtures.at(10)) })
            #expect(try await store.write { try await $0.revokeKey(kid: "kid-1", at: Fixtures.at(20)) } == false)
            #expect(try await store.write { try await $0.revokeKey(kid: "no-such-kid", at: Fixtures.at(20)) } == false)
            try await store.read { reader async throws in
                #expect(try await reader.key(kid: "kid-1")?.revokedAt == Fixtures.at(10).stored)
                #expect(try await reader.key(kid: "kid-2")?.revokedAt == nil)
            }
        }
    }

    @Test("a passkey is revoked once and stays listed with its revocation time", arguments: Engine.available)
    func passkeyRevokedOnce(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let passkey = Fixtures.passkey(1, member: 1)
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertPasskey(passkey)
                try await tx.insertPasskey(Fixtures.passkey(2, member: 1))
            }
            #expect(try await store.write { try await $0.revokePasskey(credentialID: passkey.credentialID, at: Fixtures.at(5)) })
            #expect(try await store.write { try await $0.revokePasskey(credentialID: passkey.credentialID, at: Fixtures.at(9)) } == false)
            #expect(try await store.write { try await $0.revokePasskey(credentialID: [1, 2, 3], at: Fixtures.at(9)) } == false)
            try await store.read { reader async throws in
                let listed = try await reader.passkeys(member: Fixtures.memberID(1))
                #expect(listed.count == 2)
                #expect(listed.first { $0.credentialID == passkey.credentialID }?.revokedAt == Fixtures.at(5).stored)
                #expect(listed.filter { $0.revokedAt == nil }.count == 1)
            }
            let locked = try await store.write { try await $0.lockPasskeys(member: Fixtures.memberID(1)) }
            #expect(locked.map(\.credentialID) == [passkey.credentialID, Fixtures.passkey(2, member: 1).credentialID])
            #expect(locked.first?.revokedAt == Fixtures.at(5).stored)
        }
    }

    @Test("undecided statements a member voted on, newest first, without decided ones", arguments: Engine.available)
    func undecidedStatements(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertMember(Fixtures.member(2))
                _ = try await tx.insertStatement(Fixtures.statement(1))
                _ = try await tx.insertStatement(Fixtures.statement(2, state: .approved))
                _ = try await tx.insertStatement(Fixtures.statement(3, state: .timelocked))
                _ = try await tx.insertStatement(Fixtures.statement(4))
                try await tx.insertVote(Fixtures.vote(statement: 1, member: 1))
                try await tx.insertVote(Fixtures.vote(statement: 2, member: 1))
                try await tx.insertVote(Fixtures.vote(statement: 3, member: 1))
                try await tx.insertVote(Fixtures.vote(statement: 4, member: 2))
            }
            try await store.read { reader async throws in
                #expect(try await reader.undecidedStatements(votedBy: Fixtures.memberID(1), limit: 10)
                    == [Fixtures.statementID(3), Fixtures.statementID(1)])
                #expect(try await reader.undecidedStatements(votedBy: Fixtures.memberID(1), limit: 1) == [Fixtures.statementID(3)])
                #expect(try await reader.undecidedStatements(votedBy: Fixtures.memberID(3), limit: 10).isEmpty)
            }
        }
    }
}
