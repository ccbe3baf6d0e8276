import Countersign
import Foundation

/// A member's private signing key, encrypted in the browser under a passkey's PRF output (the
/// "Encrypted key copy" of docs/formats.md). The server keeps it for the member's other devices
/// and can never read it: it holds neither the PRF output nor the passkey.
public struct KeyCopyRecord: Sendable, Hashable {
    /// The key this is a copy of (its RFC 7638 thumbprint).
    public var kid: String
    public var member: MemberID
    /// The passkey whose PRF output sealed the copy; only it can open it.
    public var credentialID: [UInt8]
    /// The PRF input (32 bytes) and HKDF salt.
    public var salt: [UInt8]
    /// The AES-GCM nonce (12 bytes).
    public var iv: [UInt8]
    /// AES-256-GCM ciphertext of the PKCS #8 private key, tag included.
    public var ciphertext: [UInt8]
    public var createdAt: Date

    public init(kid: String, member: MemberID, credentialID: [UInt8], salt: [UInt8], iv: [UInt8], ciphertext: [UInt8], createdAt: Date) {
        self.kid = kid
        self.member = member
        self.credentialID = credentialID
        self.salt = salt
        self.iv = iv
        self.ciphertext = ciphertext
        self.createdAt = createdAt
    }
}
