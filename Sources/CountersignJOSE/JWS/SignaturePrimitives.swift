import Crypto
import _CryptoExtras

/// The raw signature operations behind each JWS algorithm (RFC 7518 section 3, RFC 8037,
/// the JOSE ML-DSA draft), on swift-crypto.
public enum SignaturePrimitives {
    /// True if `signature` is a valid `algorithm` signature of `message` under `key`.
    ///
    /// Returns false (never throws) for a key of the wrong kind, a signature of the wrong length or
    /// encoding, and, for Ed25519, an R of small order or non-canonical encoding.
    public static func verify(
        _ signature: [UInt8], of message: [UInt8], algorithm: JWSAlgorithm, key: KeyMaterial
    ) -> Bool {
        switch (algorithm, key) {
        case (.ed25519, .ed25519(let publicKey, _)), (.edDSA, .ed25519(let publicKey, _)):
            guard signature.count == 64 else { return false }
            let r = signature[0..<32]
            // BoringSSL accepts a small-order R (speccheck case 2); refuse it like libsodium does.
            guard Ed25519Encoding.isCanonical(r), !Ed25519Encoding.isSmallOrder(r) else { return false }
            return publicKey.isValidSignature(signature, for: message)
        case (.es256, .p256(let publicKey, _)):
            guard let value = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return publicKey.isValidSignature(value, for: SHA256.hash(data: message))
        case (.es384, .p384(let publicKey, _)):
            guard let value = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return publicKey.isValidSignature(value, for: SHA384.hash(data: message))
        case (.es512, .p521(let publicKey, _)):
            guard let value = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return publicKey.isValidSignature(value, for: SHA512.hash(data: message))
        case (.rs256, .rsa(let publicKey, _)), (.rs384, .rsa(let publicKey, _)), (.rs512, .rsa(let publicKey, _)),
             (.ps256, .rsa(let publicKey, _)), (.ps384, .rsa(let publicKey, _)), (.ps512, .rsa(let publicKey, _)):
            guard signature.count * 8 == roundedKeySize(publicKey.keySizeInBits) else { return false }
            let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
            let padding: _RSA.Signing.Padding = [.ps256, .ps384, .ps512].contains(algorithm) ? .PSS : .insecurePKCS1v1_5
            switch algorithm {
            case .rs256, .ps256: return publicKey.isValidSignature(value, for: SHA256.hash(data: message), padding: padding)
            case .rs384, .ps384: return publicKey.isValidSignature(value, for: SHA384.hash(data: message), padding: padding)
            default: return publicKey.isValidSignature(value, for: SHA512.hash(data: message), padding: padding)
            }
        case (.hs256, .symmetric(let secret)):
            // Constant-time comparison of the MAC.
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: secret)
        case (.mlDSA65, .mlDSA65(let publicKey, _)):
            return publicKey.isValidSignature(signature, for: message)
        case (.mlDSA87, .mlDSA87(let publicKey, _)):
            return publicKey.isValidSignature(signature, for: message)
        default:
            return false
        }
    }

    /// Signs `message` with the private part of `key`.
    public static func sign(
        _ message: [UInt8], algorithm: JWSAlgorithm, key: KeyMaterial
    ) throws(JWSError) -> [UInt8] {
        do {
            switch (algorithm, key) {
            case (.ed25519, .ed25519(_, let privateKey?)), (.edDSA, .ed25519(_, let privateKey?)):
                return Array(try privateKey.signature(for: message))
            case (.es256, .p256(_, let privateKey?)):
                return Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
            case (.es384, .p384(_, let privateKey?)):
                return Array(try privateKey.signature(for: SHA384.hash(data: message)).rawRepresentation)
            case (.es512, .p521(_, let privateKey?)):
                return Array(try privateKey.signature(for: SHA512.hash(data: message)).rawRepresentation)
            case (.rs256, .rsa(_, let part?)), (.ps256, .rsa(_, let part?)):
                let padding: _RSA.Signing.Padding = algorithm == .ps256 ? .PSS : .insecurePKCS1v1_5
                return Array(try part.key.signature(for: SHA256.hash(data: message), padding: padding).rawRepresentation)
            case (.rs384, .rsa(_, let part?)), (.ps384, .rsa(_, let part?)):
                let padding: _RSA.Signing.Padding = algorithm == .ps384 ? .PSS : .insecurePKCS1v1_5
                return Array(try part.key.signature(for: SHA384.hash(data: message), padding: padding).rawRepresentation)
            case (.rs512, .rsa(_, let part?)), (.ps512, .rsa(_, let part?)):
                let padding: _RSA.Signing.Padding = algorithm == .ps512 ? .PSS : .insecurePKCS1v1_5
                return Array(try part.key.signature(for: SHA512.hash(data: message), padding: padding).rawRepresentation)
            case (.hs256, .symmetric(let secret)):
                return Array(HMAC<SHA256>.authenticationCode(for: message, using: secret))
            case (.mlDSA65, .mlDSA65(_, let privateKey?)):
                return Array(try privateKey.signature(for: message))
            case (.mlDSA87, .mlDSA87(_, let privateKey?)):
                return Array(try privateKey.signature(for: message))
            default:
                throw JWSError.signingFailed("the key cannot sign with \(algorithm.rawValue) (wrong type or no private part)")
            }
        } catch let error as JWSError {
            throw error
        } catch {
            throw .signingFailed("\(error)")
        }
    }

    /// RSA signatures are as long as the modulus in whole bytes.
    private static func roundedKeySize(_ bits: Int) -> Int { (bits + 7) / 8 * 8 }
}
