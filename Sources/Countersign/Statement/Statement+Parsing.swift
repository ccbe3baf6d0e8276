import CountersignJSON
import Foundation

extension Statement {
    /// Bounds for statement document text: whitespace and escapes may make it larger than its
    /// canonical form, whose parts have their own limits; the content sits one level deep.
    static let documentLimits = JSONParser.Limits(maxBytes: 2 << 20, maxDepth: maximumContentDepth + 1)

    /// The document members, in the contract's order.
    static let documentFields = ["countersign", "id", "title", "content", "creator", "createdAt", "expiresAt", "policy"]

    /// Parses statement document text strictly: I-JSON, exactly the members of the contract,
    /// timestamps in the canonical form `2026-11-21T10:00:00Z`, a valid policy. Whitespace and
    /// member order are free; use `init(canonicalBytes:)` for bytes that were signed.
    public init(json bytes: some Collection<UInt8>) throws(StatementError) {
        let value: JSONValue
        do { value = try JSONParser(limits: Self.documentLimits).parse(bytes) } catch { throw .notJSON(error) }
        try self.init(document: value)
    }

    /// Parses the exact bytes that approvals sign (a JWS payload): as `init(json:)`, and the bytes
    /// must be the document's JCS canonical form, so that one statement has one byte string.
    public init(canonicalBytes bytes: [UInt8]) throws(StatementError) {
        try self.init(json: bytes)
        guard canonicalBytes == bytes else { throw .notCanonical }
    }

    /// Reads a parsed statement document strictly (see `init(json:)`).
    public init(document value: JSONValue) throws(StatementError) {
        guard let object = value.objectValue else { throw .notAnObject }
        for name in object.keys where !Self.documentFields.contains(name) { throw .unknownField(name) }
        for name in Self.documentFields where object[name] == nil { throw .missingField(name) }
        let format = try Self.string(object, "countersign")
        guard format == Countersign.statementFormat else { throw .unsupportedFormat(JCS.string(.string(format))) }
        let idText = try Self.string(object, "id")
        let id: StatementID
        do { id = try StatementID(idText) } catch { throw .invalidIdentifier(field: "id", error) }
        let creatorText = try Self.string(object, "creator")
        let creator: MemberID
        do { creator = try MemberID(creatorText) } catch { throw .invalidIdentifier(field: "creator", error) }
        let createdAt = try Self.timestamp(object, "createdAt")
        let expiresAt: Date? = object["expiresAt"] == .null ? nil : try Self.timestamp(object, "expiresAt")
        guard let policyValue = object["policy"] else { throw .missingField("policy") }
        guard let content = object["content"] else { throw .missingField("content") }
        let policy: Policy
        do { policy = try Policy(json: policyValue) } catch { throw .invalidPolicy(error) }
        try self.init(
            id: id, title: try Self.string(object, "title"), content: content, creator: creator, createdAt: createdAt,
            expiresAt: expiresAt, policy: policy)
    }

    private static func string(_ object: JSONObject, _ name: String) throws(StatementError) -> String {
        guard let value = object[name] else { throw .missingField(name) }
        guard let text = value.stringValue else { throw .wrongType(field: name, expected: "a string", found: value.typeName) }
        return text
    }

    /// Only the spelling Countersign writes is read back: a signed document must have one spelling
    /// per instant, so fractions, offsets and lowercase letters are refused here.
    private static func timestamp(_ object: JSONObject, _ name: String) throws(StatementError) -> Date {
        let expected = name == "expiresAt" ? "an RFC 3339 timestamp or null" : "an RFC 3339 timestamp"
        guard let value = object[name] else { throw .missingField(name) }
        guard let text = value.stringValue else { throw .wrongType(field: name, expected: expected, found: value.typeName) }
        guard let date = Timestamp.parse(text), Timestamp.format(date) == text else {
            throw .invalidTimestamp(field: name, text: text)
        }
        return date
    }
}
