import CountersignJSON

/// Why a member list (`[{"id","name","roles"}]`, as in evidence bundles) was refused.
public enum MemberError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONError)
    case notAList
    case notAnObject(index: Int)
    case unknownField(index: Int, name: String)
    case missingField(index: Int, name: String)
    case wrongType(index: Int, field: String, expected: String)
    case invalidIdentifier(index: Int, IdentifierError)
    case duplicateMember(index: Int, MemberID)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .notJSON: "members_not_json"
        case .notAList: "members_not_list"
        case .notAnObject: "members_not_object"
        case .unknownField: "members_unknown_field"
        case .missingField: "members_missing_field"
        case .wrongType: "members_wrong_type"
        case .invalidIdentifier: "members_identifier"
        case .duplicateMember: "members_duplicate"
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let error): "the member list is not valid JSON: \(error)"
        case .notAList: "the member list must be a JSON array of members, or an object with a \"members\" array"
        case .notAnObject(let index): "members[\(index)] must be an object {\"id\",\"name\",\"roles\"}"
        case .unknownField(let index, let name): "members[\(index)]: unknown field \"\(name)\""
        case .missingField(let index, let name): "members[\(index)]: the field \"\(name)\" is missing"
        case .wrongType(let index, let field, let expected): "members[\(index)].\(field) must be \(expected)"
        case .invalidIdentifier(let index, let error): "members[\(index)]: \(error)"
        case .duplicateMember(let index, let id): "members[\(index)]: \(id) is listed twice"
        }
    }
}
