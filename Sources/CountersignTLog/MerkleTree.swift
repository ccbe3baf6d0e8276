/// Roots and proofs of a Merkle tree log, as RFC 9162 section 2.1 defines them (the same as RFC
/// 6962's): the root MTH, inclusion proofs (PATH) and consistency proofs (PROOF), computed from
/// a `SubtreeHashSource`, and verified from the proof alone.
public enum MerkleTree {
    // MARK: Computing

    /// MTH(D[0:size]).
    public static func root(size: Int64, from source: some SubtreeHashSource) async throws -> MerkleHash {
        guard size > 0 else { return .empty }
        return try await hash(of: 0..<size, from: source)
    }

    /// MTH(D[range]) for a non-empty range: a complete aligned subtree is read, anything else is
    /// split at the largest power of two below its length, as the RFC's definition does.
    public static func hash(of range: Range<Int64>, from source: some SubtreeHashSource) async throws -> MerkleHash {
        let count = range.count64
        precondition(count > 0, "MTH of an empty range is the empty root")
        if count & (count - 1) == 0, range.lowerBound % count == 0 {
            return try await source.completeSubtree(height: count.trailingZeroBitCount, index: range.lowerBound / count)
        }
        let k = largestPowerOfTwo(below: count)
        let left = try await hash(of: range.lowerBound ..< range.lowerBound + k, from: source)
        let right = try await hash(of: range.lowerBound + k ..< range.upperBound, from: source)
        return .node(left, right)
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves, from the leaf's sibling
    /// up to the root's child (PATH(m, D[n])).
    public static func inclusionProof(index: Int64, size: Int64, from source: some SubtreeHashSource) async throws -> [MerkleHash] {
        guard index >= 0, index < size else { throw MerkleTreeError.indexOutOfRange(index: index, size: size) }
        return try await path(index - 0, in: 0..<size, from: source)
    }

    private static func path(_ m: Int64, in range: Range<Int64>, from source: some SubtreeHashSource) async throws -> [MerkleHash] {
        let n = range.count64
        guard n > 1 else { return [] }
        let k = largestPowerOfTwo(below: n)
        let split = range.lowerBound + k
        if m < k {
            return try await path(m, in: range.lowerBound..<split, from: source) + [hash(of: split..<range.upperBound, from: source)]
        }
        return try await path(m - k, in: split..<range.upperBound, from: source) + [hash(of: range.lowerBound..<split, from: source)]
    }

    /// The consistency proof from the tree of `oldSize` leaves to the one of `newSize`
    /// (PROOF(m, D[n])); empty when either tree is empty or they are the same size.
    public static func consistencyProof(oldSize: Int64, newSize: Int64, from source: some SubtreeHashSource) async throws -> [MerkleHash] {
        guard oldSize >= 0, oldSize <= newSize else { throw MerkleTreeError.sizesOutOfOrder(old: oldSize, new: newSize) }
        guard oldSize > 0, oldSize < newSize else { return [] }
        return try await subproof(oldSize, in: 0..<newSize, complete: true, from: source)
    }

    private static func subproof(
        _ m: Int64, in range: Range<Int64>, complete: Bool, from source: some SubtreeHashSource
    ) async throws -> [MerkleHash] {
        let n = range.count64
        if m == n {
            return complete ? [] : [try await hash(of: range, from: source)]
        }
        let k = largestPowerOfTwo(below: n)
        let split = range.lowerBound + k
        if m <= k {
            return try await subproof(m, in: range.lowerBound..<split, complete: complete, from: source)
                + [hash(of: split..<range.upperBound, from: source)]
        }
        return try await subproof(m - k, in: split..<range.upperBound, complete: false, from: source)
            + [hash(of: range.lowerBound..<split, from: source)]
    }

    // MARK: Verifying

    /// Whether `proof` shows the leaf with `leafHash` at `index` in the tree of `size` leaves
    /// whose root is `root` (RFC 9162 section 2.1.3.2).
    public static func verifyInclusion(
        leafHash: MerkleHash, index: Int64, size: Int64, proof: [MerkleHash], root: MerkleHash
    ) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                climbPastRightEdge(&fn, &sn)
            } else {
                r = .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `oldSize` leaves with root `oldRoot` is a prefix of
    /// the tree of `newSize` leaves with root `newRoot` (RFC 9162 section 2.1.4.2).
    public static func verifyConsistency(
        oldSize: Int64, oldRoot: MerkleHash, newSize: Int64, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr)
                sr = .node(c, sr)
                climbPastRightEdge(&fn, &sn)
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    /// Both verification algorithms' step for a node on the tree's right edge (fn == sn, fn even):
    /// shift until fn is odd or zero, skipping the levels where the node had no sibling.
    private static func climbPastRightEdge(_ fn: inout Int64, _ sn: inout Int64) {
        guard fn & 1 == 0 else { return }
        repeat {
            fn >>= 1
            sn >>= 1
        } while fn & 1 == 0 && fn != 0
    }

    /// The largest power of two strictly below `n` (n > 1).
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        var k: Int64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// Why a root or proof could not be computed.
public enum MerkleTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: Int64, size: Int64)
    case sizesOutOfOrder(old: Int64, new: Int64)
    case missingHashes(level: Int, index: Int64)

    public var description: String {
        switch self {
        case .indexOutOfRange(let index, let size): "leaf \(index) is not in a tree of \(size) leaves"
        case .sizesOutOfOrder(let old, let new): "no consistency proof from a tree of \(old) leaves to one of \(new)"
        case .missingHashes(let level, let index): "the log has no stored hash at tile level \(level), index \(index)"
        }
    }
}

extension Range where Bound == Int64 {
    var count64: Int64 { upperBound - lowerBound }
}
