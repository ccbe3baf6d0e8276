import CountersignJOSE
import Crypto
import X509
import _CryptoExtras

/// Verifies a signature made by an attestation certificate's key with a COSE algorithm.
///
/// ECDSA signatures in attestation statements are ASN.1 DER, as everywhere in WebAuthn. The
/// algorithm must fit the key exactly (ES256 only with P-256, and so on): a certificate key is
/// never used with a curve or hash other than the one its algorithm names.
enum AttestationSignature {
    /// Throws unless `signature` is `key`'s `algorithm` signature over `data`.
    ///
    /// - Parameter allowsSHA1: accept RS1 (RSASSA-PKCS1-v1_5 with SHA-1). Only the tpm format may
    ///   pass true, and only when its policy allows it; everywhere else RS1 is refused.
    static func verify(
        _ signature: [UInt8], over data: [UInt8], algorithm: COSEAlgorithm, key: Certificate.PublicKey,
        format: String, allowsSHA1: Bool = false
    ) throws(WebAuthnError) {
        let valid: Bool
        switch algorithm {
        case .es256:
            guard let ecKey = P256.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            guard let value = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { throw notDER(format) }
            valid = ecKey.isValidSignature(value, for: SHA256.hash(data: data))
        case .es384:
            guard let ecKey = P384.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            guard let value = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { throw notDER(format) }
            valid = ecKey.isValidSignature(value, for: SHA384.hash(data: data))
        case .es512:
            guard let ecKey = P521.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            guard let value = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { throw notDER(format) }
            valid = ecKey.isValidSignature(value, for: SHA512.hash(data: data))
        case .rs256, .ps256:
            guard let rsaKey = _RSA.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            // The JOSE layer's primitive also checks that the signature is exactly modulus-sized.
            valid = SignaturePrimitives.verify(
                signature, of: data, algorithm: algorithm == .rs256 ? .rs256 : .ps256, key: .rsa(rsaKey, private: nil))
        case .rs1:
            guard allowsSHA1 else {
                throw WebAuthnError(.attestationAlgorithmRefused, "\(format) attestation signed with RS1 (SHA-1) is refused")
            }
            guard let rsaKey = _RSA.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            guard signature.count == (rsaKey.keySizeInBits + 7) / 8 else {
                throw WebAuthnError(.attestationSignatureInvalid, "\(format) RS1 signature is \(signature.count) bytes, not the modulus size")
            }
            valid = rsaKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Insecure.SHA1.hash(data: data),
                padding: .insecurePKCS1v1_5)
        case .edDSA, .ed25519:
            guard let edKey = Curve25519.Signing.PublicKey(key) else { throw misfit(algorithm, key, format) }
            // Through the JOSE primitive, which refuses small-order and non-canonical R values.
            valid = SignaturePrimitives.verify(signature, of: data, algorithm: .ed25519, key: .ed25519(edKey, private: nil))
        case .mlDSA44, .mlDSA65, .mlDSA87:
            throw WebAuthnError(.unsupportedAlgorithm, "\(format) attestation with ML-DSA (COSE \(algorithm.rawValue)) is not supported")
        }
        guard valid else {
            throw WebAuthnError(.attestationSignatureInvalid, "\(format) attestation signature does not verify with the attestation certificate's key")
        }
    }

    private static func misfit(_ algorithm: COSEAlgorithm, _ key: Certificate.PublicKey, _ format: String) -> WebAuthnError {
        WebAuthnError(.attestationSignatureInvalid, "\(format) attStmt alg \(algorithm.rawValue) does not fit the attestation certificate's \(key) key")
    }

    private static func notDER(_ format: String) -> WebAuthnError {
        WebAuthnError(.attestationSignatureInvalid, "\(format) ECDSA attestation signature is not ASN.1 DER")
    }
}
