/// What appending leaves adds to the stored hashes of a tiled tree: every leaf hash (tile level 0)
/// and, at each level above, the hash of every tile of the level below that the new leaves
/// completed. Nothing stored ever changes; partial tiles are read from the complete hashes.
public enum TreeGrowth {
    /// One hash to store: tile level, index within the level, hash.
    public struct StoredHash: Sendable, Hashable {
        public let level: Int
        public let index: Int64
        public let hash: MerkleHash
    }

    /// The hashes to store when the tree of `oldSize` leaves grows by `leaves`. `read` gives hashes
    /// stored before (only complete tiles' worth at a level below are ever needed, and only those
    /// the new leaves did not themselves provide).
    public static func hashesToStore(
        oldSize: Int64, appending leaves: [MerkleHash], reading read: TileHashSource.Reader
    ) async throws -> [StoredHash] {
        var added: [StoredHash] = leaves.enumerated().map { StoredHash(level: 0, index: oldSize + Int64($0.offset), hash: $0.element) }
        let newSize = oldSize + Int64(leaves.count)
        var fresh: [Int: [Int64: MerkleHash]] = [0: Dictionary(uniqueKeysWithValues: added.map { ($0.index, $0.hash) })]
        var level = 1
        while TileGeometry.hashCount(level: level, size: newSize) > 0 {
            let before = TileGeometry.hashCount(level: level, size: oldSize)
            let after = TileGeometry.hashCount(level: level, size: newSize)
            guard after > before else { break }
            var made: [Int64: MerkleHash] = [:]
            for index in before..<after {
                let range = index * TileGeometry.width ..< (index + 1) * TileGeometry.width
                let below = try await hashes(level: level - 1, range: range, fresh: fresh[level - 1] ?? [:], read: read)
                let hash = MerkleHash.completeSubtree(below[...])
                made[index] = hash
                added.append(StoredHash(level: level, index: index, hash: hash))
            }
            fresh[level] = made
            level += 1
        }
        return added
    }

    private static func hashes(
        level: Int, range: Range<Int64>, fresh: [Int64: MerkleHash], read: TileHashSource.Reader
    ) async throws -> [MerkleHash] {
        let storedEnd = range.first { fresh[$0] != nil } ?? range.upperBound
        var result = storedEnd > range.lowerBound ? try await read(level, range.lowerBound..<storedEnd) : []
        guard result.count == Int(storedEnd - range.lowerBound) else {
            throw MerkleTreeError.missingHashes(level: level, index: range.lowerBound)
        }
        for index in storedEnd..<range.upperBound {
            guard let hash = fresh[index] else { throw MerkleTreeError.missingHashes(level: level, index: index) }
            result.append(hash)
        }
        return result
    }
}
