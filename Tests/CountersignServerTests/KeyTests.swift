import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Signing keys attested by a passkey (docs/formats.md) over HTTP: the published record verifies
/// offline, the JWK set lists the keys, and private keys or mismatched ceremonies are refused.
@Suite("Key attestation")
struct KeyTests {
    @Test("GET /api/keys/{kid} returns the attestation record of 4.3 and it verifies offline", arguments: Engine.available)
    func attestationRecord(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let reply = try await alice.client.get("/api/keys/\(alice.kid)")
            try expectStatus(reply, 200)
            #expect(reply.object["kid"]?.stringValue == alice.kid)
            #expect(reply.object["method"]?.stringValue == "passkey")
            let attestation = try #require(reply.object["attestation"])
            let fields = ["attestedAt", "authenticatorData", "clientDataJSON", "credentialId", "jwk", "member", "nonce", "origin",
                          "passkeyPublicKey", "rpId", "signature"]
            #expect(attestation.objectValue?.keys.sorted() == fields)
            #expect(attestation.objectValue?["jwk"]?.objectValue?["kid"]?.stringValue == alice.kid)
            #expect(attestation.objectValue?["rpId"]?.stringValue == TestServer.rpID)
            #expect(attestation.objectValue?["origin"]?.stringValue == TestServer.origin)
            let record = try KeyAttestationRecord(json: attestation)
            #expect(record.member == alice.id)
            #expect(try record.verify() == .verified)
            expectError(try await alice.client.get("/api/keys/no-such-kid"), 404, "not_found")
        }
    }

    @Test("The JWK set lists every attested key under its kid", arguments: Engine.available)
    func jwks(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let reply = try await APIClient(baseURL: server.baseURL, origin: nil).get("/.well-known/jwks.json")
            try expectStatus(reply, 200)
            let keys = try #require(reply.object["keys"]?.arrayValue).compactMap(\.objectValue)
            #expect(Set(keys.compactMap { $0["kid"]?.stringValue }) == Set(team.map(\.kid)))
            for key in keys {
                #expect(key["d"] == nil, "a JWK set holds public keys only")
                let jwk = try JWK(key)
                #expect(jwk.thumbprint == key["kid"]?.stringValue)
            }
        }
    }

    @Test("A private JWK is refused before any ceremony begins", arguments: Engine.available)
    func privateKeyRefused(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let reply = try await alice.client.post(
                "/api/keys/attestation/options", ["jwk": .object(alice.signingKey.jsonObject(includePrivate: true))])
            expectError(reply, 400, "private_key_refused")
        }
    }
}
