/// Why a WebAuthn response, key or option was refused: a stable `code` (what the API and
/// `countersign webauthn inspect` report) and a message for people.
public struct WebAuthnError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable error code. Each part of the module declares its codes in an extension.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension WebAuthnError.Code {
    public static let malformedCBOR = Self(rawValue: "malformed_cbor")
    public static let invalidCOSEKey = Self(rawValue: "invalid_cose_key")
    public static let unsupportedAlgorithm = Self(rawValue: "unsupported_algorithm")
    public static let malformedAuthenticatorData = Self(rawValue: "malformed_authenticator_data")
    public static let invalidFlags = Self(rawValue: "invalid_flags")
    public static let attestationInvalid = Self(rawValue: "attestation_invalid")
    public static let attestationNotTrusted = Self(rawValue: "attestation_not_trusted")
    public static let unsupportedAttestationFormat = Self(rawValue: "unsupported_attestation_format")
}

extension WebAuthnError {
    /// A CBOR decoding failure, located in `what`.
    static func cbor(_ error: CBORError, in what: String) -> WebAuthnError {
        WebAuthnError(.malformedCBOR, "\(what): \(error.description)")
    }
}
