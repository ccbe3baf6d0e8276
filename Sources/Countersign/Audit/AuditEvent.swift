import CountersignJSON
import Crypto
import Foundation

/// One entry of the tamper-evident audit log (docs/api.md, CONTRACT).
///
/// `hash` = SHA-256(prev || JCS(event without "hash")), where `prev` is the previous event's hash
/// (32 zero bytes before the first event) and a private part of `details` is hashed as its
/// commitment (`AuditEvent+PrivateDetails.swift`), so that a redacted copy verifies too. `prev` and `hash` are written as base64url; the hash
/// input uses the 32 raw bytes of `prev`, followed by the canonical JSON of the event, whose
/// "prev" member is the same value as base64url. Changing any event, or removing or reordering
/// events, changes every later hash.
public struct AuditEvent: Sendable, Hashable {
    public let seq: Int64
    public let at: Date
    public let actor: String
    public let action: String
    public let subject: String
    public let details: JSONValue
    /// Base64url of the previous event's hash.
    public let prev: String
    /// Base64url of this event's hash.
    public let hash: String

    /// The `prev` of the first event: 32 zero bytes.
    public static let genesis = Base64URL.encode([UInt8](repeating: 0, count: 32))

    /// Makes the event that follows `previous` (or the first event when nil), computing its hash.
    public static func next(
        after previous: AuditEvent?, at: Date, actor: String, action: String, subject: String, details: JSONValue
    ) -> AuditEvent {
        next(afterSeq: previous?.seq ?? 0, hash: previous?.hash ?? genesis, at: at, actor: actor, action: action, subject: subject, details: details)
    }

    /// The event that follows the one with `previousSeq` and `previousHash` (0 and `genesis` for
    /// the first event): all a writer needs to know of the chain's head.
    public static func next(
        afterSeq previousSeq: Int64, hash previousHash: String, at: Date, actor: String, action: String, subject: String, details: JSONValue
    ) -> AuditEvent {
        let seq = previousSeq + 1
        let prev = previousHash
        let hash = computeHash(seq: seq, at: at, actor: actor, action: action, subject: subject, details: details, prev: prev)
        return AuditEvent(seq: seq, at: at, actor: actor, action: action, subject: subject, details: details, prev: prev, hash: hash)
    }

    /// An event as stored or received; `verify` in `AuditChain` checks it.
    public init(
        seq: Int64, at: Date, actor: String, action: String, subject: String, details: JSONValue, prev: String, hash: String
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.prev = prev
        self.hash = hash
    }

    /// The hash this event's content implies (compare with `hash`).
    public var expectedHash: String {
        Self.computeHash(seq: seq, at: at, actor: actor, action: action, subject: subject, details: details, prev: prev)
    }

    /// The event without "hash", as hashed.
    var unhashedObject: JSONObject {
        Self.unhashedObject(seq: seq, at: at, actor: actor, action: action, subject: subject, details: details, prev: prev)
    }

    /// The event as JSON, as the API and exports show it.
    public var jsonObject: JSONObject {
        var object = unhashedObject
        object["hash"] = .string(hash)
        return object
    }

    private static func unhashedObject(
        seq: Int64, at: Date, actor: String, action: String, subject: String, details: JSONValue, prev: String
    ) -> JSONObject {
        [
            "seq": .number(Double(seq)), "at": .string(Timestamp.format(at)), "actor": .string(actor),
            "action": .string(action), "subject": .string(subject), "details": details, "prev": .string(prev),
        ]
    }

    private static func computeHash(
        seq: Int64, at: Date, actor: String, action: String, subject: String, details: JSONValue, prev: String
    ) -> String {
        var hasher = SHA256()
        // An unreadable prev hashes as given text; the chain check reports it separately.
        hasher.update(data: (try? Base64URL.decode(prev)) ?? Array(prev.utf8))
        hasher.update(data: JCS.canonicalize(.object(
            unhashedObject(seq: seq, at: at, actor: actor, action: action, subject: subject, details: committing(details), prev: prev))))
        return Base64URL.encode(hasher.finalize())
    }
}
