/// The "none" attestation statement format (WebAuthn Level 3, section 8.7): the authenticator,
/// or the client on the user's behalf, conveys no attestation. The statement must be the empty
/// map; the AAGUID is not checked (iOS sends a real one with "none", other clients zeros).
public struct NoneAttestation: AttestationFormat {
    /// The "none" verifier.
    public init() {}

    /// "none".
    public var identifier: String { "none" }

    /// Accepts only the empty statement, as attestation type none.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        guard input.statement.count == 0 else {
            throw WebAuthnError(.attestationInvalid, "a \"none\" attestation statement must be the empty map")
        }
        return AttestationResult(type: .none)
    }
}
