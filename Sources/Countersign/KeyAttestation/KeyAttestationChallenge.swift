import CountersignJSON
import Crypto

/// The WebAuthn challenge by which a member's passkey attests a signing key (docs/formats.md,
/// CONTRACT): SHA-256 of the JCS bytes of
/// {"countersign":"key-attestation/v1","member","jkt","nonce"}. Binding the member, the key's
/// thumbprint and a server nonce means the assertion can attest this key for this member once.
public struct KeyAttestationChallenge: Sendable, Hashable {
    public let member: String
    /// The attested key's RFC 7638 thumbprint.
    public let jkt: String
    /// The server's single-use nonce.
    public let nonce: String

    public init(member: String, jkt: String, nonce: String) {
        self.member = member
        self.jkt = jkt
        self.nonce = nonce
    }

    /// The JCS bytes that are hashed.
    public var canonicalBytes: [UInt8] {
        JCS.canonicalize(.object([
            "countersign": "key-attestation/v1", "member": .string(member), "jkt": .string(jkt), "nonce": .string(nonce),
        ]))
    }

    /// The 32-byte WebAuthn challenge.
    public var challenge: [UInt8] {
        Array(SHA256.hash(data: canonicalBytes))
    }
}
