/// Where the tree's hashes come from when computing roots and proofs: the Merkle tree hash of
/// any complete, aligned subtree (2^height leaves starting at leaf `index * 2^height`).
///
/// The server answers from its stored tile hashes, a verifier from tiles it fetched; the proof
/// algorithms (`MerkleTree`) only ever ask for complete subtrees of a tree they know the size of.
public protocol SubtreeHashSource: Sendable {
    func completeSubtree(height: Int, index: Int64) async throws -> MerkleHash
}

/// A `SubtreeHashSource` over hashes stored the way tlog-tiles serves them: at tile level L, the
/// hashes of the complete subtrees of height 8·L. A subtree of any other height is hashed up from
/// the stored level below it (at most 128 hashes).
public struct TileHashSource: SubtreeHashSource {
    /// Reads stored hashes: tile level, then the range of indexes at that level. Must return
    /// exactly one hash per index, or throw.
    public typealias Reader = @Sendable (_ level: Int, _ indexes: Range<Int64>) async throws -> [MerkleHash]

    private let read: Reader

    public init(reading read: @escaping Reader) {
        self.read = read
    }

    public func completeSubtree(height: Int, index: Int64) async throws -> MerkleHash {
        let stored = Self.storedHashes(height: height, index: index)
        let hashes = try await read(stored.level, stored.indexes)
        guard hashes.count == stored.indexes.count else {
            throw MerkleTreeError.missingHashes(level: stored.level, index: stored.indexes.lowerBound)
        }
        return MerkleHash.completeSubtree(hashes[...])
    }

    /// The stored hashes a complete subtree is hashed up from: at the tile level of its height,
    /// the 2^(height mod 8) hashes under it.
    public static func storedHashes(height: Int, index: Int64) -> StoredHashes {
        let count = Int64(1) << (height % TileGeometry.heightPerLevel)
        return StoredHashes(level: height / TileGeometry.heightPerLevel, indexes: index * count ..< (index + 1) * count)
    }
}

/// A run of stored hashes at one tile level: what `TileHashSource` reads for one subtree.
public struct StoredHashes: Hashable, Sendable {
    public let level: Int
    public let indexes: Range<Int64>

    public init(level: Int, indexes: Range<Int64>) {
        self.level = level
        self.indexes = indexes
    }
}

/// The arithmetic of tlog-tiles: 256 hashes per tile, tile level L holding subtrees of height 8·L.
public enum TileGeometry {
    /// Hashes in a full tile.
    public static let width: Int64 = 256
    /// Tree height spanned by one tile level.
    public static let heightPerLevel = 8

    /// How many complete hashes tile level `level` has in a tree of `size` leaves.
    public static func hashCount(level: Int, size: Int64) -> Int64 {
        level * heightPerLevel >= 63 ? 0 : size >> Int64(level * heightPerLevel)
    }
}
