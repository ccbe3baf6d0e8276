import CountersignJOSE
import CountersignJSON
import Crypto

/// Ed25519 signers (three unless told) over a statement-sized payload, and everything both paths need.
public struct EnvelopeFixture: Sendable {
    let envelopeBytes: [UInt8]
    let verifier: JWSVerifier
    /// The signers' public keys (for the export).
    let publicKeys: JWKSet
    let raw: [(key: Curve25519.Signing.PublicKey, input: [UInt8], signature: [UInt8])]

    public init(signers: Int = 3) throws {
        let payload = Array(Self.statement.utf8)
        var jws = JWS(payload: payload)
        var keys: [JWK] = []
        for _ in 0..<max(1, signers) {
            let key = try JWK.generate(for: .ed25519)
            keys.append(key)
            try JWSSigner(key: key).sign(&jws, protectedHeader: ["typ": "countersign-approval+jws", "iat": 1_795_000_000])
        }
        envelopeBytes = jws.generalSerialization()
        publicKeys = try JWKSet(keys.map(\.publicKey))
        verifier = JWSVerifier(keys: publicKeys, allowedAlgorithms: [.ed25519])
        raw = try zip(keys, jws.signatures).map { key, signature in
            guard case .ed25519(let publicKey, _) = key.material else { throw FixtureError.notEd25519 }
            return (publicKey, jws.signingInput(for: signature), signature.signature)
        }
    }

    /// The baseline: the raw Curve25519 verifications of the envelope's signing inputs.
    public func verifyRaw() -> Bool {
        raw.allSatisfy { $0.key.isValidSignature($0.signature, for: $0.input) }
    }

    /// The whole offline path: parse the envelope bytes, resolve keys, verify, apply policy "all".
    public func verifyEnvelope() -> Bool {
        guard let jws = try? JWS(parsing: envelopeBytes) else { return false }
        return verifier.verify(jws, policy: .all).satisfied
    }

    enum FixtureError: Error { case notEd25519 }

    /// A statement document of typical size (about 1 KiB), as approvals sign it.
    static let statement = """
        {"content":{"amount":{"currency":"EUR","value":2500000},"closing":"2026-12-15",\
        "investors":[{"name":"Northwind Capital","share":0.6},{"name":"Blue Harbor Partners","share":0.4}],\
        "terms":{"discount":0.2,"liquidationPreference":"1x non-participating","proRata":true,\
        "valuationCap":12000000},"text":"Seed round term sheet for Example Robotics GmbH. The investors \
        commit the amount above on the terms listed; this statement records the approval of the board and \
        the lead investors."},"countersign":"statement/v1","createdAt":"2026-11-21T10:00:00Z",\
        "creator":"mem_3kq8f2","expiresAt":"2026-12-21T10:00:00Z","id":"st_8c1d5e0a9b",\
        "policy":{"signers":[{"member":"mem_3kq8f2","weight":1},{"member":"mem_7hx2m4","weight":1},\
        {"member":"mem_9pz5r1","weight":1}],"threshold":2},"title":"Seed round: Example Robotics"}
        """
}
