import CountersignJSON

/// Why a statement template was refused (docs/api.md, "Templates").
public enum TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownField(String)
    case wrongType(field: String, expected: String)
    case invalidText(field: String, limit: Int)
    case contentTooLarge(bytes: Int, limit: Int)
    case contentTooDeep(limit: Int)
    case tooManyFields(limit: Int)
    case invalidPointer(String)
    case pointerNotFound(String)
    case pointerNotScalar(String)
    case duplicatePointer(String)
    case invalidPolicy(PolicyError)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .unknownField: "template_unknown_field"
        case .wrongType: "template_wrong_type"
        case .invalidText: "template_text"
        case .contentTooLarge: "template_content_too_large"
        case .contentTooDeep: "template_content_too_deep"
        case .tooManyFields: "template_too_many_fields"
        case .invalidPointer, .pointerNotFound, .pointerNotScalar, .duplicatePointer: "template_field_pointer"
        case .invalidPolicy(let error): error.code
        }
    }

    public var description: String {
        switch self {
        case .unknownField(let name): "unknown template field \"\(name)\""
        case .wrongType(let field, let expected): "\"\(field)\" must be \(expected)"
        case .invalidText(let field, let limit):
            "\"\(field)\" must be one line of 1 to \(limit) characters, not blank, without control or direction-override characters"
        case .contentTooLarge(let bytes, let limit): "the template content is \(bytes) bytes in canonical form; at most \(limit)"
        case .contentTooDeep(let limit): "the template content nests deeper than \(limit) levels"
        case .tooManyFields(let limit): "a template has at most \(limit) labelled fields"
        case .invalidPointer(let pointer): "\"\(pointer.prefix(80))\" is not a JSON Pointer (RFC 6901) such as /amount"
        case .pointerNotFound(let pointer): "the field \(pointer.prefix(80)) is not in the template content"
        case .pointerNotScalar(let pointer): "the field \(pointer.prefix(80)) must point at a string, number or boolean of the content"
        case .duplicatePointer(let pointer): "two fields name \(pointer.prefix(80))"
        case .invalidPolicy(let error): "the default policy is invalid: \(error.description)"
        }
    }
}
