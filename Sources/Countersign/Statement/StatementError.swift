import CountersignJSON

/// Why a statement or a statement document (docs/policies.md) was refused.
public enum StatementError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONError)
    case notAnObject
    case unknownField(String)
    case missingField(String)
    case wrongType(field: String, expected: String, found: String)
    case unsupportedFormat(String)
    case invalidIdentifier(field: String, IdentifierError)
    case invalidTitle(String)
    case contentTooLarge(bytes: Int, limit: Int)
    case contentTooDeep(limit: Int)
    case contentNotIJSON(String)
    case invalidTimestamp(field: String, text: String)
    case expiresBeforeCreation
    case invalidPolicy(PolicyError)
    case policyCannotBeMet(String)
    case notCanonical

    /// A stable machine-readable code; a policy problem keeps the policy's own code.
    public var code: String {
        switch self {
        case .notJSON: "statement_not_json"
        case .notAnObject: "statement_not_object"
        case .unknownField: "statement_unknown_field"
        case .missingField: "statement_missing_field"
        case .wrongType: "statement_wrong_type"
        case .unsupportedFormat: "statement_format"
        case .invalidIdentifier: "statement_identifier"
        case .invalidTitle: "statement_title"
        case .contentTooLarge: "statement_content_too_large"
        case .contentTooDeep: "statement_content_too_deep"
        case .contentNotIJSON: "statement_content_not_ijson"
        case .invalidTimestamp: "statement_timestamp"
        case .expiresBeforeCreation: "statement_expires_before_creation"
        case .invalidPolicy(let error): error.code
        case .policyCannotBeMet: "statement_policy_cannot_be_met"
        case .notCanonical: "statement_not_canonical"
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let error): "the statement document is not valid JSON: \(error)"
        case .notAnObject: "a statement document must be a JSON object"
        case .unknownField(let name): "unknown field \"\(name)\" in the statement document"
        case .missingField(let name): "the statement document lacks the field \"\(name)\""
        case .wrongType(let field, let expected, let found): "\(field) must be \(expected), not \(found)"
        case .unsupportedFormat(let format):
            "\"countersign\" is \(format); this version reads \"\(Countersign.statementFormat)\" documents"
        case .invalidIdentifier(let field, let error): "\(field): \(error)"
        case .invalidTitle(let reason): "title: \(reason)"
        case .contentTooLarge(let bytes, let limit): "content is \(bytes) bytes in canonical form; the limit is \(limit)"
        case .contentTooDeep(let limit): "content nests deeper than \(limit) levels"
        case .contentNotIJSON(let reason): "content is not I-JSON: \(reason)"
        case .invalidTimestamp(let field, let text):
            "\(field) \"\(text)\" is not an RFC 3339 UTC timestamp with whole seconds between years 0001 and 9999, "
                + "like 2026-11-21T10:00:00Z"
        case .expiresBeforeCreation: "expiresAt must be later than createdAt"
        case .invalidPolicy(let error): "policy: \(error)"
        case .policyCannotBeMet(let reason): "the policy can never be met for this statement: \(reason)"
        case .notCanonical: "the statement document bytes are not in RFC 8785 (JCS) canonical form"
        }
    }
}
