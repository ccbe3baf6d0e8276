import CountersignJOSE
import CountersignJSON

// The fixtures as JSON files, so that scripts/bench-compare.py verifies exactly the bytes the
// Swift benchmarks verify (same envelope, same assertion, same keys) with joserfc and py_webauthn.

extension EnvelopeFixture {
    /// The General JWS serialization as text and the signers' public JWK Set.
    public var exported: JSONValue {
        .object([
            "envelope": .string(String(decoding: envelopeBytes, as: UTF8.self)),
            "keys": .object(publicKeys.jsonObject),
        ])
    }
}

extension AssertionFixture {
    /// The AuthenticationResponseJSON text and what the relying party checks it against: the
    /// challenge, RP ID, origin, the credential's COSE public key and its stored signature counter.
    public var exported: JSONValue {
        .object([
            "response": .string(String(decoding: responseBytes, as: UTF8.self)),
            "challenge": .string(Base64URL.encode(challenge)),
            "rpID": .string(rpID),
            "origin": .string(origin),
            "credentialPublicKey": .string(Base64URL.encode(coseKey)),
            "signCount": .number(Double(record.signCount)),
            "userVerification": "required",
        ])
    }
}
