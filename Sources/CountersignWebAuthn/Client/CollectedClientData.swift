import CountersignJSON
import Crypto

/// A parsed clientDataJSON (WebAuthn Level 3, section 5.8.1): what the browser says it asked the
/// authenticator to sign.
///
/// Parsing is strict I-JSON through the JOSE layer's parser: duplicate members, lone surrogates
/// and oversized input are refused, so the relying party and every later verifier read the same
/// values. Members WebAuthn does not define (`androidPackageName`, the
/// `other_keys_can_be_added_here` canary, legacy `hashAlgorithm`) are ignored, as the
/// specification requires: clientDataJSON is never compared against a template.
public struct CollectedClientData: Sendable {
    /// Largest clientDataJSON accepted. Browsers produce a few hundred bytes.
    public static let maxBytes = 64 * 1024

    /// The bytes exactly as received: the signature covers their SHA-256.
    public let raw: [UInt8]
    /// SHA-256 of `raw`, the clientDataHash that authenticators sign.
    public let hash: [UInt8]
    /// "type", if it is one WebAuthn defines; nil for any other value (refused by verification).
    public let type: ClientDataType?
    /// "type" exactly as sent.
    public let typeString: String
    /// The challenge, decoded from base64url.
    public let challenge: [UInt8]
    /// The caller's origin, e.g. "https://app.example.com" or "android:apk-key-hash:…".
    public let origin: String
    /// True if the ceremony ran in a cross-origin iframe; absent means false.
    public let crossOrigin: Bool
    /// The top-level origin when `crossOrigin` is true (Level 3).
    public let topOrigin: String?
    /// The token binding status, if the client sent a TokenBinding object.
    public let tokenBindingStatus: String?

    /// Parses clientDataJSON bytes.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        let value: JSONValue
        do {
            value = try JSONParser(limits: .init(maxBytes: Self.maxBytes, maxDepth: 8)).parse(bytes)
        } catch {
            throw WebAuthnError(.malformedClientData, "clientDataJSON: \(error.description)")
        }
        guard case .object(let object) = value else {
            throw WebAuthnError(.malformedClientData, "clientDataJSON is not a JSON object")
        }
        func string(_ name: String) throws(WebAuthnError) -> String {
            guard let value = object[name]?.stringValue else {
                throw WebAuthnError(.malformedClientData, "clientDataJSON lacks the string member \"\(name)\"")
            }
            return value
        }
        raw = bytes
        hash = SHA256.hash(data: bytes).withUnsafeBytes { Array($0) }
        typeString = try string("type")
        type = ClientDataType(rawValue: typeString)
        let encodedChallenge = try string("challenge")
        do {
            // The challenge is compared as bytes, and only the canonical unpadded spelling that
            // browsers produce is accepted.
            challenge = try Base64URL.decode(encodedChallenge)
        } catch {
            throw WebAuthnError(.malformedClientData, "clientDataJSON challenge is not base64url: \(error.description)")
        }
        origin = try string("origin")
        switch object["crossOrigin"] {
        case nil: crossOrigin = false
        case .bool(let flag)?: crossOrigin = flag
        default: throw WebAuthnError(.malformedClientData, "clientDataJSON crossOrigin must be a boolean")
        }
        switch object["topOrigin"] {
        case nil: topOrigin = nil
        case .string(let text)?: topOrigin = text
        default: throw WebAuthnError(.malformedClientData, "clientDataJSON topOrigin must be a string")
        }
        tokenBindingStatus = try Self.tokenBindingStatus(object["tokenBinding"])
    }

    /// The status of a TokenBinding object. Token binding was removed from WebAuthn Level 3 and
    /// from browsers; pre-standard clients sent a bare string (e.g. "unused") there, which carries
    /// no claim and is ignored. An object must have a string status.
    private static func tokenBindingStatus(_ value: JSONValue?) throws(WebAuthnError) -> String? {
        guard case .object(let binding)? = value else { return nil }
        guard let status = binding["status"]?.stringValue else {
            throw WebAuthnError(.malformedClientData, "clientDataJSON tokenBinding lacks a string status")
        }
        return status
    }
}
