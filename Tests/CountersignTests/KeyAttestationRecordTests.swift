import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation
import Testing

/// docs/formats.md: a key attestation record verifies offline, and every signed part of it matters.
@Suite("Key attestation records")
struct KeyAttestationRecordTests {
    let member = "mem_alice"
    let key: JWK
    let passkey = SoftwarePasskey()

    init() throws {
        key = try JWK.generate(for: .ed25519).publicKey
    }

    private func refusal(_ record: KeyAttestationRecord) -> KeyAttestationError? {
        do {
            _ = try record.verify()
            return nil
        } catch {
            return error
        }
    }

    @Test("a record made by a passkey verifies and survives its JSON form")
    func validRecord() throws {
        let record = try passkey.attest(key, member: member)
        #expect(try record.verify() == .verified)
        let parsed = try KeyAttestationRecord(json: record.canonicalBytes)
        #expect(parsed.canonicalBytes == record.canonicalBytes)
        #expect(try parsed.verify() == .verified)
        let object = try #require(record.jsonValue.objectValue)
        #expect(Set(object.keys) == [
            "member", "jwk", "nonce", "rpId", "origin", "credentialId", "passkeyPublicKey", "authenticatorData",
            "clientDataJSON", "signature", "attestedAt",
        ])
    }

    /// Each field of a valid record replaced with another plausible value.
    @Test(
        "changing any signed field of the record makes it fail",
        arguments: ["member", "jwk", "nonce", "rpId", "origin", "passkeyPublicKey", "authenticatorData", "clientDataJSON", "signature"])
    func tamperedField(field: String) throws {
        let record = try passkey.attest(key, member: member)
        var object = try #require(record.jsonValue.objectValue)
        let other = try SoftwarePasskey().attest(try JWK.generate(for: .ed25519).publicKey, member: "mem_bob", nonce: "nonce-2")
        let otherObject = try #require(other.jsonValue.objectValue)
        switch field {
        case "rpId": object[field] = "other.example"
        case "origin": object[field] = "https://other.countersign.example"
        case "signature", "authenticatorData", "clientDataJSON":
            var bytes = try Base64URL.decode(try #require(object[field]?.stringValue))
            bytes[bytes.count / 2] ^= 0x01
            object[field] = .string(Base64URL.encode(bytes))
        default: object[field] = otherObject[field]
        }
        let tampered = try KeyAttestationRecord(json: .object(object))
        #expect(refusal(tampered) != nil, "\(field) changed but the record still verifies")
    }

    @Test("an assertion without UV, of another type, origin or RP ID is refused even when correctly signed")
    func ceremonyRules() throws {
        let cases: [(String, KeyAttestationRecord)] = [
            ("UP only", try passkey.attest(key, member: member, flags: 0x01)),
            ("UV without UP", try passkey.attest(key, member: member, flags: 0x04)),
            ("webauthn.create", try passkey.attest(key, member: member, type: "webauthn.create")),
            ("other origin", try passkey.attest(key, member: member, signingOrigin: "https://evil.example")),
            ("other RP ID", try passkey.attest(key, member: member, signingRPID: "evil.example")),
        ]
        for (name, record) in cases {
            guard case .assertion? = refusal(record) else {
                Issue.record("\(name): not refused as a bad assertion")
                continue
            }
        }
    }

    @Test("the challenge binds the key: a record for one key cannot attest another")
    func challengeBindsKey() throws {
        let record = try passkey.attest(key, member: member)
        let other = KeyAttestationRecord(member: member, jwk: try JWK.generate(for: .ed25519), proof: record.proof)
        #expect(refusal(other)?.code == "key_attestation_assertion")
    }

    @Test("strict parsing: unknown and missing fields, a private or mis-kid JWK, padded base64url")
    func strictParsing() throws {
        let object = try #require(try passkey.attest(key, member: member).jsonValue.objectValue)
        var unknown = object
        unknown["extra"] = 1
        var missing = object
        missing["nonce"] = nil
        var privateKey = object
        privateKey["jwk"] = .object(try JWK.generate(for: .ed25519).jsonObject(includePrivate: true))
        var wrongKid = object
        var jwk = key.jsonObject()
        jwk["kid"] = "not-the-thumbprint"
        wrongKid["jwk"] = .object(jwk)
        var padded = object
        padded["signature"] = .string((object["signature"]?.stringValue ?? "") + "=")
        for (name, value) in [("unknown", unknown), ("missing", missing), ("private", privateKey), ("kid", wrongKid), ("padded", padded)] {
            #expect(throws: KeyAttestationError.self, "\(name)") { try KeyAttestationRecord(json: .object(value)) }
        }
    }

    @Test("admin-token records verify only with the ADMIN_KEY, and then only for their member and key")
    func adminToken() throws {
        let adminKey = [UInt8](repeating: 7, count: 32)
        guard case .ed25519(let publicKey, _) = key.material else { throw KeyAttestationError.malformed("not Ed25519") }
        let token = try UserToken(
            userID: member, issuedAt: EvidenceScenario.t0, expiresAt: EvidenceScenario.at(hours: 24),
            publicKey: Array(publicKey.rawRepresentation)
        ).signed(adminKey: adminKey)
        let record = KeyAttestationRecord(member: member, jwk: key, proof: .adminToken(token: token, enrolledAt: EvidenceScenario.at(hours: 1)))
        let parsed = try KeyAttestationRecord(json: record.canonicalBytes)
        #expect(parsed.method == .adminToken)
        #expect(try parsed.verify() == .notChecked("not checked (no admin key)"))
        #expect(try parsed.verify(adminKey: adminKey) == .verified)
        #expect(throws: KeyAttestationError.self) { try parsed.verify(adminKey: [UInt8](repeating: 8, count: 32)) }
        let otherMember = KeyAttestationRecord(member: "mem_bob", jwk: key, proof: record.proof)
        #expect(throws: KeyAttestationError.userToken(.wrongMember)) { try otherMember.verify(adminKey: adminKey) }
    }
}
