import CountersignJSON

/// A JSON Web Signature (RFC 7515): one payload and one or more signatures over it.
///
/// Parsing never verifies and never throws for a problem that concerns one signature only (an
/// undecodable protected header, a bad signature encoding): such a signature carries its
/// `problem` and the verifier reports it as that signature's outcome.
public struct JWS: Sendable {
    /// How the JWS was (or will be) written.
    public enum Serialization: String, Sendable {
        case compact, flattened, general
    }

    /// The payload exactly as encoded in the JWS; signatures cover these characters.
    public let encodedPayload: String
    /// The decoded payload bytes.
    public let payload: [UInt8]
    /// The signatures, in envelope order.
    public private(set) var signatures: [Signature]
    /// The serialization the JWS was parsed from.
    public let serialization: Serialization

    /// A JWS over `payload` with the given signatures.
    public init(payload: [UInt8], signatures: [Signature] = []) {
        self.encodedPayload = Base64URL.encode(payload)
        self.payload = payload
        self.signatures = signatures
        self.serialization = .general
    }

    init(encodedPayload: String, payload: [UInt8], signatures: [Signature], serialization: Serialization) {
        self.encodedPayload = encodedPayload
        self.payload = payload
        self.signatures = signatures
        self.serialization = serialization
    }

    /// Adds a signature made over this JWS's payload.
    public mutating func append(_ signature: Signature) {
        signatures.append(signature)
    }

    /// Adds the signatures of another JWS, refusing one whose payload differs from this one.
    public mutating func append(contentsOf other: JWS) throws(JWSError) {
        guard other.encodedPayload == encodedPayload else { throw .payloadMismatch }
        signatures.append(contentsOf: other.signatures)
    }

    /// The bytes a signature covers: ASCII(protected) || '.' || ASCII(payload).
    public func signingInput(for signature: Signature) -> [UInt8] {
        var input = Array((signature.encodedProtectedHeader ?? "").utf8)
        input.append(UInt8(ascii: "."))
        input.append(contentsOf: encodedPayload.utf8)
        return input
    }
}

extension JWS {
    /// One signature of a JWS with its headers.
    public struct Signature: Sendable {
        /// The protected header exactly as encoded; nil when the signature has none.
        public let encodedProtectedHeader: String?
        /// The decoded protected header (empty when absent or undecodable).
        public let protectedHeader: JSONObject
        /// The unprotected header ("header" member), if any.
        public let unprotectedHeader: JSONObject?
        /// The signature bytes.
        public let signature: [UInt8]
        /// The signature exactly as encoded.
        public let encodedSignature: String
        /// Why this signature cannot be verified at all, found while parsing.
        public let problem: VerificationFailure?

        init(
            encodedProtectedHeader: String?, protectedHeader: JSONObject, unprotectedHeader: JSONObject?,
            signature: [UInt8], encodedSignature: String, problem: VerificationFailure?
        ) {
            self.encodedProtectedHeader = encodedProtectedHeader
            self.protectedHeader = protectedHeader
            self.unprotectedHeader = unprotectedHeader
            self.signature = signature
            self.encodedSignature = encodedSignature
            self.problem = problem
        }

        /// The value of a header parameter from either header (they are disjoint when valid).
        public subscript(parameter: String) -> JSONValue? {
            protectedHeader[parameter] ?? unprotectedHeader?[parameter]
        }

        /// The "alg" parameter as written, if it is a string.
        public var algorithmName: String? { self["alg"]?.stringValue }

        /// The "kid" parameter, if it is a string.
        public var kid: String? { self["kid"]?.stringValue }
    }
}
