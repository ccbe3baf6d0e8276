import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// The wire form of an encrypted key copy (docs/formats.md, "Encrypted key copy"): strict
/// parsing of a PUT body and the JSON the copy routes answer with.
enum KeyCopyJSON {
    /// The only content encryption and key derivation the format knows.
    static let algorithm = "A256GCM"
    static let derivation = "HKDF-SHA256"
    static let saltLength = 32
    static let ivLength = 12
    /// An AES-GCM tag alone is 16 bytes; a PKCS #8 key is far smaller than this bound.
    static let ciphertextRange = 17...4096

    /// The fields of a PUT body, decoded and size-checked.
    struct Upload: Sendable {
        let credentialID: [UInt8]
        let salt: [UInt8]
        let iv: [UInt8]
        let ciphertext: [UInt8]
    }

    static func upload(_ body: JSONObject) throws(ServiceError) -> Upload {
        try body.allowOnly(["credentialId", "salt", "iv", "ciphertext", "alg", "kdf"])
        guard try body.requiredString("alg") == algorithm else {
            throw .invalid("unsupported_alg", "\"alg\" must be \"\(algorithm)\"")
        }
        guard try body.requiredString("kdf") == derivation else {
            throw .invalid("unsupported_kdf", "\"kdf\" must be \"\(derivation)\"")
        }
        let credentialID = try bytes(body, "credentialId", 1...1023, code: "invalid_credential_id")
        let salt = try bytes(body, "salt", saltLength...saltLength, code: "invalid_salt")
        let iv = try bytes(body, "iv", ivLength...ivLength, code: "invalid_iv")
        let ciphertext = try bytes(body, "ciphertext", ciphertextRange, code: "invalid_ciphertext")
        return Upload(credentialID: credentialID, salt: salt, iv: iv, ciphertext: ciphertext)
    }

    /// A base64url field (canonical, unpadded) whose decoded length is in `range`.
    private static func bytes(_ body: JSONObject, _ name: String, _ range: ClosedRange<Int>, code: String) throws(ServiceError) -> [UInt8] {
        let text = try body.requiredString(name)
        let size = range.lowerBound == range.upperBound ? "\(range.lowerBound) bytes" : "\(range.lowerBound) to \(range.upperBound) bytes"
        guard text.utf8.count <= (range.upperBound * 4 + 2) / 3, let bytes = try? Base64URL.decode(text), range.contains(bytes.count) else {
            throw .invalid(code, "\"\(name)\" must be base64url (unpadded) of \(size)")
        }
        return bytes
    }

    static func json(_ copy: KeyCopyRecord) -> JSONValue {
        .object([
            "kid": .string(copy.kid), "credentialId": .string(Base64URL.encode(copy.credentialID)),
            "salt": .string(Base64URL.encode(copy.salt)), "iv": .string(Base64URL.encode(copy.iv)),
            "ciphertext": .string(Base64URL.encode(copy.ciphertext)), "alg": .string(algorithm), "kdf": .string(derivation),
            "createdAt": .string(Timestamp.format(copy.createdAt)),
        ])
    }
}
