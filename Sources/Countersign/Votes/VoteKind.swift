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
    /// approval, the JCS bytes of {"countersign":"rejection/v1","statement","digest"} for a rejection.
    public func payload(for statement: SignedStatement) -> [UInt8] {
        switch self {
        case .approve:
            statement.canonicalBytes
        case .reject:
            JCS.canonicalize(.object([
                "countersign": "rejection/v1", "statement": .string(statement.id), "digest": .string(statement.digest),
            ]))
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
