/// A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines
/// "— <name> base64(key ID || signature)". The text is separated from the signatures by the last
/// blank line.
public struct SignedNote: Sendable, Hashable {
    /// The signed text, including its final newline.
    public let text: String
    public private(set) var signatures: [NoteSignature]

    /// Bounds on what a note may hold: the specification requires accepting at least 16
    /// signatures; a note larger than this is not a checkpoint.
    public static let maximumBytes = 64 * 1024
    public static let maximumSignatures = 64

    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note strictly (valid UTF-8, no control characters but newline, at least
    /// one well-formed signature line, within the bounds above).
    public init(parsing bytes: [UInt8]) throws(NoteError) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge }
        guard let whole = String(validating: bytes, as: UTF8.self) else { throw .malformed("not UTF-8") }
        guard !whole.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw .malformed("a control character other than newline")
        }
        guard let separator = whole.range(of: "\n\n", options: .backwards) else { throw .malformed("no blank line before the signatures") }
        let text = String(whole[..<separator.lowerBound]) + "\n"
        let block = whole[separator.upperBound...]
        guard block.hasSuffix("\n") else { throw .malformed("the last signature line does not end in a newline") }
        var signatures: [NoteSignature] = []
        for line in block.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            signatures.append(try NoteSignature(line: line))
        }
        guard !signatures.isEmpty else { throw .malformed("no signature") }
        guard signatures.count <= Self.maximumSignatures else { throw .tooManySignatures }
        self.text = text
        self.signatures = signatures
    }

    public init(parsing text: String) throws(NoteError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// The note as served: text, blank line, signature lines.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Adds signatures not already present (same name, key ID and bytes).
    public mutating func add(_ more: [NoteSignature]) {
        for signature in more where !signatures.contains(signature) {
            signatures.append(signature)
        }
        if signatures.count > Self.maximumSignatures { signatures = Array(signatures.prefix(Self.maximumSignatures)) }
    }

    /// The signatures that claim to be by `key` (same name and key ID).
    public func signatures(claimingToBeBy key: NoteVerifierKey) -> [NoteSignature] {
        signatures.filter { $0.name == key.name && $0.keyID == key.keyID }
    }
}

/// One signature line of a note.
public struct NoteSignature: Sendable, Hashable {
    public let name: String
    public let keyID: UInt32
    /// The signature after the key ID (for a cosignature: timestamp and Ed25519 signature).
    public let signature: [UInt8]

    public init(name: String, keyID: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    init(line: Substring) throws(NoteError) {
        guard line.hasPrefix("\u{2014} ") else { throw .malformed("a signature line does not start with an em dash and a space") }
        let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, NoteVerifierKey.isValidName(parts[0]) else { throw .malformed("a signature line is not '— name signature'") }
        guard let bytes = Base64.decode(parts[1]), bytes.count > 4 else { throw .malformed("a signature is not base64 of a key ID and a signature") }
        name = String(parts[0])
        keyID = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        signature = Array(bytes[4...])
    }

    /// "— name base64(keyID || signature)\n".
    public var line: String {
        let id: [UInt8] = [UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xff), UInt8(keyID >> 8 & 0xff), UInt8(keyID & 0xff)]
        return "\u{2014} \(name) \(Base64.encode(id + signature))\n"
    }
}

/// Why a note, key or checkpoint was refused.
public enum NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case tooLarge
    case tooManySignatures
    case badVerifierKey(String)

    public var description: String {
        switch self {
        case .malformed(let why): "not a signed note: \(why)"
        case .tooLarge: "the note is larger than \(SignedNote.maximumBytes) bytes"
        case .tooManySignatures: "the note has more than \(SignedNote.maximumSignatures) signatures"
        case .badVerifierKey(let why): "not a verifier key: \(why)"
        }
    }
}
