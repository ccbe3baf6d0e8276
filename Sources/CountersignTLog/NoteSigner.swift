import Crypto

/// Signs notes with an Ed25519 key under a name: the log's checkpoints (type 0x01) or, for a
/// witness, cosignatures (type 0x04).
public struct NoteSigner: Sendable {
    public let verifierKey: NoteVerifierKey
    private let privateKey: Curve25519.Signing.PrivateKey

    public init(name: String, type: NoteVerifierKey.KeyType = .ed25519, privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.verifierKey = NoteVerifierKey(name: name, type: type, publicKey: privateKey.publicKey)
    }

    /// The signature line for `text` (a note text ending in a newline). A cosigner signs the
    /// cosignature/v1 message at `timestamp`.
    public func sign(_ text: String, timestamp: UInt64 = 0) throws -> NoteSignature {
        switch verifierKey.type {
        case .ed25519:
            let signature = try privateKey.signature(for: Array(text.utf8))
            return NoteSignature(name: verifierKey.name, keyID: verifierKey.keyID, signature: Array(signature))
        case .cosignatureV1:
            let signature = try privateKey.signature(for: NoteVerifierKey.cosignedMessage(text, timestamp: timestamp))
            let time = (0..<8).reversed().map { UInt8(timestamp >> (UInt64($0) * 8) & 0xff) }
            return NoteSignature(name: verifierKey.name, keyID: verifierKey.keyID, signature: time + Array(signature))
        }
    }
}
