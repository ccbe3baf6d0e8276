/// The attestation statement formats a relying party verifies unless configured otherwise.
public enum AttestationFormats {
    /// One verifier per "fmt"; `RelyingParty` indexes them by `identifier`.
    public static var builtIn: [any AttestationFormat] {
        [
            NoneAttestation(), PackedAttestation(), FIDOU2FAttestation(), TPMAttestation(), AndroidKeyAttestation(),
            AppleAnonymousAttestation(), AndroidSafetyNetAttestation(),
        ]
    }
}
