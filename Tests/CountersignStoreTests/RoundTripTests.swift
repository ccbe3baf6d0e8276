import Countersign
import CountersignJSON
import Foundation
import Testing
@testable import CountersignStore

@Suite("Store round trips")
struct RoundTripTests {
    @Test("every record reads back as written, dates at microsecond precision", arguments: Engine.available)
    func everyRecord(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let member = Fixtures.member(1)
            let statement = Fixtures.statement(1, state: .timelocked)
            let invitation = InvitationRecord(tokenHash: "tok", member: member.id, createdAt: Fixtures.at(1), expiresAt: Fixtures.at(99))
            let passkey = Fixtures.passkey(1, member: 1)
            let session = SessionRecord(
                idHash: "sess", member: member.id, createdAt: Fixtures.at(1), lastSeenAt: Fixtures.at(2), expiresAt: Fixtures.at(3))
            let key = Fixtures.key("kid-1", member: 1)
            let policy = PolicyRecord(id: try PolicyID("pol_p"), version: 7, name: "board", policy: Array("{}".utf8), createdAt: Fixtures.at(5))
            let vote = Fixtures.vote(statement: 1, member: 2, kind: .reject)
            let checkpoint = CheckpointRecord(size: 1, head: "head", at: Fixtures.at(6), jws: "a.b.c")
            let details: JSONValue = .object(["n": .number(1.5), "s": .string("é"), "a": .array([.null, .bool(true)])])

            let seq = try await store.write { tx in
                try await tx.insertMember(member)
                try await tx.insertMember(Fixtures.member(2, roles: []))
                try await tx.insertInvitation(invitation)
                try await tx.insertPasskey(passkey)
                try await tx.insertSession(session)
                try await tx.insertKey(key)
                try await tx.insertPolicy(policy)
                let seq = try await tx.insertStatement(statement)
                try await tx.insertVote(vote)
                try await tx.appendAudit(actor: "mem_m1", action: "vote", subject: "st_s1", details: details, at: Fixtures.at(7))
                try await tx.insertCheckpoint(checkpoint)
                return seq
            }
            #expect(try await store.read { try await $0.auditEvents(after: 0, limit: 10) }.isEmpty, "pending until sequenced")
            let batch = try await store.write { try await $0.sequencePendingAudit(limit: 10) }
            #expect(batch == LogBatch(sequenced: [1], size: 1, more: false))
            let event = try #require(try await store.read { try await $0.lastAuditEvent() })
            #expect(seq >= 1)
            #expect(event.seq == 1 && event.prev == AuditEvent.genesis && event.expectedHash == event.hash)

            try await store.read { reader async throws in
                #expect(try await reader.member(member.id) == member.stored)
                #expect(try await reader.member(userHandle: member.userHandle) == member.stored)
                #expect(try await reader.allMembers().map(\.id) == [Fixtures.memberID(1), Fixtures.memberID(2)])
                #expect(try await reader.allMembers().last?.roles == [])
                let storedInvitation = try await reader.invitation(tokenHash: "tok")
                #expect(storedInvitation?.createdAt == invitation.createdAt.stored && storedInvitation?.usedAt == nil)
                #expect(storedInvitation?.expiresAt == invitation.expiresAt.stored && storedInvitation?.member == member.id)
                var expectedPasskey = passkey
                expectedPasskey.createdAt = passkey.createdAt.stored
                #expect(try await reader.passkey(credentialID: passkey.credentialID) == expectedPasskey)
                #expect(try await reader.passkeys(member: member.id) == [expectedPasskey])
                #expect(try await reader.session(idHash: "sess")?.lastSeenAt == session.lastSeenAt.stored)
                var expectedKey = key
                expectedKey.validFrom = key.validFrom.stored
                #expect(try await reader.key(kid: "kid-1") == expectedKey)
                #expect(try await reader.keys(member: member.id) == [expectedKey])
                #expect(try await reader.allKeys() == [expectedKey])
                let storedPolicy = try await reader.policy(policy.id)
                #expect(storedPolicy?.version == 1, "the store assigns the version")
                #expect(storedPolicy?.policy == policy.policy && storedPolicy?.name == "board")
                var expectedStatement = statement.stored
                expectedStatement.seq = seq
                #expect(try await reader.statement(statement.id) == expectedStatement)
                var expectedVote = vote
                expectedVote.receivedAt = vote.receivedAt.stored
                #expect(try await reader.votes(statement: statement.id) == [expectedVote])
                #expect(try await reader.lastAuditEvent() == event)
                #expect(try await reader.auditEvents(after: 0, limit: 10) == [event])
                #expect(try await reader.latestCheckpoint() == CheckpointRecord(size: 1, head: "head", at: checkpoint.at.stored, jws: "a.b.c"))
            }

            // Updates and deletions read back too.
            let later = Fixtures.at(50)
            try await store.write { tx in
                var changed = member
                changed.status = .suspended
                changed.roles = [try Role("auditor")]
                try await tx.updateMember(changed)
                try await tx.updatePasskeyUse(credentialID: passkey.credentialID, signCount: 42, backedUp: true, usedAt: later)
                try await tx.touchSession(idHash: "sess", lastSeenAt: later)
                var second = policy
                second.name = "board v2"
                try await tx.insertPolicy(second)
                let decided = StatementStatus(state: .approved, weight: 3, threshold: 2, decidedAt: later)
                try await tx.updateStatementStatus(statement.id, status: decided, updatedAt: later, dueAt: nil)
                #expect(try await tx.deleteVote(statement: statement.id, member: Fixtures.memberID(2)))
                #expect(try await !tx.deleteVote(statement: statement.id, member: Fixtures.memberID(2)))
                try await tx.deleteSession(idHash: "sess")
            }
            try await store.read { reader async throws in
                let changed = try await reader.member(member.id)
                #expect(changed?.status == .suspended && changed?.roles.map(\.rawValue) == ["auditor"])
                let used = try await reader.passkey(credentialID: passkey.credentialID)
                #expect(used?.signCount == 42 && used?.backedUp == true && used?.lastUsedAt == later.stored)
                #expect(try await reader.policy(policy.id)?.version == 2)
                #expect(try await reader.policy(policy.id)?.name == "board v2")
                let status = try await reader.statement(statement.id)?.status
                #expect(status == StatementStatus(state: .approved, weight: 3, threshold: 2, decidedAt: later.stored))
                #expect(try await reader.votes(statement: statement.id).isEmpty)
                #expect(try await reader.session(idHash: "sess") == nil)
            }
        }
    }

    @Test("a transaction sees its own writes", arguments: Engine.available)
    func ownWrites(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                #expect(try await tx.member(Fixtures.memberID(1)) != nil)
            }
        }
    }

    @Test("an unknown enum value or a malformed id in a row is corruptRow", arguments: Engine.available)
    func corruptRows(engine: Engine) async throws {
        try await withStore(engine) { store, database async throws in
            try await store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                _ = try await tx.insertStatement(Fixtures.statement(1))
                try await tx.insertVote(Fixtures.vote(statement: 1, member: 1))
            }
            let driver = try await database.driver()
            _ = try await driver.autocommit("UPDATE statements SET state = 'maybe'", [])
            _ = try await driver.autocommit("UPDATE members SET status = 'ghost'", [])
            _ = try await driver.autocommit("UPDATE votes SET member = 'not-an-id'", [])
            await driver.shutdown()
            await expectStoreError(.corruptRow) { _ = try await store.read { try await $0.statement(Fixtures.statementID(1)) } }
            await expectStoreError(.corruptRow) { _ = try await store.read { try await $0.statements(StatementFilter(), before: nil, limit: 5) } }
            await expectStoreError(.corruptRow) { _ = try await store.read { try await $0.member(Fixtures.memberID(1)) } }
            await expectStoreError(.corruptRow) { _ = try await store.read { try await $0.votes(statement: Fixtures.statementID(1)) } }
        }
    }
}
