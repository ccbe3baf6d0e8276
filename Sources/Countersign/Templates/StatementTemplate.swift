import CountersignJSON

/// A statement template (docs/api.md, "Templates"): a name, a default title, a content skeleton,
/// labelled fields that point at the skeleton's values a member fills in, and an optional default
/// policy. A template only pre-fills the new-statement form: the member still sees, edits and
/// signs the exact JSON of the statement, and nothing of the template is part of what is signed.
public struct StatementTemplate: Sendable, Hashable {
    /// Bounds on what a template may hold.
    public static let maxNameScalars = 200
    public static let maxTitleScalars = 200
    public static let maxLabelScalars = 100
    public static let maxHintScalars = 300
    public static let maxFields = 50
    public static let maxContentBytes = 64 * 1024
    public static let maxContentDepth = 16

    public let name: String
    /// The statement title the form starts with ("" for none).
    public let title: String
    /// The content skeleton.
    public let content: JSONValue
    public let fields: [TemplateField]
    /// The policy the form starts with, if any.
    public let policy: Policy?

    /// Reads and checks a template from its JSON object {"name","title"?,"content","fields"?,"policy"?}.
    public init(json object: JSONObject) throws(TemplateError) {
        let allowed: Set<String> = ["name", "title", "content", "fields", "policy"]
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) { throw .unknownField(unknown) }
        guard let name = object["name"]?.stringValue else { throw .wrongType(field: "name", expected: "a string") }
        try Self.checkLine(name, field: "name", limit: Self.maxNameScalars, allowEmpty: false)
        var title = ""
        switch object["title"] {
        case nil, .null?: break
        case .string(let text)?:
            try Self.checkLine(text, field: "title", limit: Self.maxTitleScalars, allowEmpty: true)
            title = text
        default: throw .wrongType(field: "title", expected: "a string")
        }
        guard let content = object["content"] else { throw .wrongType(field: "content", expected: "any JSON value") }
        try Self.checkDepth(content, depth: 0)
        let size = JCS.canonicalize(content).count
        guard size <= Self.maxContentBytes else { throw .contentTooLarge(bytes: size, limit: Self.maxContentBytes) }
        var fields: [TemplateField] = []
        switch object["fields"] {
        case nil, .null?: break
        case .array(let entries)?:
            guard entries.count <= Self.maxFields else { throw .tooManyFields(limit: Self.maxFields) }
            var seen = Set<String>()
            for entry in entries {
                let field = try TemplateField(json: entry, content: content)
                guard seen.insert(field.pointer.text).inserted else { throw .duplicatePointer(field.pointer.text) }
                fields.append(field)
            }
        default: throw .wrongType(field: "fields", expected: "an array")
        }
        var policy: Policy?
        switch object["policy"] {
        case nil, .null?: break
        case let value?:
            do {
                policy = try Policy(json: value)
            } catch {
                throw .invalidPolicy(error)
            }
        }
        self.name = name
        self.title = title
        self.content = content
        self.fields = fields
        self.policy = policy
    }

    /// The template as JSON, with exactly the fields above ("title" "" and "policy" null when absent).
    public var jsonObject: JSONObject {
        var object = JSONObject()
        object["name"] = .string(name)
        object["title"] = .string(title)
        object["content"] = content
        object["fields"] = .array(fields.map(\.jsonValue))
        object["policy"] = policy?.jsonValue ?? .null
        return object
    }

    /// One line of at most `limit` scalars: no control character, line break or direction
    /// override/isolate (a label must read the same to everyone), and not blank unless allowed.
    static func checkLine(_ text: String, field: String, limit: Int, allowEmpty: Bool) throws(TemplateError) {
        var count = 0
        var blank = true
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit || scalar.value == 0x0A || FreeText.isForbidden(scalar) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                throw .invalidText(field: field, limit: limit)
            }
            if !scalar.properties.isWhitespace { blank = false }
        }
        if blank, !allowEmpty || count > 0 { throw .invalidText(field: field, limit: limit) }
    }

    private static func checkDepth(_ value: JSONValue, depth: Int) throws(TemplateError) {
        switch value {
        case .array(let elements):
            guard depth < maxContentDepth else { throw .contentTooDeep(limit: maxContentDepth) }
            for element in elements { try checkDepth(element, depth: depth + 1) }
        case .object(let object):
            guard depth < maxContentDepth else { throw .contentTooDeep(limit: maxContentDepth) }
            for member in object { try checkDepth(member.value, depth: depth + 1) }
        case .null, .bool, .number, .string:
            break
        }
    }
}

/// A labelled field of a template: the value at `pointer` in the content skeleton, which the
/// new-statement form shows as an input with `label` (and `hint`).
public struct TemplateField: Sendable, Hashable {
    public let pointer: JSONPointer
    public let label: String
    public let hint: String?

    init(json value: JSONValue, content: JSONValue) throws(TemplateError) {
        guard let object = value.objectValue else { throw .wrongType(field: "fields[]", expected: "an object {\"pointer\",\"label\",\"hint\"?}") }
        if let unknown = object.keys.first(where: { !["pointer", "label", "hint"].contains($0) }) { throw .unknownField("fields[].\(unknown)") }
        guard let text = object["pointer"]?.stringValue else { throw .wrongType(field: "fields[].pointer", expected: "a string") }
        guard text.utf8.count <= 500, let pointer = JSONPointer(text), !pointer.tokens.isEmpty else { throw .invalidPointer(text) }
        guard let target = pointer.resolve(in: content) else { throw .pointerNotFound(text) }
        switch target {
        case .string, .number, .bool: break
        default: throw .pointerNotScalar(text)
        }
        guard let label = object["label"]?.stringValue else { throw .wrongType(field: "fields[].label", expected: "a string") }
        try StatementTemplate.checkLine(label, field: "fields[].label", limit: StatementTemplate.maxLabelScalars, allowEmpty: false)
        var hint: String?
        switch object["hint"] {
        case nil, .null?: break
        case .string(let text)?:
            try StatementTemplate.checkLine(text, field: "fields[].hint", limit: StatementTemplate.maxHintScalars, allowEmpty: false)
            hint = text
        default: throw .wrongType(field: "fields[].hint", expected: "a string")
        }
        self.pointer = pointer
        self.label = label
        self.hint = hint
    }

    var jsonValue: JSONValue {
        var object: JSONObject = ["pointer": .string(pointer.text), "label": .string(label)]
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}
