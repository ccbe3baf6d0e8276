import CountersignJOSE

/// The JWS algorithms a member's signing key may use: the one list that both binds a key to a
/// member (passkey attestation, admin-token enrolment, rotation) and verifies the member's votes.
///
/// Why one list: a key the server accepts at attestation but whose votes it then refuses leaves a
/// member with a key that can never sign (issue 18: ML-DSA-87 keys were attested but every vote
/// with them was refused as `vote_algorithm_not_allowed`). Every algorithm here is asymmetric and
/// verified end to end by the JOSE layer; "none" does not exist and HMAC is never a member's.
public enum MemberSigningAlgorithms {
    /// Ed25519 (and its older name EdDSA), ES256 (P-256), ML-DSA-65 and ML-DSA-87.
    public static let all: Set<JWSAlgorithm> = [.ed25519, .edDSA, .es256, .mlDSA65, .mlDSA87]

    /// True if `jwk` is a key of a member signing algorithm (its declared "alg", if any, agreeing).
    public static func accepts(_ jwk: JWK) -> Bool {
        all.contains(where: jwk.supports)
    }
}
