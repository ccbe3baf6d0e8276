import Crypto

/// One SHA-256 node of a Merkle tree log, as RFC 9162 section 2.1.1 defines the hashing:
/// a leaf is SHA-256(0x00 || entry), an interior node SHA-256(0x01 || left || right), and the
/// empty tree SHA-256 of nothing. The prefixes keep a leaf from ever posing as a node.
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes.
    public let bytes: [UInt8]

    /// A hash given as its 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    private init(digest: SHA256.Digest) {
        self.bytes = Array(digest)
    }

    /// The hash of a log entry (a leaf).
    public static func leaf(_ entry: [UInt8]) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: entry)
        return MerkleHash(digest: hasher.finalize())
    }

    /// The hash of an interior node over its two children.
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return MerkleHash(digest: hasher.finalize())
    }

    /// The root of the empty tree: SHA-256 of the empty string.
    public static let empty = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    /// The hash as standard base64 (RFC 4648 section 4), as checkpoints and proofs write it.
    public var base64: String { Base64.encode(bytes) }

    /// A hash written as standard base64; nil unless it is exactly 32 bytes of canonical base64.
    public init?(base64: some StringProtocol) {
        guard let bytes = Base64.decode(base64) else { return nil }
        self.init(bytes: bytes)
    }

    public var description: String { base64 }

    /// The Merkle tree hash of consecutive hashes whose count is a power of two (a complete
    /// subtree), hashing pairs level by level.
    static func completeSubtree(_ hashes: ArraySlice<MerkleHash>) -> MerkleHash {
        precondition(!hashes.isEmpty && hashes.count & (hashes.count - 1) == 0, "a complete subtree has 2^k leaves")
        var level = Array(hashes)
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { node(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }
}
