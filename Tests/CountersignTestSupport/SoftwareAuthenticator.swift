import CountersignJSON
import CountersignWebAuthn
import Crypto
import Foundation

/// A passkey in software that answers the server's WebAuthn options the way a platform
/// authenticator and a browser together would: a discoverable P-256 credential with a user
/// handle, attestation "none", UP and UV set, and a counter that grows with each assertion.
package final class SoftwareAuthenticator: @unchecked Sendable {
    package let privateKey = P256.Signing.PrivateKey()
    package let credentialID: [UInt8] = (0..<16).map { _ in UInt8.random(in: 0...255) }
    package let origin: String
    package private(set) var userHandle: [UInt8]?
    package private(set) var rpID: String?
    package private(set) var counter: UInt32 = 0
    private let lock = NSLock()
    private var reportedAAGUID = [UInt8](repeating: 0, count: 16)

    /// The AAGUID the next registration reports (all zeros, a model withheld, unless set).
    package var aaguid: [UInt8] {
        get { lock.withLock { reportedAAGUID } }
        set { lock.withLock { reportedAAGUID = newValue } }
    }

    package init(origin: String) {
        self.origin = origin
    }

    package var coseKey: [UInt8] {
        let point = Array(privateKey.publicKey.x963Representation.dropFirst())
        return CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .int(1), value: .int(2)), .init(key: .int(3), value: .int(-7)), .init(key: .int(-1), value: .int(1)),
            .init(key: .int(-2), value: .bytes(Array(point[0..<32]))), .init(key: .int(-3), value: .bytes(Array(point[32...]))),
        ])))
    }

    /// navigator.credentials.create() with the server's creation options, then toJSON().
    package func register(options: JSONObject) throws -> JSONValue {
        guard let challenge = options["challenge"]?.base64URLBytes,
              let rp = options["rp"]?.objectValue, let rpID = rp["id"]?.stringValue,
              let user = options["user"]?.objectValue, let handle = user["id"]?.base64URLBytes
        else { throw AuthenticatorFailure("creation options lack challenge, rp.id or user.id") }
        lock.withLock {
            self.rpID = rpID
            self.userHandle = handle
        }
        let clientData = clientDataJSON(type: "webauthn.create", challenge: challenge)
        var authData = Array(SHA256.hash(data: Array(rpID.utf8)))
        authData.append(0x45)  // UP | UV | AT
        authData += [0, 0, 0, 0]
        authData += aaguid
        authData += [UInt8(credentialID.count >> 8), UInt8(credentialID.count & 0xFF)] + credentialID + coseKey
        let attestationObject = CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .text("fmt"), value: .text("none")), .init(key: .text("attStmt"), value: .map(CBORMap(entries: []))),
            .init(key: .text("authData"), value: .bytes(authData)),
        ])))
        let id = JSONValue.string(Base64URL.encode(credentialID))
        return .object([
            "id": id, "rawId": id, "type": "public-key", "clientExtensionResults": .object([:]),
            "authenticatorAttachment": "platform",
            "response": .object([
                "clientDataJSON": .string(Base64URL.encode(clientData)),
                "attestationObject": .string(Base64URL.encode(attestationObject)),
                "transports": .array(["internal"]),
            ]),
        ])
    }

    /// navigator.credentials.get() with the server's request options, then toJSON().
    /// `challengeOverride` signs another challenge (an attack); `flags` defaults to UP | UV.
    package func assert(
        options: JSONObject, flags: UInt8 = 0x05, challengeOverride: [UInt8]? = nil, tampering: Tampering = Tampering()
    ) throws -> JSONValue {
        guard let challenge = options["challenge"]?.base64URLBytes else {
            throw AuthenticatorFailure("request options lack a challenge")
        }
        return try assert(challenge: challengeOverride ?? challenge, flags: flags, tampering: tampering)
    }

    /// What an attacker changes in an assertion: the origin in the client data, the RP ID whose
    /// hash starts the authenticator data, or the signature counter (a cloned authenticator).
    package struct Tampering {
        package var origin: String?
        package var rpID: String?
        package var counter: UInt32?

        package init(origin: String? = nil, rpID: String? = nil, counter: UInt32? = nil) {
            self.origin = origin
            self.rpID = rpID
            self.counter = counter
        }
    }

    /// An assertion over `challenge` (step-up approvals sign the SHA-256 of a JWS signing input).
    package func assert(challenge: [UInt8], flags: UInt8 = 0x05, tampering: Tampering = Tampering()) throws -> JSONValue {
        let (registeredRPID, handle, count) = lock.withLock { () -> (String?, [UInt8]?, UInt32) in
            counter += 1
            return (self.rpID, userHandle, counter)
        }
        guard let registeredRPID else { throw AuthenticatorFailure("not registered") }
        let rpID = tampering.rpID ?? registeredRPID
        let signCount = tampering.counter ?? count
        let clientData = clientDataJSON(type: "webauthn.get", challenge: challenge, origin: tampering.origin ?? origin)
        var authData = Array(SHA256.hash(data: Array(rpID.utf8)))
        authData.append(flags)
        authData += withUnsafeBytes(of: signCount.bigEndian, Array.init)
        let signature = try privateKey.signature(for: authData + Array(SHA256.hash(data: clientData)))
        let id = JSONValue.string(Base64URL.encode(credentialID))
        var response: JSONObject = [
            "clientDataJSON": .string(Base64URL.encode(clientData)),
            "authenticatorData": .string(Base64URL.encode(authData)),
            "signature": .string(Base64URL.encode(Array(signature.derRepresentation))),
        ]
        if let handle { response["userHandle"] = .string(Base64URL.encode(handle)) }
        return .object(["id": id, "rawId": id, "type": "public-key", "clientExtensionResults": .object([:]), "response": .object(response)])
    }

    private func clientDataJSON(type: String, challenge: [UInt8], origin: String? = nil) -> [UInt8] {
        let origin = origin ?? self.origin
        return Array(#"{"type":"\#(type)","challenge":"\#(Base64URL.encode(challenge))","origin":"\#(origin)","crossOrigin":false}"#.utf8)
    }
}

package struct AuthenticatorFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// The bytes of a base64url string member, or nil.
    package var base64URLBytes: [UInt8]? { stringValue.flatMap { try? Base64URL.decode($0) } }
}
