import CountersignJSON
import Crypto

/// A WebAuthn relying party: who Countersign is to authenticators, and the rules every
/// registration and assertion must meet.
///
/// Every relaxation is a named property with the secure default (the webauthn-rs shape):
/// cross-origin iframes refused, every listed origin validated at configuration time, counters
/// and backup eligibility enforced. Verification itself is pure: the functions take the response,
/// the ceremony, the stored credential and the time, and return data or a `WebAuthnError`.
public struct RelyingParty: Sendable {
    /// The RP ID: a registrable domain suffix of the web origins (e.g. "example.com", "localhost").
    public let id: String
    /// The name shown by authenticators.
    public let name: String
    /// Origins ceremonies may come from.
    public let origins: [WebAuthnOrigin]
    /// SHA-256 of the RP ID: what authenticator data must start with.
    public let idHash: [UInt8]

    /// Accept ceremonies run in a cross-origin iframe (clientDataJSON crossOrigin true). Default false.
    public var allowCrossOrigin = false
    /// When cross-origin ceremonies are allowed, the top-level origins allowed to embed them
    /// (empty: any). Ignored while `allowCrossOrigin` is false.
    public var allowedTopOrigins: [WebAuthnOrigin] = []
    /// Credential algorithms, in order of preference: the options' pubKeyCredParams, and what a
    /// registration's credential key must use. Default: Ed25519, ES256, RS256.
    public var allowedAlgorithms: [COSEAlgorithm] = [.edDSA, .es256, .rs256]
    /// Which verified attestations registrations accept.
    public var attestationPolicy: AttestationPolicy = .default
    /// Attestation statement verifiers by "fmt". Default: `AttestationFormats.builtIn`.
    public var attestationFormats: [String: any AttestationFormat]
    /// The FIDO U2F AppID of credentials registered before WebAuthn (the "appid" extension).
    /// When set, an assertion whose client reports `appid: true` may be scoped to SHA-256 of this
    /// AppID instead of the RP ID. Default nil: Countersign never registered U2F credentials.
    public var legacyAppID: String?

    /// A relying party for `id`, serving `origins` (each validated; see `WebAuthnOrigin`).
    public init(id: String, name: String, origins: [String]) throws(WebAuthnError) {
        guard WebAuthnOrigin.isValidHost(Substring(id)), id == id.lowercased() else {
            throw WebAuthnError(.invalidConfiguration, "RP ID \(id) is not a lowercase domain name")
        }
        guard !origins.isEmpty else {
            throw WebAuthnError(.invalidConfiguration, "a relying party needs at least one origin")
        }
        var parsed: [WebAuthnOrigin] = []
        for origin in origins { parsed.append(try WebAuthnOrigin(origin)) }
        self.id = id
        self.name = name
        self.origins = parsed
        self.idHash = Array(SHA256.hash(data: Array(id.utf8)))
        var formats: [String: any AttestationFormat] = [:]
        for format in AttestationFormats.builtIn { formats[format.identifier] = format }
        self.attestationFormats = formats
    }

    /// Web origins of other sites than the RP ID. Browsers let them use this RP ID only if
    /// https://<RP ID>/.well-known/webauthn lists them (related origin requests, Level 3
    /// section 5.11); `relatedOriginsDocument` is that file.
    public var relatedOrigins: [WebAuthnOrigin] {
        origins.filter { $0.host != nil && !$0.isSameSite(asRPID: id) }
    }

    /// The JSON of https://<RP ID>/.well-known/webauthn: {"origins":[…]}.
    public var relatedOriginsDocument: JSONValue {
        .object(["origins": .array(relatedOrigins.map { .string($0.serialized) })])
    }
}
