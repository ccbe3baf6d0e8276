import Foundation

/// base64url without padding (RFC 7515 section 2), written here rather than taken from
/// CountersignJOSE so that the tests do not trust the code they test.
package enum IndependentBase64URL {
    package static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: String) -> Data? {
        guard !text.contains(where: { "+/=".contains($0) }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

package enum EnvelopeError: Error, CustomStringConvertible {
    case malformed(String)

    package var description: String {
        switch self {
        case .malformed(let what): "malformed JWS JSON envelope: \(what)"
        }
    }
}

/// The protected header members the tests look at.
package struct ProtectedHeader: Decodable, Equatable {
    package let alg: String
    package let kid: String?
    package let iat: Int?
    package let typ: String?
}

/// A General JWS JSON envelope held as parsed JSON, so a test can inspect it and derive
/// tampered copies while every member it does not touch stays exactly as it was.
package struct JWSEnvelope {
    package private(set) var json: [String: Any]

    package init(_ data: Data) throws {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EnvelopeError.malformed("not a JSON object")
        }
        guard json["payload"] is String else { throw EnvelopeError.malformed("no string payload") }
        guard json["signatures"] is [[String: Any]] else { throw EnvelopeError.malformed("no signatures array") }
        self.json = json
    }

    package var data: Data {
        get throws { try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) }
    }

    package var payloadSegment: String { json["payload"] as! String }
    package var signatures: [[String: Any]] { json["signatures"] as! [[String: Any]] }

    package func payload() throws -> Data {
        guard let bytes = IndependentBase64URL.decode(payloadSegment) else { throw EnvelopeError.malformed("payload") }
        return bytes
    }

    /// The decoded protected header of signature `index`. Decoding is typed, so an "iat" that is
    /// a string or a boolean fails here instead of passing as a number.
    package func protectedHeader(_ index: Int) throws -> ProtectedHeader {
        guard let segment = signatures[index]["protected"] as? String, let bytes = IndependentBase64URL.decode(segment) else {
            throw EnvelopeError.malformed("protected header of signature \(index)")
        }
        return try JSONDecoder().decode(ProtectedHeader.self, from: bytes)
    }

    /// A copy whose payload differs in one byte: the first ASCII capital letter changes case.
    /// The payload stays valid UTF-8 JSON of the same length, so a verifier can only refuse it
    /// because the signatures no longer match, not because it cannot parse it.
    package func withPayloadByteFlipped() throws -> JWSEnvelope {
        var bytes = try payload()
        guard let index = bytes.firstIndex(where: { (0x41...0x5A).contains($0) }) else {
            throw EnvelopeError.malformed("payload has no capital letter to flip")
        }
        bytes[index] ^= 0x20
        var copy = self
        copy.json["payload"] = IndependentBase64URL.encode(bytes)
        return copy
    }

    /// A copy where one byte in the middle of signature `index` is flipped. The middle byte
    /// keeps the value well-formed for every algorithm (an Ed25519 S or an ECDSA r that grew
    /// past the group order would test range checks rather than verification).
    package func withSignatureByteFlipped(_ index: Int) throws -> JWSEnvelope {
        var signatures = self.signatures
        guard let segment = signatures[index]["signature"] as? String, var bytes = IndependentBase64URL.decode(segment),
            !bytes.isEmpty
        else { throw EnvelopeError.malformed("signature \(index)") }
        bytes[bytes.startIndex + bytes.count / 3] ^= 0x01
        signatures[index]["signature"] = IndependentBase64URL.encode(bytes)
        var copy = self
        copy.json["signatures"] = signatures
        return copy
    }
}

/// Writes a JWK Set `{"keys":[...]}`.
package func jwksData(_ keys: [[String: Any]]) throws -> Data {
    try JSONSerialization.data(withJSONObject: ["keys": keys], options: [.sortedKeys])
}
