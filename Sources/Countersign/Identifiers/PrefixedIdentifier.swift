/// The behaviour shared by Countersign's typed identifiers (`mem_`, `st_`, `pol_`): ordering and
/// printing. Validation lives in `IdentifierSyntax`, called by each type's own initialisers so that
/// no public initialiser can make an unchecked value.
public protocol PrefixedIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The type prefix, e.g. "mem_".
    static var prefix: String { get }
    /// The identifier, prefix included.
    var rawValue: String { get }
}

extension PrefixedIdentifier {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
