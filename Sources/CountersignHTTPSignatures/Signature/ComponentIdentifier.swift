import RawStructuredFieldValues

/// A covered component: a derived component (`@method`, `@query-param;name="Pet"`) or a header
/// field (`content-digest`, `example-dict;key="a"`), with its parameters in order (RFC 9421
/// section 2).
public struct ComponentIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// A component parameter (RFC 9421 section 2.1 and 2.2.8).
    public enum Parameter: Sendable, Hashable {
        /// `sf`: the field is re-serialised as a structured field.
        case structured
        /// `bs`: each field line is wrapped as a byte sequence.
        case byteSequence
        /// `key="…"`: one member of a dictionary field.
        case key(String)
        /// `name="…"`: the query parameter of `@query-param`.
        case name(String)
        /// `req`: the component of the related request (responses only; not implemented here).
        case request
        /// `tr`: the trailer field (not implemented here).
        case trailer
    }

    /// The component name: a lowercase field name or a derived name starting with "@".
    public let name: String
    /// The parameters, in the order they are serialised.
    public let parameters: [Parameter]

    /// A component identifier; the name is kept as given (a parsed uppercase name is refused
    /// when the base is built, since signer and verifier must agree byte for byte).
    public init(_ name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    public static let method = ComponentIdentifier("@method")
    public static let targetURI = ComponentIdentifier("@target-uri")
    public static let authority = ComponentIdentifier("@authority")
    public static let scheme = ComponentIdentifier("@scheme")
    public static let requestTarget = ComponentIdentifier("@request-target")
    public static let path = ComponentIdentifier("@path")
    public static let query = ComponentIdentifier("@query")
    public static let status = ComponentIdentifier("@status")
    public static let contentDigest = ComponentIdentifier("content-digest")

    /// `@query-param;name="…"`.
    public static func queryParam(_ name: String) -> ComponentIdentifier {
        ComponentIdentifier("@query-param", parameters: [.name(name)])
    }

    /// The identifier as serialised in the signature base and in Signature-Input,
    /// e.g. `"@query-param";name="Pet"`.
    public var description: String { (try? StructuredField.serialize(.item(item))) ?? "\"\(name)\"" }

    /// The identifier as a structured-field item.
    var item: Item {
        var map = OrderedMap<String, RFC9651BareItem>()
        for parameter in parameters {
            switch parameter {
            case .structured: map["sf"] = .bool(true)
            case .byteSequence: map["bs"] = .bool(true)
            case .key(let key): map["key"] = .string(key)
            case .name(let name): map["name"] = .string(name)
            case .request: map["req"] = .bool(true)
            case .trailer: map["tr"] = .bool(true)
            }
        }
        return Item(bareItem: .string(name), parameters: map)
    }

    /// Reads one member of a Signature-Input inner list.
    init(item: Item) throws(HTTPSignatureError) {
        guard case .string(let name) = item.rfc9651BareItem else {
            throw .malformedField(field: "Signature-Input", reason: "a component identifier must be a string")
        }
        var parameters: [Parameter] = []
        for (key, value) in item.rfc9651Parameters {
            switch (key, value) {
            case ("sf", .bool(true)): parameters.append(.structured)
            case ("bs", .bool(true)): parameters.append(.byteSequence)
            case ("req", .bool(true)): parameters.append(.request)
            case ("tr", .bool(true)): parameters.append(.trailer)
            case ("key", .string(let member)): parameters.append(.key(member))
            case ("name", .string(let query)): parameters.append(.name(query))
            default: throw .unsupportedComponent("\"\(name)\";\(key)")
            }
        }
        self.init(name, parameters: parameters)
    }
}
