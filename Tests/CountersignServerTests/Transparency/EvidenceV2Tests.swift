import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignServer
import CountersignStore
import CountersignTLog
import CountersignTestSupport
import Foundation
import Testing

/// Evidence/v2 (docs/transparency.md): a bundle whose log proofs, checked against the log key and
/// the independent witness's key, show the statement, every vote, each signer's key and the
/// passkey registration behind it, and no revocation before a vote. Each way the operator could
/// fake or trim that evidence fails `countersign verify` with its reason.
@Suite("Evidence v2: approvals proven from the witnessed log", .enabled(if: Python.interpreter != nil, "COUNTERSIGN_PYTHON is needed"))
struct EvidenceV2Tests {
    static let twoOfThree = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    /// A witnessed server with three partners.
    static func witnessedTeam(_ body: (TestServer, IndependentWitness, [TestMember]) async throws -> Void) async throws {
        let (server, witness, _) = try await IndependentWitness.witnessedServer(.sqlite)
        do {
            let team = try await Team.make(server, names: ["ann", "bob", "cy"], roles: ["partner"])
            try await body(server, witness, team)
        } catch {
            await server.stop()
            await witness.stop()
            throw error
        }
        await server.stop()
        await witness.stop()
    }

    static func evidence(_ member: TestMember, _ statement: String) async throws -> JSONObject {
        let reply = try await member.client.get("/api/statements/\(statement)/evidence")
        try expectStatus(reply, 200)
        return reply.object
    }

    /// `countersign verify` with the server key, the log key and the witness key pinned.
    static func verify(_ bundle: JSONObject, _ server: TestServer, _ witness: IndependentWitness, json: Bool = false) async throws -> ProcessResult {
        try await OfflineVerification.verify(
            bundle: JCS.canonicalize(.object(bundle)), server: server,
            extraArguments: ["--log-key", server.environment.log.verifierKey.description, "--witness", witness.vkey, "--witness-threshold", "1"]
                + (json ? ["--json"] : []))
    }

    static func entries(_ bundle: JSONObject) throws -> [JSONObject] {
        try #require(bundle["log"]?.objectValue?["entries"]?.arrayValue).compactMap(\.objectValue)
    }

    static func event(_ entry: JSONObject) throws -> AuditEvent {
        try AuditEvent(logEntry: try Base64Standard.decode(try #require(entry["entry"]?.stringValue)))
    }

    static func replacingEntries(_ bundle: JSONObject, _ entries: [JSONObject]) throws -> JSONObject {
        var log = try #require(bundle["log"]?.objectValue)
        log["entries"] = .array(entries.map(JSONValue.object))
        var copy = bundle
        copy["log"] = .object(log)
        return copy
    }

    @Test("a 2-of-3 approval verifies from the log; a dropped or altered proof and an unwitnessed checkpoint do not")
    func approvalAndTampering() async throws {
        try await Self.witnessedTeam { server, witness, team in
            let (ann, bob) = (team[0], team[1])
            let statement = try await ann.createStatement(policy: Self.twoOfThree)
            try expectStatus(try await ann.vote(.approve, on: statement), 201)
            try expectStatus(try await bob.vote(.approve, on: statement), 201)
            let bundle = try await Self.evidence(ann, statement)
            #expect(bundle["countersign"] == .string("evidence/v2"))

            let verified = try await Self.verify(bundle, server, witness)
            #expect(verified.exitCode == 0, "\(verified.output)")
            #expect(verified.output.contains("cosigned by witness(es) witness.test/w1"))
            // The log key and the witness's key alone suffice (no server key pinned): the log vouches.
            let logOnly = try await OfflineVerification.withFile(JCS.canonicalize(.object(bundle))) { path in
                try await CLI.run([
                    "verify", path, "--log-key", server.environment.log.verifierKey.description, "--witness", witness.vkey, "--witness-threshold", "1",
                ], timeout: .seconds(60))
            }
            #expect(logOnly.exitCode == 0 && logOnly.output.contains("not pinned"), "\(logOnly.output)")
            // The same bundle without --log-key says the log was not checked.
            let unchecked = try await OfflineVerification.verify(bundle: JCS.canonicalize(.object(bundle)), server: server)
            #expect(unchecked.output.contains("log: not checked"))

            // A dropped entry: bob's vote is no longer proven.
            let entries = try Self.entries(bundle)
            let withoutBobsVote = try entries.filter { try Self.event($0).actor != bob.id || !(try Self.event($0).action.hasPrefix("vote.")) }
            #expect(withoutBobsVote.count == entries.count - 1)
            let dropped = try await Self.verify(try Self.replacingEntries(bundle, withoutBobsVote), server, witness)
            #expect(dropped.exitCode == 1 && dropped.output.contains("evidence_log_vote"), "\(dropped.output)")

            // An altered proof: one hash of the first entry's inclusion proof changed.
            var altered = entries
            let proof = try #require(altered[0]["proof"]?.stringValue)
            var lines = proof.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let hashLine = try #require(lines.firstIndex { $0.count == 44 && $0.hasSuffix("=") })
            lines[hashLine] = MerkleHash.leaf(Array("forged".utf8)).base64
            altered[0]["proof"] = .string(lines.joined(separator: "\n"))
            let alteredOutcome = try await Self.verify(try Self.replacingEntries(bundle, altered), server, witness)
            #expect(alteredOutcome.exitCode == 1 && alteredOutcome.output.contains("evidence_log_inclusion"), "\(alteredOutcome.output)")

            // The checkpoint without the witness's cosignature.
            var log = try #require(bundle["log"]?.objectValue)
            let note = try SignedNote(parsing: try #require(log["checkpoint"]?.stringValue))
            let logKey = server.environment.log.verifierKey
            log["checkpoint"] = .string(SignedNote(text: note.text, signatures: note.signatures(claimingToBeBy: logKey)).serialized)
            var unwitnessed = bundle
            unwitnessed["log"] = .object(log)
            let unwitnessedOutcome = try await Self.verify(unwitnessed, server, witness)
            #expect(unwitnessedOutcome.exitCode == 1 && unwitnessedOutcome.output.contains("checkpoint_not_witnessed"), "\(unwitnessedOutcome.output)")
        }
    }

    @Test("a key attested by a passkey the operator made for a member, logged without its registration, fails")
    func operatorMadePasskey() async throws {
        try await Self.witnessedTeam { server, witness, team in
            let (ann, bob) = (team[0], team[1])
            // Bob watches his identity in the log.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-bob-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let bobKey = folder.appendingPathComponent("bob.jwk")
            try Data(JCS.canonicalize(.object(bob.signingKey.jsonObject(includePrivate: true)))).write(to: bobKey)
            let bobState = folder.appendingPathComponent("bob-monitor.json")
            try await LogMonitor.checkpointed(server)
            let baseline = try await LogMonitor.run(server, member: bob.id, state: bobState, key: bobKey)
            #expect(baseline.exitCode == 0, "\(baseline.output)")
            // The operator's own passkey (registered as another member, so it is a working authenticator)...
            let eve = try await Team.join(server, name: "eve", roles: [])
            // ...attests a key "for bob", and the operator stores and even logs the attestation.
            let forgedKey = try JWK.generate(for: .ed25519)
            let nonce = "operator-nonce"
            let challenge = KeyAttestationChallenge(member: bob.id, jkt: forgedKey.thumbprint, nonce: nonce).challenge
            let assertion = try #require(try eve.authenticator.assert(challenge: challenge).objectValue?["response"]?.objectValue)
            let record = KeyAttestationRecord(member: bob.id, jwk: forgedKey.publicKey, proof: .passkey(.init(
                nonce: nonce, rpID: TestServer.rpID, origin: TestServer.origin, credentialID: eve.authenticator.credentialID,
                passkeyPublicKey: eve.authenticator.coseKey,
                authenticatorData: try #require(assertion["authenticatorData"]?.base64URLBytes),
                clientDataJSON: try #require(assertion["clientDataJSON"]?.base64URLBytes),
                signature: try #require(assertion["signature"]?.base64URLBytes), attestedAt: server.environment.clock())))
            _ = try record.verify()
            let attestationText = String(decoding: JCS.canonicalize(record.jsonValue), as: UTF8.self)
            let jwkText = String(decoding: JCS.canonicalize(.object(forgedKey.publicKey.jsonObject())), as: UTF8.self)
            // Valid from a minute ago: votes are received at whole seconds.
            let now = server.environment.clock().addingTimeInterval(-60)
            try await server.store.write { tx in
                try await tx.insertKey(KeyRecord(
                    kid: forgedKey.thumbprint, member: try MemberID(bob.id), jwk: jwkText, method: "passkey", attestation: attestationText, validFrom: now))
                try await tx.appendAudit(
                    actor: bob.id, action: "key.attested", subject: forgedKey.thumbprint,
                    details: .object(["member": .string(bob.id), "method": "passkey", "jwk": try JSONParser().parse(jwkText),
                                      "attestation": record.jsonValue]), at: now)
            }
            let statement = try await ann.createStatement(policy: Self.twoOfThree)
            try expectStatus(try await ann.vote(.approve, on: statement), 201)
            // The server accepts the forged approval: the record verifies on its own.
            try expectStatus(try await bob.vote(.approve, on: statement, key: forgedKey), 201)
            let bundle = try await Self.evidence(ann, statement)
            let outcome = try await Self.verify(bundle, server, witness)
            #expect(outcome.exitCode == 1, "\(outcome.output)")
            #expect(outcome.output.contains("evidence_log_passkey_unregistered"), "\(outcome.output)")
            // Without the log, the same bundle verified: this is the hole the log closes.
            let withoutLog = try await OfflineVerification.verify(bundle: JCS.canonicalize(.object(bundle)), server: server)
            #expect(withoutLog.exitCode == 0, "\(withoutLog.output)")
            // And when the operator does log a registration of that passkey for bob, bob's monitor
            // flags it, with the attestation it already logged.
            try await server.store.write { tx in
                try await tx.appendAudit(
                    actor: bob.id, action: "passkey.registered", subject: bob.id,
                    details: .object(["member": .string(bob.id), "credentialId": .string(Base64URL.encode(eve.authenticator.credentialID)),
                                      "publicKey": .string(Base64URL.encode(eve.authenticator.coseKey)), "format": "none"]),
                    at: server.environment.clock())
            }
            try await LogMonitor.checkpointed(server)
            let flagged = try await LogMonitor.run(server, member: bob.id, state: bobState, key: bobKey)
            #expect(flagged.exitCode == 1, "\(flagged.output)")
            #expect(flagged.output.contains("key.attested") && flagged.output.contains("passkey.registered"), "\(flagged.output)")
        }
    }

    @Test("a vote recorded after its key's revocation fails from the log, even when the bundle hides the revocation")
    func voteAfterRevocation() async throws {
        try await Self.witnessedTeam { server, witness, team in
            let (ann, bob, cy) = (team[0], team[1], team[2])
            let statement = try await ann.createStatement(policy: Self.twoOfThree)
            try expectStatus(try await bob.vote(.approve, on: statement), 201)
            try expectStatus(try await cy.revokeKey(cy.kid, passkey: cy.authenticator), 200)
            // The operator records cy's approval, signed with the revoked key, behind the server's checks.
            let (payload, digest) = try await cy.document(of: statement)
            let entry = try cy.signature(.approve, statement: statement, payload: payload, digest: digest)
            let signature = try JWS.Signature(entry: entry)
            let now = server.environment.clock()
            try await server.store.write { tx in
                let id = try StatementID(statement)
                guard var locked = try await tx.lockStatement(id) else { throw TestServerFailure("no statement") }
                try await tx.insertVote(VoteRecord(
                    statement: id, member: try MemberID(cy.id), kind: .approve, kid: cy.kid, keyMethod: "passkey",
                    signature: String(decoding: JCS.canonicalize(.object(entry)), as: UTF8.self), receivedAt: now, stepUp: false))
                try await tx.appendAudit(
                    actor: cy.id, action: "vote.approve", subject: statement,
                    details: .object(["kid": .string(cy.kid), "signature": .string(Receipt.signatureHash(signature)), "stepUp": false, "weight": 2]), at: now)
                locked.status.weight = 2
                try await tx.updateStatementStatus(id, status: locked.status, updatedAt: now, dueAt: nil)
            }
            var bundle = try await Self.evidence(bob, statement)
            // The bundle hides the revocation from the offline checks...
            var keys = try #require(bundle["keys"]?.arrayValue).compactMap(\.objectValue)
            for index in keys.indices where keys[index]["jwk"]?.objectValue?["x"] == cy.signingKey.publicKey.jsonObject()["x"] {
                keys[index]["revokedAt"] = .null
            }
            bundle["keys"] = .array(keys.map(JSONValue.object))
            let outcome = try await Self.verify(bundle, server, witness)
            // ...but the log shows it before the vote.
            #expect(outcome.exitCode == 1, "\(outcome.output)")
            #expect(outcome.output.contains("evidence_log_key_revoked"), "\(outcome.output)")
        }
    }
}
