import CountersignTLog
import Foundation

/// A checkpoint of the transparency log as the server signed it, with the witnesses'
/// cosignature lines gathered for it since.
public struct LogCheckpointRecord: Sendable, Hashable {
    public var size: Int64
    public var root: MerkleHash
    /// The signed note as the log signed it (text, blank line, the log's signature line).
    public var note: String
    public var at: Date
    /// One cosignature line per witness ("— name base64\n"), by witness name.
    public var cosignatures: [String: String]

    public init(size: Int64, root: MerkleHash, note: String, at: Date, cosignatures: [String: String] = [:]) {
        self.size = size
        self.root = root
        self.note = note
        self.at = at
        self.cosignatures = cosignatures
    }

    /// The note with every cosignature line appended, as `GET /log/checkpoint` serves it.
    public var cosignedNote: String {
        note + cosignatures.keys.sorted().compactMap { cosignatures[$0] }.joined()
    }
}

/// What one sequencing batch did.
public struct LogBatch: Sendable, Hashable {
    /// The events it gave a seq, in order.
    public var sequenced: [Int64]
    /// The tree's size after it.
    public var size: Int64
    /// Whether pending events remain (the batch was full).
    public var more: Bool

    public init(sequenced: [Int64], size: Int64, more: Bool) {
        self.sequenced = sequenced
        self.size = size
        self.more = more
    }
}

/// Where the log stands, in one read: whether events wait to be sequenced, the tree's size, and
/// the size of the latest checkpoint (nil before the first).
public struct LogProgress: Sendable, Hashable {
    public var pending: Bool
    public var size: Int64
    public var checkpointSize: Int64?

    public init(pending: Bool, size: Int64, checkpointSize: Int64?) {
        self.pending = pending
        self.size = size
        self.checkpointSize = checkpointSize
    }
}
