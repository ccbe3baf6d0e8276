import CountersignJSON
import Crypto
import _CryptoExtras

extension JWK {
    /// JWK text is small; anything larger is refused before parsing (an RSA 8192 private key is ~6 KiB).
    static let parserLimits = JSONParser.Limits(maxBytes: 64 * 1024, maxDepth: 4)

    /// Parses and validates a JWK from JSON text.
    public init(json bytes: some Collection<UInt8>) throws(JWKError) {
        let value: JSONValue
        do { value = try JSONParser(limits: Self.parserLimits).parse(bytes) } catch { throw .notJSON(error) }
        guard case .object(let object) = value else { throw .notAnObject }
        try self.init(object)
    }

    /// Parses and validates a JWK from a JSON object.
    public init(_ object: JSONObject) throws(JWKError) {
        let members = JWKMembers(object)
        if let use = try members.optionalString("use"), use != "sig" { throw .notForSignatures(use: use) }
        try Self.checkKeyOperations(object["key_ops"])
        let declaredKid = try members.optionalString("kid")
        var declaredAlgorithm: JWSAlgorithm?
        if let alg = try members.optionalString("alg") {
            guard let algorithm = JWSAlgorithm(rawValue: alg) else { throw .unsupportedAlgorithm(alg) }
            declaredAlgorithm = algorithm
        }
        let material: KeyMaterial
        switch try members.string("kty") {
        case "OKP": material = try Self.okp(members)
        case "EC": material = try Self.ec(members)
        case "RSA": material = try Self.rsa(members)
        case "oct": material = .symmetric(SymmetricKey(data: try members.bytes("k")))
        case "AKP": material = try Self.akp(members, algorithm: declaredAlgorithm)
        case let other: throw .unsupportedKeyType(other)
        }
        if let declaredAlgorithm, declaredAlgorithm.keyKind != material.kind {
            throw .algorithmKeyMismatch(declaredAlgorithm.rawValue)
        }
        self.init(material: material, declaredKid: declaredKid, declaredAlgorithm: declaredAlgorithm)
    }

    /// "key_ops" (RFC 7517 section 4.3), when present, must be a list of distinct strings that
    /// allows signing or verifying: an encryption-only key never verifies a signature.
    private static func checkKeyOperations(_ value: JSONValue?) throws(JWKError) {
        guard let value else { return }
        guard case .array(let entries) = value else { throw .wrongMemberType("key_ops", expected: "an array of strings") }
        var operations = Set<String>()
        for entry in entries {
            guard case .string(let operation) = entry else { throw .wrongMemberType("key_ops", expected: "an array of strings") }
            guard operations.insert(operation).inserted else { throw .invalidKeyOperations("\"\(operation)\" is listed twice") }
        }
        guard !operations.isDisjoint(with: ["sign", "verify"]) else {
            throw .invalidKeyOperations("neither \"sign\" nor \"verify\" is allowed")
        }
    }

    private static func okp(_ members: JWKMembers) throws(JWKError) -> KeyMaterial {
        let curve = try members.string("crv")
        guard curve == "Ed25519" else { throw .unsupportedCurve(curve) }
        let x = try members.bytes("x", length: 32)
        guard Ed25519Encoding.isCanonical(x) else { throw .nonCanonicalEncoding }
        guard !Ed25519Encoding.isSmallOrder(x) else { throw .smallOrderKey }
        let publicKey: Curve25519.Signing.PublicKey
        do { publicKey = try .init(rawRepresentation: x) } catch { throw .pointNotOnCurve }
        guard let d = try members.optionalBytes("d", length: 32) else { return .ed25519(publicKey, private: nil) }
        guard let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: d) else { throw .invalidPrivateKey }
        guard privateKey.publicKey.rawRepresentation == publicKey.rawRepresentation else { throw .privateKeyMismatch }
        return .ed25519(publicKey, private: privateKey)
    }

    private static func ec(_ members: JWKMembers) throws(JWKError) -> KeyMaterial {
        let curveName = try members.string("crv")
        guard let curve = Curve(rawValue: curveName) else { throw .unsupportedCurve(curveName) }
        let length = curve.coordinateLength
        let point = [0x04] + (try members.bytes("x", length: length)) + (try members.bytes("y", length: length))
        let d = try members.optionalBytes("d", length: length)
        do {
            switch curve {
            case .p256:
                let key = try P256.Signing.PublicKey(x963Representation: point)
                let secret = try d.map { try P256.Signing.PrivateKey(rawRepresentation: $0) }
                if let secret, secret.publicKey.x963Representation != key.x963Representation { throw JWKError.privateKeyMismatch }
                return .p256(key, private: secret)
            case .p384:
                let key = try P384.Signing.PublicKey(x963Representation: point)
                let secret = try d.map { try P384.Signing.PrivateKey(rawRepresentation: $0) }
                if let secret, secret.publicKey.x963Representation != key.x963Representation { throw JWKError.privateKeyMismatch }
                return .p384(key, private: secret)
            case .p521:
                let key = try P521.Signing.PublicKey(x963Representation: point)
                let secret = try d.map { try P521.Signing.PrivateKey(rawRepresentation: $0) }
                if let secret, secret.publicKey.x963Representation != key.x963Representation { throw JWKError.privateKeyMismatch }
                return .p521(key, private: secret)
            }
        } catch let error as JWKError {
            throw error
        } catch {
            throw d == nil ? .pointNotOnCurve : .invalidPrivateKey
        }
    }

    private static func rsa(_ members: JWKMembers) throws(JWKError) -> KeyMaterial {
        if members.object["oth"] != nil { throw .rsaMultiPrimeUnsupported }
        let n = try members.unsignedInteger("n")
        let e = try members.unsignedInteger("e")
        guard let lastByte = e.last, lastByte & 1 == 1, e.count > 1 || lastByte >= 3, e.count <= 8 else {
            throw .rsaInvalidExponent
        }
        let bits = n.count * 8 - (n.first.map { $0.leadingZeroBitCount } ?? 0)
        guard bits >= 2048 else { throw .rsaModulusTooSmall(bits: bits) }
        guard let publicKey = try? _RSA.Signing.PublicKey(n: n, e: e) else { throw .invalidPrivateKey }
        guard members.object["d"] != nil else { return .rsa(publicKey, private: nil) }
        guard members.object["p"] != nil, members.object["q"] != nil else { throw .rsaIncompletePrivateKey }
        let d = try members.unsignedInteger("d")
        let p = try members.unsignedInteger("p")
        let q = try members.unsignedInteger("q")
        guard let privateKey = try? _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q) else { throw .invalidPrivateKey }
        var privateMembers = JSONObject()
        for name in ["d", "p", "q", "dp", "dq", "qi"] {
            if let value = members.object[name] { privateMembers[name] = value }
        }
        return .rsa(publicKey, private: .init(key: privateKey, members: privateMembers))
    }

    private static func akp(_ members: JWKMembers, algorithm: JWSAlgorithm?) throws(JWKError) -> KeyMaterial {
        // The AKP key type names its algorithm; without "alg" the public key has no meaning.
        guard let algorithm else { throw .missingMember("alg") }
        let seed = try members.optionalBytes("priv", length: 32)
        do {
            switch algorithm {
            case .mlDSA65:
                let key = try MLDSA65.PublicKey(rawRepresentation: try members.bytes("pub", length: 1952))
                let secret = try seed.map { try MLDSA65.PrivateKey(seedRepresentation: $0, publicKey: key) }
                return .mlDSA65(key, private: secret)
            case .mlDSA87:
                let key = try MLDSA87.PublicKey(rawRepresentation: try members.bytes("pub", length: 2592))
                let secret = try seed.map { try MLDSA87.PrivateKey(seedRepresentation: $0, publicKey: key) }
                return .mlDSA87(key, private: secret)
            default:
                throw JWKError.algorithmKeyMismatch(algorithm.rawValue)
            }
        } catch let error as JWKError {
            throw error
        } catch {
            throw seed == nil ? .pointNotOnCurve : .privateKeyMismatch
        }
    }
}

/// Typed access to JWK members with the errors JWK validation reports.
struct JWKMembers {
    let object: JSONObject

    init(_ object: JSONObject) { self.object = object }

    func optionalString(_ name: String) throws(JWKError) -> String? {
        guard let value = object[name] else { return nil }
        guard case .string(let string) = value else { throw .wrongMemberType(name, expected: "a string") }
        return string
    }

    func string(_ name: String) throws(JWKError) -> String {
        guard let string = try optionalString(name) else { throw .missingMember(name) }
        return string
    }

    func optionalBytes(_ name: String, length: Int? = nil) throws(JWKError) -> [UInt8]? {
        guard let text = try optionalString(name) else { return nil }
        guard let bytes = try? Base64URL.decode(text) else { throw .invalidBase64URL(member: name) }
        if let length, bytes.count != length { throw .wrongLength(member: name, expected: length, actual: bytes.count) }
        return bytes
    }

    func bytes(_ name: String, length: Int? = nil) throws(JWKError) -> [UInt8] {
        guard let bytes = try optionalBytes(name, length: length) else { throw .missingMember(name) }
        return bytes
    }

    /// A base64url big-endian unsigned integer without leading zero bytes (RFC 7518 section 6.3).
    func unsignedInteger(_ name: String) throws(JWKError) -> [UInt8] {
        let value = try bytes(name)
        guard let first = value.first else { throw .wrongLength(member: name, expected: 1, actual: 0) }
        if first == 0 { throw .rsaLeadingZero(member: name) }
        return value
    }
}
