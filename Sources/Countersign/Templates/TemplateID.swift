import CountersignJSON

/// A stored statement template's identifier: "tpl_" and base64url characters.
public struct TemplateID: PrefixedIdentifier {
    public static let prefix = "tpl_"
    static let kind = "template id"
    public let rawValue: String

    /// Validates `rawValue` (prefix, alphabet, length).
    public init(_ rawValue: String) throws(IdentifierError) {
        self.rawValue = try IdentifierSyntax.validate(rawValue, prefix: Self.prefix, kind: Self.kind)
    }

    /// A new identifier from 16 to 48 random bytes supplied by the caller (the domain draws none).
    public init(randomBytes: some Collection<UInt8>) throws(IdentifierError) {
        rawValue = try IdentifierSyntax.generated(prefix: Self.prefix, from: randomBytes)
    }
}
