import CountersignJSON
import Crypto

/// Details of an audit event that not every reader may see (a client's IP address), kept in the
/// hash chain without being shown to everyone.
///
/// An event's `details` may hold a member `"private"`: an object the server writes with a random
/// `"salt"` beside what it hides. The chain does not hash that object itself but its commitment,
/// `{"sha256": base64url(SHA-256(JCS(private)))}`. Whoever may see the private part gets the event
/// as stored; everyone else gets `redacted`, whose `"private"` is the commitment. Both forms hash
/// to the same `hash`, so both verify against the same chain and checkpoints; the salt makes the
/// commitment impossible to reverse by trying every IP address.
extension AuditEvent {
    /// The member of `details` that holds the private part.
    public static let privateDetailsKey = "private"

    /// The event as shown to a reader who may not see private details: its `"private"` replaced
    /// by the commitment. The hash is unchanged.
    public var redacted: AuditEvent {
        AuditEvent(
            seq: seq, at: at, actor: actor, action: action, subject: subject, details: Self.committing(details), prev: prev, hash: hash)
    }

    /// Whether the event carries a private part that is not yet replaced by its commitment.
    public var hasPrivateDetails: Bool {
        guard let part = details.objectValue?[Self.privateDetailsKey] else { return false }
        return !Self.isCommitment(part)
    }

    /// `details` with its private part replaced by the commitment (a commitment stays as it is);
    /// what the chain hashes.
    static func committing(_ details: JSONValue) -> JSONValue {
        guard var object = details.objectValue, let part = object[privateDetailsKey], !isCommitment(part) else { return details }
        object[privateDetailsKey] = .object(["sha256": .string(Base64URL.encode(SHA256.hash(data: JCS.canonicalize(part))))])
        return .object(object)
    }

    private static func isCommitment(_ value: JSONValue) -> Bool {
        guard let object = value.objectValue, Array(object.keys).count == 1, let digest = object["sha256"]?.stringValue else { return false }
        return (try? Base64URL.decode(digest))?.count == 32
    }
}
