/// One header field line: a lowercase name and its value as received.
///
/// Names are lowercased on creation because RFC 9421 component identifiers are lowercase and
/// field names are case-insensitive; values are kept as given (trimmed only when signed).
public struct HTTPField: Sendable, Hashable {
    /// The field name, lowercased.
    public let name: String
    /// The field value.
    public let value: String

    /// A field line; `name` is lowercased.
    public init(name: String, value: String) {
        self.name = name.lowercased()
        self.value = value
    }
}
