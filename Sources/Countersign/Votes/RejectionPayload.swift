import CountersignJSON

/// What a rejection signs (docs/formats.md, CONTRACT). Two versions, both accepted for ever:
///
/// - `rejection/v1`: JCS of {"countersign":"rejection/v1","statement","digest"}, a rejection
///   without a reason (and every rejection made before reasons existed);
/// - `rejection/v2`: JCS of {"countersign":"rejection/v2","statement","digest","reason"}, where
///   "reason" is exactly the text the member typed (`VoteReason`): the reason is signed by the
///   member's key, like the rest of the payload.
///
/// A rejection without a reason is always written as v1, so that verifiers that know only v1 keep
/// verifying it. Neither version can ever be read as an approval: an approval signs the statement
/// document itself and carries another "typ".
public struct RejectionPayload: Sendable, Hashable {
    public static let formatV1 = "rejection/v1"
    public static let formatV2 = "rejection/v2"

    public let statement: String
    public let digest: String
    /// The signed reason; nil for v1.
    public let reason: VoteReason?

    public init(statement: SignedStatement, reason: VoteReason?) {
        self.statement = statement.id
        self.digest = statement.digest
        self.reason = reason
    }

    /// "rejection/v2" with a reason, "rejection/v1" without.
    public var format: String { reason == nil ? Self.formatV1 : Self.formatV2 }

    /// The payload's JCS bytes: what the member's key signs.
    public var canonicalBytes: [UInt8] {
        var object: JSONObject = ["countersign": .string(format), "statement": .string(statement), "digest": .string(digest)]
        if let reason { object["reason"] = .string(reason.text) }
        return JCS.canonicalize(.object(object))
    }

    /// Reads a signed rejection payload about `statement` back: it must be exactly the JCS bytes
    /// of a v1 or v2 payload for this statement (so that what verifies is what is shown), with a
    /// reason that keeps `VoteReason`'s rules. Nil when it is not.
    public static func read(_ bytes: [UInt8], for statement: SignedStatement) -> RejectionPayload? {
        guard let value = try? JSONParser(limits: .init(maxBytes: 16 * 1024, maxDepth: 2)).parse(bytes),
              let object = value.objectValue
        else { return nil }
        var reason: VoteReason?
        let format = object["countersign"]?.stringValue
        if format == formatV1 {
            guard object.count == 3 else { return nil }
        } else if format == formatV2 {
            guard object.count == 4, let text = object["reason"]?.stringValue, let valid = try? VoteReason(text) else { return nil }
            reason = valid
        } else {
            return nil
        }
        let payload = RejectionPayload(statement: statement, reason: reason)
        return payload.canonicalBytes == bytes ? payload : nil
    }
}
