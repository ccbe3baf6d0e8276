import CountersignJSON

/// Approve or reject: each signs its own payload and carries its own "typ", so that no verifier
/// can count a rejection as an approval or the other way round (docs/formats.md).
public enum VoteKind: String, Sendable, Hashable {
    case approve
    case reject

    /// The "typ" header parameter a vote of this kind must carry.
    public var type: String {
        switch self {
        case .approve: "countersign-approval+jws"
        case .reject: "countersign-rejection+jws"
        }
    }

    /// The exact payload a vote of this kind signs: the statement document's JCS bytes for an
    /// approval; for a rejection without a reason the JCS bytes of
    /// {"countersign":"rejection/v1","statement","digest"}, and with one the JCS bytes of
    /// {"countersign":"rejection/v2","statement","digest","reason"} (`RejectionPayload`). An
    /// approval carries no reason (`VoteVerifier` refuses one).
    public func payload(for statement: SignedStatement, reason: VoteReason? = nil) -> [UInt8] {
        switch self {
        case .approve:
            statement.canonicalBytes
        case .reject:
            RejectionPayload(statement: statement, reason: reason).canonicalBytes
        }
    }
}

/// What votes sign about a statement: its id, its canonical document bytes and their digest.
public struct SignedStatement: Sendable, Hashable {
    public let id: String
    /// JCS bytes of the statement document (docs/policies.md).
    public let canonicalBytes: [UInt8]
    /// Base64url SHA-256 of `canonicalBytes`.
    public let digest: String

    public init(id: String, canonicalBytes: [UInt8], digest: String) {
        self.id = id
        self.canonicalBytes = canonicalBytes
        self.digest = digest
    }
}
