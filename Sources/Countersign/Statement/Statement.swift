import CountersignJSON
import Foundation

/// A statement that members approve (docs/policies.md): its id, title, JSON content, creator,
/// creation and expiry times, and the policy that decides it.
///
/// A value is always valid and frozen: the initialisers check every field, and the document
/// bytes and digest that approvals sign are computed once, at creation.
public struct Statement: Sendable, Hashable {
    /// Largest content, in canonical (JCS) bytes: 1 MiB.
    public static let maximumContentBytes = 1 << 20
    /// Deepest content nesting (arrays and objects).
    public static let maximumContentDepth = 64
    /// Longest title, in characters.
    public static let maximumTitleLength = 200

    /// The statement's identifier.
    public let id: StatementID
    /// One line of text, 1 to 200 characters.
    public let title: String
    /// Any I-JSON value.
    public let content: JSONValue
    /// Who created the statement.
    public let creator: MemberID
    /// Creation time, whole seconds.
    public let createdAt: Date
    /// The statement's own expiry, whole seconds, if it has one (the policy's `expiresAfter` also applies).
    public let expiresAt: Date?
    /// The policy that decides the statement.
    public let policy: Policy
    /// The JCS bytes of the statement document: what approvals sign.
    public let canonicalBytes: [UInt8]
    /// base64url(SHA-256(`canonicalBytes`)).
    public let digest: String

    /// Validates and freezes a statement. `createdAt` and `expiresAt` are rounded down to whole
    /// seconds, the precision of the document.
    public init(
        id: StatementID, title: String, content: JSONValue, creator: MemberID, createdAt: Date,
        expiresAt: Date? = nil, policy: Policy
    ) throws(StatementError) {
        try Self.validateTitle(title)
        try Self.validateContent(content)
        let created = try Self.wholeSeconds(createdAt, field: "createdAt")
        let expires = try expiresAt.map { date throws(StatementError) in try Self.wholeSeconds(date, field: "expiresAt") }
        if let expires, expires <= created { throw .expiresBeforeCreation }
        try StatementPolicyCheck.check(policy, creator: creator, lifetime: expires.map { Int64($0.timeIntervalSince(created)) })
        self.id = id
        self.title = title
        self.content = content
        self.creator = creator
        self.createdAt = created
        self.expiresAt = expires
        self.policy = policy
        canonicalBytes = JCS.canonicalize(Self.documentJSON(
            id: id, title: title, content: content, creator: creator, createdAt: created, expiresAt: expires, policy: policy))
        digest = Self.digest(of: canonicalBytes)
    }

    /// When the statement expires: the earlier of `expiresAt` and `createdAt` + the policy's
    /// `expiresAfter`, or nil when neither is set.
    public var effectiveExpiry: Date? {
        let afterPolicy = policy.expiresAfter.map { createdAt.addingTimeInterval(Double($0.seconds)) }
        switch (expiresAt, afterPolicy) {
        case (let own?, let fromPolicy?): return min(own, fromPolicy)
        case (let own, let fromPolicy): return own ?? fromPolicy
        }
    }

    private static func validateTitle(_ title: String) throws(StatementError) {
        guard !title.allSatisfy(\.isWhitespace) else { throw .invalidTitle("a title cannot be empty or blank") }
        guard title.count <= maximumTitleLength else { throw .invalidTitle("a title has at most \(maximumTitleLength) characters") }
        for scalar in title.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029:
                throw .invalidTitle("a title is one line of text, without control characters or line breaks")
            default: continue
            }
        }
    }

    private static func validateContent(_ content: JSONValue) throws(StatementError) {
        try checkContent(content, depth: 0)
        let size = JCS.canonicalize(content).count
        guard size <= maximumContentBytes else { throw .contentTooLarge(bytes: size, limit: maximumContentBytes) }
    }

    /// Depth and numbers, stopping at the depth limit so that a deep value built in code cannot
    /// exhaust the stack.
    private static func checkContent(_ value: JSONValue, depth: Int) throws(StatementError) {
        switch value {
        case .number(let number):
            guard number.isFinite else { throw .contentNotIJSON("\(number) is not a finite number") }
        case .array(let elements):
            guard depth < maximumContentDepth else { throw .contentTooDeep(limit: maximumContentDepth) }
            for element in elements { try checkContent(element, depth: depth + 1) }
        case .object(let object):
            guard depth < maximumContentDepth else { throw .contentTooDeep(limit: maximumContentDepth) }
            for member in object { try checkContent(member.value, depth: depth + 1) }
        case .null, .bool, .string:
            break
        }
    }

    /// `date` rounded down to a whole second, within years 0001–9999.
    private static func wholeSeconds(_ date: Date, field: String) throws(StatementError) -> Date {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, interval >= -62_135_596_800, interval < 253_402_300_800 else {
            throw .invalidTimestamp(field: field, text: "\(interval) seconds since 1970")
        }
        return Date(timeIntervalSince1970: interval.rounded(.down))
    }
}
