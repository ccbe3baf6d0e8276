import CountersignJOSE
import X509

/// Compares a credential public key (COSE) with the subject key of an attestation certificate.
///
/// android-key and apple attest the credential key itself: the certificate's subject key must be
/// the very key of the authenticator data. Keys are compared as values (curve point, modulus and
/// exponent), so two encodings of one key are one key.
enum AttestationPublicKey {
    /// The credential key as a certificate key; nil for key types X.509 cannot hold here (ML-DSA).
    static func certificateKey(_ key: COSEKey) -> Certificate.PublicKey? {
        switch key.material {
        case .p256(let publicKey, _): Certificate.PublicKey(publicKey)
        case .p384(let publicKey, _): Certificate.PublicKey(publicKey)
        case .p521(let publicKey, _): Certificate.PublicKey(publicKey)
        case .rsa(let publicKey, _): Certificate.PublicKey(publicKey)
        case .ed25519(let publicKey, _): Certificate.PublicKey(publicKey)
        default: nil
        }
    }

    /// Throws unless `certificate`'s subject key is the credential key.
    static func requireMatch(_ certificate: Certificate, credentialKey: COSEKey, format: String) throws(WebAuthnError) {
        guard let expected = certificateKey(credentialKey), expected == certificate.publicKey else {
            throw WebAuthnError(.attestationKeyMismatch, "\(format) attestation certificate's subject key is not the credential public key")
        }
    }
}
