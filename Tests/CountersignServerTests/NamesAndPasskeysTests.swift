import Countersign
import CountersignJSON
@testable import CountersignServer
@testable import CountersignStore
import CountersignTestSupport
import CountersignWebAuthn
import Foundation
import Testing

/// Names, not identifiers (issue 22, point 5), over HTTP on both engines: a passkey shows its
/// provider's name from its AAGUID and the member's own label; the admin is warned when a new
/// member's name is taken; names that could read as another's are refused; the directory names
/// suspended and removed members too.
@Suite("Names and passkeys")
struct NamesAndPasskeysTests {
    /// Google Password Manager's AAGUID in the shipped list.
    static let googleAAGUID = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"

    static func bytes(of uuid: String) throws -> [UInt8] {
        let parsed = try #require(UUID(uuidString: uuid))
        return withUnsafeBytes(of: parsed.uuid) { Array($0) }
    }

    static func passkeys(_ member: TestMember) async throws -> [JSONObject] {
        let reply = try await member.client.get("/api/passkeys")
        try expectStatus(reply, 200)
        return (reply.object["passkeys"]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    static func label(_ member: TestMember, _ id: String, _ label: JSONValue) async throws -> APIClient.Reply {
        try await member.client.send(
            .PUT, "/api/passkeys/\(id)/label", body: JCS.canonicalize(.object(["label": label])),
            headers: [("Content-Type", "application/json")])
    }

    @Test("A passkey lists its provider by AAGUID, with icons as SVG data URIs; a withheld AAGUID lists none", arguments: Engine.available)
    func providerByAAGUID(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let invitation = try await AdminClient(server: server).invite(name: "alice", roles: ["partner"])
            let alice = try TestMember(name: "alice", server: server)
            alice.authenticator.aaguid = try Self.bytes(of: Self.googleAAGUID)
            try await alice.register(invite: invitation.token)
            let listed = try #require(try await Self.passkeys(alice).first)
            #expect(listed["aaguid"]?.stringValue == Self.googleAAGUID)
            let provider = try #require(listed["provider"]?.objectValue)
            #expect(provider["name"]?.stringValue == "Google Password Manager")
            #expect(provider["icon"]?.stringValue?.hasPrefix("data:image/svg+xml;base64,") == true)
            #expect(listed["publicKey"] == nil && listed["signCount"] == nil)

            let bob = try await registeredMember(server, name: "bob")
            let plain = try #require(try await Self.passkeys(bob).first)
            #expect(plain["aaguid"] == .null && plain["provider"] == .null)
        }
    }

    @Test("A passkey registered before AAGUIDs were kept is named from its audited registration at the next start; a withheld AAGUID stays unnamed", arguments: Engine.available)
    func providerFromAuditedRegistration(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let invitation = try await AdminClient(server: server).invite(name: "alice", roles: ["partner"])
            let alice = try TestMember(name: "alice", server: server)
            alice.authenticator.aaguid = try Self.bytes(of: Self.googleAAGUID)
            try await alice.register(invite: invitation.token)
            let bob = try await registeredMember(server, name: "bob")
            try await eventually("both registrations in the audit log") {
                try await server.store.read { reader in
                    let alices = try await reader.auditEvents(subject: alice.id, actions: ["passkey.registered"])
                    let bobs = try await reader.auditEvents(subject: bob.id, actions: ["passkey.registered"])
                    return alices.count == 1 && bobs.count == 1
                }
            }
            // As a database from before migration version13 left it: no AAGUID for either.
            let store = try #require(server.store as? SQLStore)
            _ = try await store.driver.autocommit("UPDATE passkeys SET aaguid = NULL", [])
            #expect(try await Self.passkeys(alice).first?["provider"] == .null)

            let backfill = server.environment.services.passkeyProviderBackfill
            #expect(try await backfill.backfill() == 1, "Alice's passkey only: Bob's authenticator withheld its AAGUID")
            let listed = try #require(try await Self.passkeys(alice).first)
            #expect(listed["aaguid"]?.stringValue == Self.googleAAGUID)
            #expect(listed["provider"]?.objectValue?["name"]?.stringValue == "Google Password Manager")
            #expect(try await Self.passkeys(bob).first?["aaguid"] == .null)
            #expect(try await backfill.backfill() == 0, "nothing left to name")
        }
    }

    @Test("An audited attestation object names only the credential it attests")
    func backfillMatchesTheCredential() throws {
        let authenticator = SoftwareAuthenticator(origin: "http://localhost")
        authenticator.aaguid = try Self.bytes(of: Self.googleAAGUID)
        let options: JSONObject = ["challenge": "AQID", "rp": .object(["id": "localhost"]), "user": .object(["id": "BAUG"])]
        let response = try #require(try authenticator.register(options: options).objectValue?["response"]?.objectValue)
        let details: JSONValue = .object(["attestationObject": try #require(response["attestationObject"])])
        #expect(PasskeyProviderBackfill.aaguid(in: details, of: authenticator.credentialID)?.uuidString.lowercased() == Self.googleAAGUID)
        #expect(PasskeyProviderBackfill.aaguid(in: details, of: authenticator.credentialID + [0]) == nil, "another credential")
        #expect(PasskeyProviderBackfill.aaguid(in: .object(["attestationObject": "not base64!"]), of: authenticator.credentialID) == nil)
    }

    @Test("A member labels their own passkey (audited); bidi overrides, control characters and 65 characters are refused; another member's passkey is not found", arguments: Engine.available)
    func labels(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server, name: "alice")
            let bob = try await registeredMember(server, name: "bob")
            let id = try #require(try await Self.passkeys(alice).first?["id"]?.stringValue)

            let labelled = try await Self.label(alice, id, "  work laptop ")
            try expectStatus(labelled, 200)
            #expect(labelled.object["label"]?.stringValue == "work laptop")
            #expect(try await Self.passkeys(alice).first?["label"]?.stringValue == "work laptop")
            try await eventually("the passkey.labelled audit event") {
                try await AuditLog.all(alice.client).contains {
                    $0.action == "passkey.labelled" && $0.details.objectValue?["label"]?.stringValue == "work laptop"
                }
            }

            for bad in ["laptop\u{202E}pot", "line\nbreak", "tab\there", String(repeating: "x", count: 65)] {
                let refused = try await Self.label(alice, id, .string(bad))
                try expectStatus(refused, 400)
                #expect(refused.errorCode == "invalid_label", "\(bad.debugDescription)")
            }
            try expectStatus(try await Self.label(alice, id, 42), 400)
            #expect(try await Self.passkeys(alice).first?["label"]?.stringValue == "work laptop")

            // Bob cannot name Alice's passkey, nor can an unknown id be named.
            try expectStatus(try await Self.label(bob, id, "mine now"), 404)
            try expectStatus(try await Self.label(bob, "AAAA", "x"), 404)
            #expect(try await Self.passkeys(alice).first?["label"]?.stringValue == "work laptop")

            // null (or blank) clears the label.
            try expectStatus(try await Self.label(alice, id, .null), 200)
            #expect(try await Self.passkeys(alice).first?["label"] == .null)
        }
    }

    @Test("Inviting a name already taken (any case) warns the admin and names the namesake; a removed member's name does not", arguments: Engine.available)
    func namesakeWarning(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let alice = try await registeredMember(server, name: "Alice Martin")
            let first = try await admin.post("/api/admin/invitations", ["name": "Bob", "roles": .array([])])
            try expectStatus(first, 201)
            #expect(first.object["warnings"]?.arrayValue?.isEmpty == true)

            let second = try await admin.post("/api/admin/invitations", ["name": " alice martin ", "roles": .array([])])
            try expectStatus(second, 201)
            #expect(second.object["namesakes"] == .array([.string(alice.id)]))
            let warning = try #require(second.object["warnings"]?.arrayValue?.first?.stringValue)
            #expect(warning.contains(alice.id) && warning.contains("Alice Martin"))
        }
    }

    @Test("A member name with a bidirectional override is refused at invitation")
    func bidiNameRefused() async throws {
        try await TestServer.with(.sqlite) { server in
            let reply = try await AdminClient(server: server).post(
                "/api/admin/invitations", ["name": .string("Alice \u{202E}nitraM"), "roles": .array([])])
            try expectStatus(reply, 400)
            #expect(reply.errorCode == "invalid_name")
        }
    }

    @Test("The directory lists active members, and suspended ones with their status under \"inactive\"", arguments: Engine.available)
    func directoryNamesInactiveMembers(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server, name: "alice")
            let bob = try await registeredMember(server, name: "bob")
            try expectStatus(try await AdminClient(server: server).post("/api/admin/members/\(bob.id)/suspend", [:]), 200)
            let directory = try await alice.client.get("/api/members")
            try expectStatus(directory, 200)
            let active = (directory.object["members"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
            #expect(active == [alice.id])
            let inactive = (directory.object["inactive"]?.arrayValue ?? []).compactMap(\.objectValue)
            #expect(inactive.count == 1)
            #expect(inactive.first?["id"]?.stringValue == bob.id)
            #expect(inactive.first?["name"]?.stringValue == "bob")
            #expect(inactive.first?["status"]?.stringValue == "suspended")
        }
    }

    @Test("The directory gives the confirmed email of namesakes only: a unique name's address and an unconfirmed one stay private", arguments: Engine.available)
    func namesakesCarryTheirEmail(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: MailTesting.configure(port: sink.port)) { server in
                let first = try await registeredMember(server, name: "Alice Martin")
                let second = try await registeredMember(server, name: "alice martin")
                let carol = try await registeredMember(server, name: "Carol")
                for (member, address) in [(first, "alice.m@example.org"), (carol, "carol@example.org")] {
                    let set = try await member.client.send(
                        .PUT, "/api/account/email", body: JCS.canonicalize(.object(["address": .string(address)])))
                    try expectStatus(set, 200)
                    let mail = try await sink.waitForMail(to: address, subject: "confirm your email address")
                    let link = try #require(mail.link("confirm-email="), "\(mail.body)")
                    let token = String(try #require(link.split(separator: "=").last))
                    try expectStatus(try await member.client.post("/api/account/email/confirm", ["token": .string(token)]), 200)
                }
                // The second Alice set an address but never confirmed it.
                try expectStatus(try await second.client.send(
                    .PUT, "/api/account/email", body: JCS.canonicalize(.object(["address": "other@example.org"]))), 200)

                let directory = try await carol.client.get("/api/members")
                try expectStatus(directory, 200)
                let entries = (directory.object["members"]?.arrayValue ?? []).compactMap(\.objectValue)
                func entry(_ member: TestMember) -> JSONObject? { entries.first { $0["id"]?.stringValue == member.id } }
                #expect(entry(first)?["email"]?.stringValue == "alice.m@example.org")
                #expect(entry(second)?["email"] == nil)
                #expect(entry(carol)?["email"] == nil)
            }
        }
    }

    @Test("Policy words tell namesakes apart by id: the explanation (member and admin) and the statement view", arguments: Engine.available)
    func namesakesInPolicyWords(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let first = try await registeredMember(server, name: "Alice Martin")
            let second = try await registeredMember(server, name: "alice martin")
            let carol = try await registeredMember(server, name: "Carol")
            let policy = #"{"threshold":1,"signers":[{"member":"\#(first.id)","weight":1},{"member":"\#(second.id)","weight":1}]}"#
            let parsed = try JSONParser().parse(Array(policy.utf8))
            let expected = "any 1 of Alice Martin (\(first.id)) and alice martin (\(second.id))"

            let explained = try await carol.client.post("/api/policies/explain", ["policy": parsed])
            try expectStatus(explained, 200)
            #expect(explained.object["text"]?.stringValue?.hasPrefix(expected) == true, "\(explained.object)")
            let byAdmin = try await AdminClient(server: server).post("/api/admin/policies/explain", ["policy": parsed])
            try expectStatus(byAdmin, 200)
            #expect(byAdmin.object["text"]?.stringValue?.hasPrefix(expected) == true, "\(byAdmin.object)")
            let id = try await carol.createStatement("Namesakes", policy: policy)
            let view = try await carol.client.get("/api/statements/\(id)")
            #expect(view.object["policyText"]?.stringValue?.hasPrefix(expected) == true, "\(view.object["policyText"] ?? .null)")
        }
    }
}
