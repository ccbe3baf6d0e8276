import CountersignTLog

/// A tree kept the way the server keeps it (tile-level hashes, grown by `TreeGrowth`), in memory,
/// and the RFC's recursive MTH computed naively from all leaves, to check one against the other.
actor InMemoryTree {
    private var stored: [Int: [MerkleHash]] = [:]
    private(set) var leaves: [MerkleHash] = []

    func append(_ entries: [[UInt8]]) async throws {
        let hashes = entries.map(MerkleHash.leaf)
        let snapshot = stored
        let added = try await TreeGrowth.hashesToStore(oldSize: Int64(leaves.count), appending: hashes) { level, range in
            Array((snapshot[level] ?? [])[Int(range.lowerBound)..<min(Int(range.upperBound), snapshot[level]?.count ?? 0)])
        }
        for hash in added {
            precondition(Int(hash.index) == stored[hash.level, default: []].count, "stored hashes arrive in index order")
            stored[hash.level, default: []].append(hash.hash)
        }
        leaves += hashes
    }

    func source() -> TileHashSource {
        let snapshot = stored
        return TileHashSource { level, range in
            let hashes = snapshot[level] ?? []
            guard range.upperBound <= hashes.count else { return [] }
            return Array(hashes[Int(range.lowerBound)..<Int(range.upperBound)])
        }
    }

    func storedCount(level: Int) -> Int { stored[level]?.count ?? 0 }

    /// The stored hashes at `level` in `indexes`, as many as there are.
    func hashes(level: Int, indexes: Range<Int64>) -> [MerkleHash] {
        let hashes = stored[level] ?? []
        return Array(hashes[min(Int(indexes.lowerBound), hashes.count)..<min(Int(indexes.upperBound), hashes.count)])
    }

    /// MTH(D[0:n]) straight from RFC 9162's definition.
    static func naiveRoot(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        if leaves.isEmpty { return .empty }
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        var k = 1
        while k << 1 < leaves.count { k <<= 1 }
        let split = leaves.startIndex + k
        return .node(naiveRoot(leaves[..<split]), naiveRoot(leaves[split...]))
    }
}

