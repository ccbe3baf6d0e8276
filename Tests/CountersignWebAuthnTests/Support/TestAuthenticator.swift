import CountersignJSON
import Crypto
import Foundation
@testable import CountersignWebAuthn

/// A software authenticator for tests: builds clientDataJSON, authenticator data and responses in
/// the W3C JSON forms, and signs assertions with a P-256 or Ed25519 key.
struct TestAuthenticator {
    enum Key {
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    var key: Key = .p256(P256.Signing.PrivateKey())
    var credentialID: [UInt8] = Array(repeating: 0xC1, count: 16)
    var aaguid: [UInt8] = Array(repeating: 0, count: 16)
    var rpID = "example.com"
    var origin = "https://example.com"

    /// The credential public key as COSE_Key bytes.
    var coseKey: [UInt8] {
        switch key {
        case .p256(let privateKey):
            let point = Array(privateKey.publicKey.x963Representation.dropFirst())
            return CBOREncoder.encode(.map(CBORMap(entries: [
                .init(key: .int(1), value: .int(2)), .init(key: .int(3), value: .int(-7)), .init(key: .int(-1), value: .int(1)),
                .init(key: .int(-2), value: .bytes(Array(point[0..<32]))), .init(key: .int(-3), value: .bytes(Array(point[32...]))),
            ])))
        case .ed25519(let privateKey):
            return CBOREncoder.encode(.map(CBORMap(entries: [
                .init(key: .int(1), value: .int(1)), .init(key: .int(3), value: .int(-8)), .init(key: .int(-1), value: .int(6)),
                .init(key: .int(-2), value: .bytes(Array(privateKey.publicKey.rawRepresentation))),
            ])))
        }
    }

    /// The validated COSE key.
    var publicKey: COSEKey {
        get throws { try COSEKey(bytes: coseKey) }
    }

    /// clientDataJSON bytes; `extra` members are appended verbatim (e.g. `,"crossOrigin":true`).
    func clientDataJSON(type: String, challenge: [UInt8], origin: String? = nil, extra: String = "") -> [UInt8] {
        Array(#"{"type":"\#(type)","challenge":"\#(Base64URL.encode(challenge))","origin":"\#(origin ?? self.origin)"\#(extra)}"#.utf8)
    }

    /// Authenticator data: rpIdHash, flags, counter, then attested credential data when AT is set
    /// and `extensions` when ED is set.
    func authenticatorData(flags: UInt8, signCount: UInt32, rpID: String? = nil, extensions: CBORValue? = nil) -> [UInt8] {
        var bytes = Array(SHA256.hash(data: Array((rpID ?? self.rpID).utf8)))
        bytes.append(flags)
        bytes.append(contentsOf: withUnsafeBytes(of: signCount.bigEndian, Array.init))
        if flags & 0x40 != 0 {
            bytes.append(contentsOf: aaguid)
            bytes.append(contentsOf: [UInt8(credentialID.count >> 8), UInt8(credentialID.count & 0xFF)])
            bytes.append(contentsOf: credentialID)
            bytes.append(contentsOf: coseKey)
        }
        if let extensions { bytes.append(contentsOf: CBOREncoder.encode(extensions)) }
        return bytes
    }

    /// A signature over authenticatorData || SHA-256(clientDataJSON), in WebAuthn's encoding.
    func sign(authenticatorData: [UInt8], clientDataJSON: [UInt8]) throws -> [UInt8] {
        let message = authenticatorData + Array(SHA256.hash(data: clientDataJSON))
        switch key {
        case .p256(let privateKey): return Array(try privateKey.signature(for: message).derRepresentation)
        case .ed25519(let privateKey): return Array(try privateKey.signature(for: message))
        }
    }

    /// An AuthenticationResponseJSON.
    func assertion(
        challenge: [UInt8], flags: UInt8 = 0x05, signCount: UInt32 = 1, clientDataJSON: [UInt8]? = nil,
        authenticatorData: [UInt8]? = nil, userHandle: JSONValue = .null, extensions: JSONObject = JSONObject()
    ) throws -> AuthenticationResponseJSON {
        let clientData = clientDataJSON ?? self.clientDataJSON(type: "webauthn.get", challenge: challenge)
        let authData = authenticatorData ?? self.authenticatorData(flags: flags, signCount: signCount)
        let signature = try sign(authenticatorData: authData, clientDataJSON: clientData)
        let id = JSONValue.string(Base64URL.encode(credentialID))
        let response: JSONObject = [
            "clientDataJSON": .string(Base64URL.encode(clientData)), "authenticatorData": .string(Base64URL.encode(authData)),
            "signature": .string(Base64URL.encode(signature)), "userHandle": userHandle,
        ]
        return try AuthenticationResponseJSON(.object([
            "id": id, "rawId": id, "type": "public-key", "response": .object(response),
            "clientExtensionResults": .object(extensions),
        ]))
    }

    /// A RegistrationResponseJSON with attestation format `format` and statement `statement`.
    func registration(
        challenge: [UInt8], flags: UInt8 = 0x45, signCount: UInt32 = 0, format: String = "none",
        statement: CBORMap = CBORMap(entries: []), clientDataJSON: [UInt8]? = nil, id: [UInt8]? = nil, rawID: [UInt8]? = nil,
        authenticatorData: [UInt8]? = nil, extensions: JSONObject = JSONObject()
    ) throws -> RegistrationResponseJSON {
        let clientData = clientDataJSON ?? self.clientDataJSON(type: "webauthn.create", challenge: challenge)
        let authData = authenticatorData ?? self.authenticatorData(flags: flags, signCount: signCount)
        let object = CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .text("fmt"), value: .text(format)), .init(key: .text("attStmt"), value: .map(statement)),
            .init(key: .text("authData"), value: .bytes(authData)),
        ])))
        let encodedID = JSONValue.string(Base64URL.encode(id ?? credentialID))
        let encodedRawID = JSONValue.string(Base64URL.encode(rawID ?? id ?? credentialID))
        let response: JSONObject = [
            "clientDataJSON": .string(Base64URL.encode(clientData)), "attestationObject": .string(Base64URL.encode(object)),
            "transports": .array(["internal", "hybrid"]),
        ]
        return try RegistrationResponseJSON(.object([
            "id": encodedID, "rawId": encodedRawID, "type": "public-key", "response": .object(response),
            "authenticatorAttachment": "platform", "clientExtensionResults": .object(extensions),
        ]))
    }

    /// The credential record a server would hold after registering this authenticator.
    func record(signCount: UInt32 = 0, backupEligible: Bool = false, userHandle: [UInt8]? = nil) throws -> CredentialRecord {
        CredentialRecord(id: credentialID, publicKey: try publicKey, signCount: signCount, backupEligible: backupEligible, userHandle: userHandle)
    }
}

/// A relying party for example.com, served from https://example.com.
func exampleRelyingParty() throws -> RelyingParty {
    try RelyingParty(id: "example.com", name: "Example", origins: ["https://example.com"])
}

/// 32 fixed challenge bytes.
let testChallenge: [UInt8] = Array(0..<32)
