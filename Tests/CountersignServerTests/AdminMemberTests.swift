import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Members managed by the admin over the signed admin API (docs/http-signatures.md): create, list, show,
/// change roles, suspend and reinstate, each audited; a suspended member can do nothing.
@Suite("Admin: members")
struct AdminMemberTests {
    @Test("Create, list, show and change roles; each change is audited", arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let created = try await admin.post("/api/admin/members", ["name": "  Ledger Bot ", "roles": .array(["service", "service", "bank"])])
            try expectStatus(created, 201)
            let id = try #require(created.object["id"]?.stringValue)
            #expect(created.object["name"] == "Ledger Bot")
            #expect(created.object["roles"] == .array(["bank", "service"]))
            #expect(created.object["status"] == "invited")
            #expect(created.object["passkeys"] == 0 && created.object["keys"] == .array([]))

            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let all = try await admin.get("/api/admin/members")
            try expectStatus(all, 200)
            // Oldest first; both may share a second, then the order is by id.
            #expect(Set(all.object["members"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } ?? []) == [id, alice.id])
            let active = try await admin.get("/api/admin/members?status=active")
            let shownAlice = try #require(active.object["members"]?.arrayValue?.first?.objectValue)
            #expect(active.object["members"]?.arrayValue?.count == 1)
            #expect(shownAlice["passkeys"] == 1)
            #expect(shownAlice["keys"]?.arrayValue?.first?.objectValue?["kid"]?.stringValue == alice.kid)
            expectError(try await admin.get("/api/admin/members?status=gone"), 400, "invalid_query")

            // A role change is a scheduled operation (here without delay): 202, then the runner.
            let changed = try await admin.schedule("/api/admin/members/\(id)/roles", ["roles": .array(["auditor"])])
            try await admin.waitForOperation(changed)
            let shown = try await admin.get("/api/admin/members/\(id)")
            #expect(shown.object["roles"] == .array(["auditor"]))
            expectError(try await admin.get("/api/admin/members/mem_nobody"), 404, "not_found")
            expectError(try await admin.post("/api/admin/members/\(id)/roles", ["roles": .array(["Not A Role"])]), 400, "invalid_roles")
            expectError(try await admin.post("/api/admin/members", ["name": "x", "admin": true]), 400, "unknown_field")

            let actions = try await AuditLog.actions(alice.client)
            #expect(actions.contains("member.created") && actions.contains("member.roles_changed"))
        }
    }

    @Test("A suspended member's session ends and their votes and signed requests are refused", arguments: Engine.available)
    func suspension(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])
            let id = try await alice.createStatement(policy: #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            // bob reads the statement and signs before he is suspended; he submits after.
            let (payload, digest) = try await bob.document(of: id)
            let entry = try bob.signature(.approve, statement: id, payload: payload, digest: digest)

            let suspended = try await admin.post("/api/admin/members/\(bob.id)/suspend", [:])
            try expectStatus(suspended, 200)
            #expect(suspended.object["status"] == "suspended")
            expectError(try await admin.post("/api/admin/members/\(bob.id)/suspend", [:]), 409, "member_suspended")

            // The session was ended, the signed request is refused, and so is a fresh login.
            expectError(try await bob.submit(.approve, entry, on: id), 401)
            let signer = MemberSigner(server: server, key: bob.signingKey)
            expectError(try await signer.send(.POST, "/api/statements/\(id)/approvals", ["signature": .object(entry)]), 401, "member_unauthenticated")
            let options = try await bob.client.post("/api/login/options")
            let response = try bob.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
            let login = try await bob.client.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
            #expect(login.status == 403 || login.status == 401, "\(login)")
            #expect(try await alice.view(id)["weight"] == 0)

            // Reinstated, he votes; carol's vote then approves.
            let reinstated = try await admin.post("/api/admin/members/\(bob.id)/reinstate", [:])
            #expect(reinstated.object["status"] == "active")
            try await bob.login()
            try expectStatus(try await bob.submit(.approve, entry, on: id), 201)
            try expectStatus(try await carol.vote(.approve, on: id), 201)
            #expect(try await alice.view(id)["state"] == "approved")
            let actions = try await AuditLog.actions(alice.client)
            #expect(actions.contains("member.suspended") && actions.contains("member.reinstated"))
        }
    }
}

/// Invitations: for a new member or an existing one, listed with their state, revocable.
@Suite("Admin: invitations")
struct AdminInvitationTests {
    @Test("Invite an existing member, list, revoke; a revoked invitation cannot register", arguments: Engine.available)
    func revoke(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let member = try #require(try await admin.post("/api/admin/members", ["name": "dana"]).object["id"]?.stringValue)
            let first = try await admin.post("/api/admin/invitations", ["member": .string(member)])
            try expectStatus(first, 201)
            let second = try await admin.post("/api/admin/invitations", ["member": .string(member)])
            let (firstID, firstToken) = (try #require(first.object["id"]?.stringValue), try #require(first.object["token"]?.stringValue))
            expectError(try await admin.post("/api/admin/invitations", ["member": .string(member), "name": "x"]), 400, "invalid_invitation")
            expectError(try await admin.post("/api/admin/invitations", ["member": "mem_nobody"]), 404)

            let listed = try await admin.get("/api/admin/invitations?member=\(member)")
            #expect(listed.object["invitations"]?.arrayValue?.compactMap { $0.objectValue?["state"]?.stringValue } == ["pending", "pending"])

            let revoked = try await admin.post("/api/admin/invitations/\(firstID)/revoke", [:])
            try expectStatus(revoked, 200)
            #expect(revoked.object["state"] == "revoked")
            expectError(try await admin.post("/api/admin/invitations/\(firstID)/revoke", [:]), 409, "invitation_not_pending")
            let dana = try TestMember(name: "dana", server: server)
            expectError(try await dana.client.post("/api/registration/options", ["invite": .string(firstToken)]), 403, "invitation_invalid")

            // The other invitation still works; once used, the member cannot be invited again.
            try await dana.register(invite: try #require(second.object["token"]?.stringValue))
            #expect(dana.id == member)
            expectError(try await admin.post("/api/admin/invitations", ["member": .string(member)]), 409, "member_not_invited")
            let after = try await admin.get("/api/admin/invitations")
            #expect(after.object["invitations"]?.arrayValue?.compactMap { $0.objectValue?["state"]?.stringValue }.sorted() == ["revoked", "used"])
            let actions = try await AuditLog.actions(dana.client)
            #expect(actions.contains("invitation.revoked"))
        }
    }

    @Test("An invitation past its lifetime is listed as expired and refused", arguments: Engine.available)
    func expiry(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.invitationLifetime = 3600 }) { server in
            let admin = AdminClient(server: server)
            let invitation = try await admin.invite(name: "erin", roles: [])
            server.clock.advance(by: 3601)
            let now = Int(server.clock.now.timeIntervalSince1970)
            let listed = try await admin.send(.GET, "/api/admin/invitations", nil, created: now)
            #expect(listed.object["invitations"]?.arrayValue?.first?.objectValue?["state"] == "expired", "\(listed)")
            let erin = try TestMember(name: "erin", server: server)
            expectError(try await erin.client.post("/api/registration/options", ["invite": .string(invitation.token)]), 403, "invitation_invalid")
        }
    }
}
