import CountersignJOSE
import CountersignJSON
import Foundation

extension KeyAttestationRecord {
    static let passkeyFields: Set<String> = [
        "member", "jwk", "nonce", "rpId", "origin", "credentialId", "passkeyPublicKey", "authenticatorData",
        "clientDataJSON", "signature", "attestedAt",
    ]
    static let adminTokenFields: Set<String> = ["member", "jwk", "method", "token", "attestedAt"]

    /// The record as JSON: binary fields in base64url, times in RFC 3339. The admin-token form is
    /// {"member","jwk","method":"admin-token","token","attestedAt"} (docs/formats.md).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["member": .string(member), "jwk": .object(jwk.jsonObject())]
        switch proof {
        case .passkey(let assertion):
            object["nonce"] = .string(assertion.nonce)
            object["rpId"] = .string(assertion.rpID)
            object["origin"] = .string(assertion.origin)
            object["credentialId"] = .string(Base64URL.encode(assertion.credentialID))
            object["passkeyPublicKey"] = .string(Base64URL.encode(assertion.passkeyPublicKey))
            object["authenticatorData"] = .string(Base64URL.encode(assertion.authenticatorData))
            object["clientDataJSON"] = .string(Base64URL.encode(assertion.clientDataJSON))
            object["signature"] = .string(Base64URL.encode(assertion.signature))
            object["attestedAt"] = .string(Timestamp.format(assertion.attestedAt))
        case .adminToken(let token, let enrolledAt):
            object["method"] = .string(MemberKey.Method.adminToken.rawValue)
            object["token"] = .string(token)
            object["attestedAt"] = .string(Timestamp.format(enrolledAt))
        }
        return .object(object)
    }

    /// The record's JCS bytes.
    public var canonicalBytes: [UInt8] { JCS.canonicalize(jsonValue) }

    /// Parses record text strictly (at most 64 KiB).
    public init(json bytes: some Collection<UInt8>) throws(KeyAttestationError) {
        let value: JSONValue
        do { value = try JSONParser(limits: .init(maxBytes: 64 * 1024, maxDepth: 4)).parse(bytes) } catch {
            throw .malformed("not JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// Reads a parsed record strictly: exactly the fields of one of the two forms, a valid member
    /// id, a public JWK whose "kid" is its thumbprint, base64url binary fields, RFC 3339 times.
    public init(json value: JSONValue) throws(KeyAttestationError) {
        guard let object = value.objectValue else { throw .malformed("a record must be a JSON object") }
        let isAdmin = object["method"] != nil
        let expected = isAdmin ? Self.adminTokenFields : Self.passkeyFields
        for name in object.keys where !expected.contains(name) { throw .malformed("unknown field \"\(name)\"") }
        for name in expected.sorted() where object[name] == nil { throw .malformed("the field \"\(name)\" is missing") }
        let member = try Self.string(object, "member")
        guard (try? MemberID(member)) != nil else { throw .malformed("member \"\(member)\" is not a member id") }
        let jwk = try Self.publicKey(object["jwk"])
        let attestedAt = try Self.time(object, "attestedAt")
        if isAdmin {
            guard try Self.string(object, "method") == MemberKey.Method.adminToken.rawValue else {
                throw .malformed("method must be \"admin-token\"")
            }
            self.init(member: member, jwk: jwk, proof: .adminToken(token: try Self.string(object, "token"), enrolledAt: attestedAt))
            return
        }
        let assertion = PasskeyAssertion(
            nonce: try Self.string(object, "nonce"), rpID: try Self.string(object, "rpId"),
            origin: try Self.string(object, "origin"), credentialID: try Self.bytes(object, "credentialId"),
            passkeyPublicKey: try Self.bytes(object, "passkeyPublicKey"),
            authenticatorData: try Self.bytes(object, "authenticatorData"),
            clientDataJSON: try Self.bytes(object, "clientDataJSON"), signature: try Self.bytes(object, "signature"),
            attestedAt: attestedAt)
        self.init(member: member, jwk: jwk, proof: .passkey(assertion))
    }

    /// A public JWK with a "kid" equal to its RFC 7638 thumbprint.
    static func publicKey(_ value: JSONValue?) throws(KeyAttestationError) -> JWK {
        guard let object = value?.objectValue else { throw .malformed("jwk must be a JSON object") }
        let jwk: JWK
        do { jwk = try JWK(object) } catch { throw .invalidKey("\(error)") }
        guard !jwk.isPrivate else { throw .invalidKey("the JWK holds a private key") }
        guard object["kid"]?.stringValue == jwk.thumbprint else { throw .invalidKey("\"kid\" must be the key's RFC 7638 thumbprint") }
        return jwk
    }

    private static func string(_ object: JSONObject, _ name: String) throws(KeyAttestationError) -> String {
        guard let text = object[name]?.stringValue else { throw .malformed("\(name) must be a string") }
        return text
    }

    private static func bytes(_ object: JSONObject, _ name: String) throws(KeyAttestationError) -> [UInt8] {
        let text = try string(object, name)
        guard let bytes = try? Base64URL.decode(text), Base64URL.encode(bytes) == text else {
            throw .malformed("\(name) must be unpadded base64url")
        }
        return bytes
    }

    private static func time(_ object: JSONObject, _ name: String) throws(KeyAttestationError) -> Date {
        let text = try string(object, name)
        guard let date = Timestamp.parse(text) else { throw .malformed("\(name) must be an RFC 3339 time") }
        return date
    }
}
