import CountersignJSON

/// A set of public verification keys (RFC 7517 section 5), indexed by thumbprint.
///
/// A verifier finds a signature's key here by algorithm and thumbprint; the "kid" in a header
/// only narrows the search. Symmetric keys are refused: an HMAC secret must be handed to the
/// verifier explicitly, so a public key set can never turn into a forging key.
public struct JWKSet: Sendable {
    /// At most this many keys: enough for any member's keys, small enough to try each one.
    public static let maxKeys = 256

    /// The keys, in the order given.
    public let keys: [JWK]
    private let byThumbprint: [String: Int]

    /// A set with no keys, for verifiers that use only an explicit HMAC secret.
    public static let empty = JWKSet(validated: [])

    private init(validated keys: [JWK]) {
        self.keys = keys
        self.byThumbprint = [:]
    }

    /// A set of already validated keys; duplicate thumbprints are kept once.
    public init(_ keys: [JWK]) throws(JWKError) {
        guard keys.count <= Self.maxKeys else { throw .tooManyKeys(limit: Self.maxKeys) }
        var unique: [JWK] = []
        var index: [String: Int] = [:]
        for key in keys where index[key.thumbprint] == nil {
            if key.kind == .symmetric { throw .symmetricKeyInKeySet }
            index[key.thumbprint] = unique.count
            unique.append(key)
        }
        self.keys = unique
        self.byThumbprint = index
    }

    /// Parses {"keys":[…]} or a single JWK object.
    public init(json bytes: some Collection<UInt8>) throws(JWKError) {
        let value: JSONValue
        do {
            value = try JSONParser(limits: .init(maxBytes: 4 << 20, maxDepth: 5)).parse(bytes)
        } catch {
            throw .notJSON(error)
        }
        guard case .object(let object) = value else { throw .invalidKeySet("not a JSON object") }
        guard let keysValue = object["keys"] else {
            try self.init([JWK(object)])
            return
        }
        guard case .array(let entries) = keysValue else { throw .invalidKeySet("\"keys\" must be an array") }
        guard entries.count <= Self.maxKeys else { throw .tooManyKeys(limit: Self.maxKeys) }
        var keys: [JWK] = []
        for entry in entries {
            guard case .object(let keyObject) = entry else { throw .invalidKeySet("every key must be an object") }
            keys.append(try JWK(keyObject))
        }
        try self.init(keys)
    }

    /// The key with this thumbprint, if present.
    public func key(thumbprint: String) -> JWK? {
        byThumbprint[thumbprint].map { keys[$0] }
    }

    /// The keys that may verify a signature with `algorithm` and, if given, the header's `kid`.
    /// A kid matches a key's thumbprint or its declared kid; it never selects a key of another type.
    public func candidates(for algorithm: JWSAlgorithm, kid: String?) -> [JWK] {
        if let kid, let exact = key(thumbprint: kid) {
            return exact.supports(algorithm) ? [exact] : []
        }
        return keys.filter { key in
            key.supports(algorithm) && (kid == nil || key.declaredKid == kid)
        }
    }

    /// The set as {"keys":[public JWKs]}.
    public var jsonObject: JSONObject {
        ["keys": .array(keys.map { .object($0.publicKey.jsonObject()) })]
    }
}
