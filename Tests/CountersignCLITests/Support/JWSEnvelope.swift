import Foundation

/// base64url without padding (RFC 7515 section 2), written here rather than taken from
/// CountersignJOSE so that the tests do not trust the code they test.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        guard !text.contains(where: { "+/=".contains($0) }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

enum EnvelopeError: Error, CustomStringConvertible {
    case malformed(String)

    var description: String {
        switch self {
        case .malformed(let what): "malformed JWS JSON envelope: \(what)"
        }
    }
}

/// The protected header members the tests look at.
struct ProtectedHeader: Decodable, Equatable {
    let alg: String
    let kid: String?
    let iat: Int?
    let typ: String?
}

/// A General JWS JSON envelope held as parsed JSON, so a test can inspect it and derive
/// tampered copies while every member it does not touch stays exactly as it was.
struct JWSEnvelope {
    private(set) var json: [String: Any]

    init(_ data: Data) throws {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EnvelopeError.malformed("not a JSON object")
        }
        guard json["payload"] is String else { throw EnvelopeError.malformed("no string payload") }
        guard json["signatures"] is [[String: Any]] else { throw EnvelopeError.malformed("no signatures array") }
        self.json = json
    }

    var data: Data {
        get throws { try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) }
    }

    var payloadSegment: String { json["payload"] as! String }
    var signatures: [[String: Any]] { json["signatures"] as! [[String: Any]] }

    func payload() throws -> Data {
        guard let bytes = Base64URL.decode(payloadSegment) else { throw EnvelopeError.malformed("payload") }
        return bytes
    }

    /// The decoded protected header of signature `index`. Decoding is typed, so an "iat" that is
    /// a string or a boolean fails here instead of passing as a number.
    func protectedHeader(_ index: Int) throws -> ProtectedHeader {
        guard let segment = signatures[index]["protected"] as? String, let bytes = Base64URL.decode(segment) else {
            throw EnvelopeError.malformed("protected header of signature \(index)")
        }
        return try JSONDecoder().decode(ProtectedHeader.self, from: bytes)
    }

    /// A copy whose payload differs in one byte: the first ASCII capital letter changes case.
    /// The payload stays valid UTF-8 JSON of the same length, so a verifier can only refuse it
    /// because the signatures no longer match, not because it cannot parse it.
    func withPayloadByteFlipped() throws -> JWSEnvelope {
        var bytes = try payload()
        guard let index = bytes.firstIndex(where: { (0x41...0x5A).contains($0) }) else {
            throw EnvelopeError.malformed("payload has no capital letter to flip")
        }
        bytes[index] ^= 0x20
        var copy = self
        copy.json["payload"] = Base64URL.encode(bytes)
        return copy
    }

    /// A copy where one byte in the middle of signature `index` is flipped. The middle byte
    /// keeps the value well-formed for every algorithm (an Ed25519 S or an ECDSA r that grew
    /// past the group order would test range checks rather than verification).
    func withSignatureByteFlipped(_ index: Int) throws -> JWSEnvelope {
        var signatures = self.signatures
        guard let segment = signatures[index]["signature"] as? String, var bytes = Base64URL.decode(segment),
            !bytes.isEmpty
        else { throw EnvelopeError.malformed("signature \(index)") }
        bytes[bytes.startIndex + bytes.count / 3] ^= 0x01
        signatures[index]["signature"] = Base64URL.encode(bytes)
        var copy = self
        copy.json["signatures"] = signatures
        return copy
    }
}

/// Writes a JWK Set `{"keys":[...]}`.
func jwksData(_ keys: [[String: Any]]) throws -> Data {
    try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys])
}
