import Crypto

/// A verifier key ("vkey"): `<name>+<hex key ID>+<base64(type || public key)>`. Countersign uses
/// two types, both Ed25519: 0x01 for the log's note signatures and 0x04 for witnesses'
/// cosignature/v1 (C2SP signed-note, tlog-cosignature).
public struct NoteVerifierKey: Sendable, Hashable, CustomStringConvertible {
    public enum KeyType: UInt8, Sendable {
        /// An Ed25519 signature over the note text.
        case ed25519 = 0x01
        /// A timestamped Ed25519 checkpoint cosignature (cosignature/v1).
        case cosignatureV1 = 0x04
    }

    public let name: String
    public let keyID: UInt32
    public let type: KeyType
    public let publicKey: Curve25519.Signing.PublicKey

    /// The key for `publicKey` under `name`, with the key ID the specifications prescribe.
    public init(name: String, type: KeyType, publicKey: Curve25519.Signing.PublicKey) {
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, type: type, publicKey: Array(publicKey.rawRepresentation))
    }

    /// Parses a vkey; its key ID must be the one its name, type and key imply.
    public init(_ text: String) throws(NoteError) {
        // The base64 part may itself hold "+": the name and the ID end at the first two.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Self.isValidName(parts[0]) else { throw .badVerifierKey("not name+id+key") }
        guard parts[1].count == 8, let id = UInt32(parts[1], radix: 16), parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw .badVerifierKey("the key ID is not 8 lowercase hex digits")
        }
        guard let material = Base64.decode(parts[2]), material.count == 33 else { throw .badVerifierKey("the key is not base64 of a type byte and 32 bytes") }
        guard let type = KeyType(rawValue: material[0]) else { throw .badVerifierKey("signature type \(material[0]) is not Ed25519 (0x01) or cosignature/v1 (0x04)") }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: material[1...]) else { throw .badVerifierKey("not an Ed25519 public key") }
        self.init(name: String(parts[0]), type: type, publicKey: key)
        guard keyID == id else { throw .badVerifierKey("the key ID does not match the name and key") }
    }

    public var description: String {
        let id = String(keyID, radix: 16)
        return "\(name)+\(String(repeating: "0", count: 8 - id.count) + id)+\(Base64.encode([type.rawValue] + Array(publicKey.rawRepresentation)))"
    }

    /// SHA-256(name || 0x0A || type || public key)[:4], big-endian.
    static func keyID(name: String, type: KeyType, publicKey: [UInt8]) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, type.rawValue] + publicKey))
        return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A key name: non-empty, no Unicode space, no "+".
    static func isValidName(_ name: Substring) -> Bool {
        !name.isEmpty && !name.contains("+") && !name.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    // MARK: Verifying

    /// What a note's signatures by this key amount to.
    public enum Verdict: Sendable, Equatable {
        /// A signature by this key verifies (for a cosignature: made at `timestamp`, POSIX seconds).
        case valid(timestamp: UInt64?)
        /// No signature line claims to be by this key.
        case absent
        /// A signature claims this key and does not verify: the note is not to be trusted.
        case invalid
    }

    /// Checks the signatures `note` holds that claim to be by this key.
    public func verify(_ note: SignedNote) -> Verdict {
        let claims = note.signatures(claimingToBeBy: self)
        guard !claims.isEmpty else { return .absent }
        var timestamp: UInt64?
        for claim in claims {
            switch type {
            case .ed25519:
                guard publicKey.isValidSignature(claim.signature, for: Array(note.text.utf8)) else { return .invalid }
            case .cosignatureV1:
                guard claim.signature.count == 8 + 64 else { return .invalid }
                let time = claim.signature[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard time <= UInt64(Int64.max),
                    publicKey.isValidSignature(claim.signature[8...], for: Self.cosignedMessage(note.text, timestamp: time))
                else { return .invalid }
                timestamp = max(timestamp ?? 0, time)
            }
        }
        return .valid(timestamp: timestamp)
    }

    /// What a cosignature/v1 signs: the header line, the time line, then the note text.
    public static func cosignedMessage(_ text: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(text)".utf8)
    }
}

extension NoteVerifierKey {
    /// Keys are equal when their vkeys are.
    public static func == (lhs: NoteVerifierKey, rhs: NoteVerifierKey) -> Bool {
        lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
