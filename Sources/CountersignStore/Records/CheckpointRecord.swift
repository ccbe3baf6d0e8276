import Foundation

/// A signed audit checkpoint: the compact JWS and what it covers.
public struct CheckpointRecord: Sendable, Hashable {
    public var size: Int64
    public var head: String
    public var at: Date
    public var jws: String

    public init(size: Int64, head: String, at: Date, jws: String) {
        self.size = size
        self.head = head
        self.at = at
        self.jws = jws
    }
}
