import Synchronization

extension MerkleTree {
    /// The inclusion proofs of leaves `indexes` in the tree of `size` leaves, with every stored hash
    /// they need read in one call of `read` rather than one read per subtree.
    ///
    /// Which subtrees a proof needs depends only on the index and the size, never on the hashes,
    /// so a first pass over a source that only notes what it is asked for finds them all; `read`
    /// fetches them; a second pass computes the proofs from what it returned. On PostgreSQL, where
    /// each read is a network round trip, an evidence bundle's dozen proofs went from hundreds of
    /// reads to one or two statements (docs/PERFORMANCE.md). `read` must return every run it is
    /// given, each with exactly one hash per index; a missing one fails as
    /// `MerkleTreeError.missingHashes`.
    public static func inclusionProofs(
        indexes: [Int64], size: Int64, reading read: ([StoredHashes]) async throws -> [StoredHashes: [MerkleHash]]
    ) async throws -> [[MerkleHash]] {
        let wanted = WantedHashes()
        for index in indexes { _ = try await inclusionProof(index: index, size: size, from: wanted) }
        let fetched = try await read(wanted.runs)
        let source = FetchedHashes(fetched)
        var proofs: [[MerkleHash]] = []
        proofs.reserveCapacity(indexes.count)
        for index in indexes { proofs.append(try await inclusionProof(index: index, size: size, from: source)) }
        return proofs
    }
}

/// Notes the stored hashes each subtree asked for would need, and answers with a placeholder.
private final class WantedHashes: SubtreeHashSource {
    private let noted = Mutex<(runs: [StoredHashes], seen: Set<StoredHashes>)>(([], []))

    var runs: [StoredHashes] { noted.withLock { $0.runs } }

    func completeSubtree(height: Int, index: Int64) async throws -> MerkleHash {
        let stored = TileHashSource.storedHashes(height: height, index: index)
        noted.withLock { noted in
            if noted.seen.insert(stored).inserted { noted.runs.append(stored) }
        }
        return .empty
    }
}

/// Answers subtrees from hashes read beforehand.
private struct FetchedHashes: SubtreeHashSource {
    private let tiles: TileHashSource

    init(_ fetched: [StoredHashes: [MerkleHash]]) {
        tiles = TileHashSource { level, indexes in
            guard let hashes = fetched[StoredHashes(level: level, indexes: indexes)] else {
                throw MerkleTreeError.missingHashes(level: level, index: indexes.lowerBound)
            }
            return hashes
        }
    }

    func completeSubtree(height: Int, index: Int64) async throws -> MerkleHash {
        try await tiles.completeSubtree(height: height, index: index)
    }
}
