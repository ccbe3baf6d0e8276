import CountersignTLog
import Testing

@Suite("Merkle tree: roots, inclusion and consistency proofs (RFC 9162 section 2.1)")
struct MerkleTreeTests {
    static func entries(_ range: Range<Int>) -> [[UInt8]] {
        range.map { Array("entry \($0)".utf8) }
    }

    @Test("the tiled root equals the RFC's MTH at every size, grown in uneven steps")
    func tiledRootMatchesDefinition() async throws {
        let tree = InMemoryTree()
        var size = 0
        for step in [1, 2, 5, 100, 148, 1, 255, 256, 300, 1] {
            try await tree.append(Self.entries(size..<size + step))
            size += step
            let leaves = await tree.leaves
            let root = try await MerkleTree.root(size: Int64(size), from: await tree.source())
            #expect(root == InMemoryTree.naiveRoot(leaves[...]), "size \(size)")
        }
        // 1,269 leaves: four full level-0 tiles hashed into level 1, none at level 2.
        #expect(await tree.storedCount(level: 1) == 4)
        #expect(await tree.storedCount(level: 2) == 0)
    }

    @Test("every inclusion proof verifies, and a changed proof, index or leaf does not")
    func inclusionProofs() async throws {
        let tree = InMemoryTree()
        try await tree.append(Self.entries(0..<70))
        let source = await tree.source()
        let leaves = await tree.leaves
        for size in [1, 2, 3, 7, 8, 9, 64, 70] {
            let root = InMemoryTree.naiveRoot(leaves[..<size])
            for index in 0..<size {
                let proof = try await MerkleTree.inclusionProof(index: Int64(index), size: Int64(size), from: source)
                let leaf = leaves[index]
                #expect(MerkleTree.verifyInclusion(leafHash: leaf, index: Int64(index), size: Int64(size), proof: proof, root: root))
                #expect(!MerkleTree.verifyInclusion(leafHash: .leaf([1]), index: Int64(index), size: Int64(size), proof: proof, root: root))
                if size > 1 {
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: Int64((index + 1) % size), size: Int64(size), proof: proof, root: root))
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: Int64(index), size: Int64(size), proof: Array(proof.dropLast()), root: root))
                    var altered = proof
                    altered[0] = .leaf([2])
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: Int64(index), size: Int64(size), proof: altered, root: root))
                }
            }
        }
        await #expect(throws: MerkleTreeError.indexOutOfRange(index: 5, size: 5)) {
            try await MerkleTree.inclusionProof(index: 5, size: 5, from: source)
        }
    }

    @Test("proofs computed together read their hashes once and equal the proofs computed one by one")
    func batchedInclusionProofs() async throws {
        let tree = InMemoryTree()
        try await tree.append(Self.entries(0..<70_000))
        let source = await tree.source()
        for size in [1, 2, 257, 65_536, 69_999, 70_000] {
            let indexes = [0, size / 3, size / 2, size - 1, size / 3].map(Int64.init)
            var reads = 0
            let together = try await MerkleTree.inclusionProofs(indexes: indexes, size: Int64(size)) { runs in
                reads += 1
                var fetched: [StoredHashes: [MerkleHash]] = [:]
                for run in runs { fetched[run] = await tree.hashes(level: run.level, indexes: run.indexes) }
                return fetched
            }
            #expect(reads == 1)
            for (index, proof) in zip(indexes, together) {
                #expect(proof == (try await MerkleTree.inclusionProof(index: index, size: Int64(size), from: source)), "size \(size) index \(index)")
            }
        }
        // A run the reader leaves out fails the proofs instead of yielding a wrong one.
        await #expect(throws: MerkleTreeError.self) {
            try await MerkleTree.inclusionProofs(indexes: [3], size: 70_000) { runs in
                var fetched: [StoredHashes: [MerkleHash]] = [:]
                for run in runs.dropFirst() { fetched[run] = await tree.hashes(level: run.level, indexes: run.indexes) }
                return fetched
            }
        }
    }

    @Test("every consistency proof verifies, and one against another history does not")
    func consistencyProofs() async throws {
        let tree = InMemoryTree()
        try await tree.append(Self.entries(0..<40))
        let fork = InMemoryTree()
        try await fork.append(Self.entries(0..<20) + [Array("forged".utf8)] + Self.entries(21..<40))
        let source = await tree.source()
        let leaves = await tree.leaves
        let forkLeaves = await fork.leaves
        for newSize in 1...40 {
            let newRoot = InMemoryTree.naiveRoot(leaves[..<newSize])
            for oldSize in 0...newSize {
                let oldRoot = InMemoryTree.naiveRoot(leaves[..<oldSize])
                let proof = try await MerkleTree.consistencyProof(oldSize: Int64(oldSize), newSize: Int64(newSize), from: source)
                #expect(MerkleTree.verifyConsistency(oldSize: Int64(oldSize), oldRoot: oldRoot, newSize: Int64(newSize), newRoot: newRoot, proof: proof),
                        "\(oldSize) -> \(newSize)")
                if oldSize > 20 {
                    // The fork agrees up to entry 20 and differs after: no proof links its old root to ours.
                    let forkRoot = InMemoryTree.naiveRoot(forkLeaves[..<oldSize])
                    #expect(!MerkleTree.verifyConsistency(oldSize: Int64(oldSize), oldRoot: forkRoot, newSize: Int64(newSize), newRoot: newRoot, proof: proof))
                }
                if oldSize > 0 && oldSize < newSize {
                    var altered = proof
                    altered[altered.count - 1] = .leaf([9])
                    #expect(!MerkleTree.verifyConsistency(oldSize: Int64(oldSize), oldRoot: oldRoot, newSize: Int64(newSize), newRoot: newRoot, proof: altered))
                }
            }
        }
        #expect(!MerkleTree.verifyConsistency(oldSize: 5, oldRoot: .empty, newSize: 4, newRoot: .empty, proof: []))
    }

    @Test("leaf and node hashes are domain-separated SHA-256")
    func hashing() {
        // SHA-256 of the empty string.
        #expect(MerkleHash.empty.base64 == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        // SHA-256(0x00): the leaf hash of an empty entry.
        #expect(MerkleHash.leaf([]).base64 == "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=")
        #expect(MerkleHash.node(.leaf([]), .leaf([])) != MerkleHash.leaf(MerkleHash.leaf([]).bytes + MerkleHash.leaf([]).bytes))
    }
}

@Suite("Tree frontier: a monitor's compact view of a tree")
struct TreeFrontierTests {
    @Test("the frontier's root is the RFC's MTH at every size, and it survives being stored and read back")
    func frontierRoot() {
        var frontier = TreeFrontier()
        var leaves: [MerkleHash] = []
        #expect(frontier.root == .empty)
        for n in 0..<300 {
            let leaf = MerkleHash.leaf(Array("entry \(n)".utf8))
            leaves.append(leaf)
            frontier.append(leaf)
            #expect(frontier.root == InMemoryTree.naiveRoot(leaves[...]), "size \(n + 1)")
            #expect(TreeFrontier(size: frontier.size, hashes: frontier.hashes) == frontier)
        }
        #expect(TreeFrontier(size: 5, hashes: [.empty]) == nil)
    }
}
