import Foundation

/// Verifies an audit log page by page as it arrives (docs/api.md): every event's hash, every
/// link, no gap from seq 1, and each signed checkpoint's head equal to the hash of the event at
/// its size. Holds only the running head, so a long log never needs to be in memory at once.
/// Pure: `countersign audit verify` feeds it the pages it fetched or read from an export.
public struct AuditChainWalk: Sendable {
    /// Why the log does not verify, at which seq.
    public struct Break: Error, CustomStringConvertible {
        public let seq: Int64
        public let code: String
        public let reason: String
        public var description: String { "\(reason) [\(code)]" }

        public init(seq: Int64, code: String, reason: String) {
            self.seq = seq
            self.code = code
            self.reason = reason
        }
    }

    public private(set) var count: Int64 = 0
    public private(set) var head = AuditEvent.genesis
    private let checkpoints: [AuditCheckpoint]

    /// `checkpoints` are already signature-checked.
    public init(checkpoints: [AuditCheckpoint]) {
        self.checkpoints = checkpoints
    }

    /// Checks the next run of events; they must continue from the last one checked.
    public mutating func add(_ events: [AuditEvent]) throws(Break) {
        guard let first = events.first else { return }
        guard first.seq == count + 1 else {
            throw Break(seq: count + 1, code: "audit_sequence_gap", reason: "expected event \(count + 1), found \(first.seq)")
        }
        do throws(AuditChain.Failure) {
            head = try AuditChain.verify(events, previousHash: head)
        } catch {
            throw Break(seq: Self.seq(of: error), code: error.code, reason: error.description)
        }
        for event in events {
            for checkpoint in checkpoints where checkpoint.size == event.seq && checkpoint.head != event.hash {
                throw Break(
                    seq: event.seq, code: "audit_head_mismatch",
                    reason: "the checkpoint of \(Timestamp.format(checkpoint.at)) says event \(event.seq) hashes to \(checkpoint.head), the log says \(event.hash)")
            }
        }
        count = events.last?.seq ?? count
    }

    /// Checks that no checkpoint covers more events than the log holds (events removed at the end).
    public func finish() throws(Break) {
        for checkpoint in checkpoints where checkpoint.size > count {
            throw Break(
                seq: count + 1, code: "audit_truncated",
                reason: "a checkpoint covers \(checkpoint.size) events but the log ends at \(count) (events were removed)")
        }
    }

    private static func seq(of failure: AuditChain.Failure) -> Int64 {
        switch failure {
        case .hashMismatch(let seq), .brokenLink(let seq): seq
        case .sequenceGap(let expected, _): expected
        case .headMismatch: 0
        }
    }
}
