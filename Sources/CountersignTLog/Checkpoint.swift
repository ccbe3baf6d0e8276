/// The body of a C2SP tlog-checkpoint: origin, tree size, root hash, then optional extension
/// lines. The body is the text of a signed note.
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let size: Int64
    public let root: MerkleHash
    public let extensions: [String]

    public init(origin: String, size: Int64, root: MerkleHash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text: each line ends in a newline.
    public var text: String {
        ([origin, String(size), root.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Reads a checkpoint from a note text, strictly: at least three non-empty lines, a decimal size
    /// without leading zeros, a base64 SHA-256 root.
    public init(text: String) throws(NoteError) {
        guard text.hasSuffix("\n") else { throw .malformed("the checkpoint does not end in a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines.allSatisfy({ !$0.isEmpty }) else { throw .malformed("a checkpoint is three or more non-empty lines") }
        let sizeText = lines[1]
        guard sizeText.count <= 19, sizeText.allSatisfy({ $0.isASCII && $0.isNumber }), sizeText == "0" || sizeText.first != "0",
            let size = Int64(sizeText)
        else { throw .malformed("the tree size is not a decimal number") }
        guard let root = MerkleHash(base64: lines[2]) else { throw .malformed("the root hash is not base64 of 32 bytes") }
        self.init(origin: String(lines[0]), size: size, root: root, extensions: lines.dropFirst(3).map(String.init))
    }
}

/// A checkpoint whose note verified against the log's key, with the witnesses' cosignatures that
/// verified too.
public struct VerifiedCheckpoint: Sendable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    /// The witnesses (by vkey) whose cosignature verified.
    public let cosigners: [NoteVerifierKey]

    /// Verifies `note` as a checkpoint of the log with `logKey`: the log's signature must verify
    /// and the origin must be the key's name; then at least `threshold` of `witnesses` must have
    /// cosigned it. A signature that claims a trusted key and fails makes the whole note invalid.
    public static func verify(
        _ note: SignedNote, logKey: NoteVerifierKey, witnesses: [NoteVerifierKey] = [], threshold: Int = 0
    ) throws(CheckpointError) -> VerifiedCheckpoint {
        switch logKey.verify(note) {
        case .absent: throw .notSignedByLog
        case .invalid: throw .badLogSignature
        case .valid: break
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw .malformed(error.description)
        }
        guard checkpoint.origin == logKey.name else { throw .wrongOrigin(checkpoint.origin, expected: logKey.name) }
        var cosigners: [NoteVerifierKey] = []
        for witness in witnesses {
            switch witness.verify(note) {
            case .valid: cosigners.append(witness)
            case .absent: break
            case .invalid: throw .badCosignature(witness.name)
            }
        }
        guard cosigners.count >= threshold else { throw .notEnoughCosignatures(found: cosigners.count, needed: threshold) }
        return VerifiedCheckpoint(checkpoint: checkpoint, note: note, cosigners: cosigners)
    }
}

/// Why a checkpoint is not trusted.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case notSignedByLog
    case badLogSignature
    case wrongOrigin(String, expected: String)
    case badCosignature(String)
    case notEnoughCosignatures(found: Int, needed: Int)

    public var code: String {
        switch self {
        case .malformed: "checkpoint_malformed"
        case .notSignedByLog: "checkpoint_not_signed_by_log"
        case .badLogSignature: "checkpoint_bad_log_signature"
        case .wrongOrigin: "checkpoint_wrong_origin"
        case .badCosignature: "checkpoint_bad_cosignature"
        case .notEnoughCosignatures: "checkpoint_not_witnessed"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let why): "the checkpoint is malformed: \(why)"
        case .notSignedByLog: "the checkpoint carries no signature by the log key"
        case .badLogSignature: "the log's signature on the checkpoint does not verify"
        case .wrongOrigin(let origin, let expected): "the checkpoint is for origin \(origin), the log key is for \(expected)"
        case .badCosignature(let name): "the cosignature of witness \(name) does not verify"
        case .notEnoughCosignatures(let found, let needed): "the checkpoint has \(found) valid witness cosignature(s); \(needed) required"
        }
    }
}
