import CountersignJSON
import Foundation

/// An audit event as an entry of the transparency log: the JCS bytes of the event as everyone may
/// see it (`redacted`: private details as their commitment), with its seq, chain link and hash.
/// The leaf index of the event with seq n is n - 1.
extension AuditEvent {
    /// The entry's bytes.
    public var logEntry: [UInt8] {
        JCS.canonicalize(.object(redacted.jsonObject))
    }

    /// The leaf index of this event in the log's Merkle tree.
    public var logIndex: Int64 { seq - 1 }

    /// Reads a log entry back into an event, strictly: exactly the members an entry has, and the
    /// bytes must be the canonical form of what they hold (so one event has one entry). The event's
    /// own hash is not checked here (`expectedHash`).
    public init(logEntry bytes: [UInt8]) throws(AuditEntryError) {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            throw .malformed("not JSON: \(error)")
        }
        guard let object = value.objectValue, Set(object.keys) == ["seq", "at", "actor", "action", "subject", "details", "prev", "hash"]
        else { throw .malformed("not an audit event object") }
        guard let seqNumber = object["seq"]?.numberValue, seqNumber >= 1, seqNumber == seqNumber.rounded(), seqNumber < 9_007_199_254_740_992,
            let atText = object["at"]?.stringValue, let at = Timestamp.parse(atText),
            let actor = object["actor"]?.stringValue, let action = object["action"]?.stringValue,
            let subject = object["subject"]?.stringValue, let details = object["details"],
            let prev = object["prev"]?.stringValue, let hash = object["hash"]?.stringValue
        else { throw .malformed("a member of the event has the wrong type") }
        self.init(seq: Int64(seqNumber), at: at, actor: actor, action: action, subject: subject, details: details, prev: prev, hash: hash)
        guard logEntry == bytes else { throw .malformed("the entry is not the canonical form of its event") }
    }
}

/// Why bytes are not a log entry of Countersign's audit log.
public enum AuditEntryError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let why): "not an audit log entry: \(why)"
        }
    }
}
