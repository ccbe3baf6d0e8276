/// The right edge of a tree: the roots of the complete subtrees that make up its first `size`
/// leaves, largest first (one per 1-bit of `size`). Enough to compute the tree's root, and to go on
/// appending leaves, without any other hash: a monitor that keeps the frontier of the last tree it
/// checked rebuilds the next tree's root from the new entries alone, which proves at once that the
/// new tree extends the old one and that the entries are the new tree's.
public struct TreeFrontier: Sendable, Hashable {
    public private(set) var size: Int64
    /// (height, hash) of each complete subtree, left to right.
    public private(set) var subtrees: [(height: Int, hash: MerkleHash)]

    public init() {
        size = 0
        subtrees = []
    }

    /// A frontier as stored: its size and its subtree hashes, largest first. Nil when the count of
    /// hashes does not match the size.
    public init?(size: Int64, hashes: [MerkleHash]) {
        guard size >= 0, size.nonzeroBitCount == hashes.count else { return nil }
        var heights: [Int] = []
        for bit in (0..<63).reversed() where size & (Int64(1) << Int64(bit)) != 0 { heights.append(bit) }
        self.size = size
        subtrees = zip(heights, hashes).map { (height: $0, hash: $1) }
    }

    public var hashes: [MerkleHash] { subtrees.map(\.hash) }

    /// Appends one leaf hash, merging equal-height subtrees as a binary counter carries.
    public mutating func append(_ leaf: MerkleHash) {
        var current = (height: 0, hash: leaf)
        while let last = subtrees.last, last.height == current.height {
            subtrees.removeLast()
            current = (height: current.height + 1, hash: .node(last.hash, current.hash))
        }
        subtrees.append(current)
        size += 1
    }

    /// MTH of the tree: the subtrees folded from the right, as RFC 9162's split at the largest
    /// power of two does.
    public var root: MerkleHash {
        guard var hash = subtrees.last?.hash else { return .empty }
        for subtree in subtrees.dropLast().reversed() { hash = .node(subtree.hash, hash) }
        return hash
    }

    public static func == (lhs: TreeFrontier, rhs: TreeFrontier) -> Bool {
        lhs.size == rhs.size && lhs.hashes == rhs.hashes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(hashes)
    }
}
