import Foundation

/// Verification of a run of audit events: every hash recomputed, every link checked.
public enum AuditChain {
    /// Why a chain does not verify; `seq` names the first event at fault.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case hashMismatch(seq: Int64)
        case brokenLink(seq: Int64)
        case sequenceGap(expected: Int64, found: Int64)
        case headMismatch(expected: String, found: String)

        public var code: String {
            switch self {
            case .hashMismatch: "audit_hash_mismatch"
            case .brokenLink: "audit_broken_link"
            case .sequenceGap: "audit_sequence_gap"
            case .headMismatch: "audit_head_mismatch"
            }
        }

        public var description: String {
            switch self {
            case .hashMismatch(let seq): "event \(seq) does not hash to its recorded hash (it was changed)"
            case .brokenLink(let seq): "event \(seq) does not link to the event before it (events were removed or reordered)"
            case .sequenceGap(let expected, let found): "expected event \(expected), found \(found)"
            case .headMismatch(let expected, let found): "the chain ends in \(found), the checkpoint says \(expected)"
            }
        }
    }

    /// Verifies consecutive events. `previousHash` is the hash of the event before the first one
    /// given (`AuditEvent.genesis` when the run starts at seq 1). Returns the head hash.
    @discardableResult
    public static func verify(_ events: [AuditEvent], previousHash: String = AuditEvent.genesis) throws(Failure) -> String {
        var head = previousHash
        var expectedSeq = events.first?.seq ?? 1
        for event in events {
            guard event.seq == expectedSeq else { throw .sequenceGap(expected: expectedSeq, found: event.seq) }
            guard event.prev == head else { throw .brokenLink(seq: event.seq) }
            guard event.expectedHash == event.hash else { throw .hashMismatch(seq: event.seq) }
            head = event.hash
            expectedSeq += 1
        }
        return head
    }
}
