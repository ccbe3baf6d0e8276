/// A stored policy's identifier, `pol_` followed by 1 to 64 base64url characters (docs/formats.md).
///
/// A value of this type is always valid: it can only be made by the validating initialisers.
public struct PolicyID: PrefixedIdentifier {
    public static let prefix = "pol_"
    static let kind = "policy id"
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
