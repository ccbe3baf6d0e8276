/// Why an identifier (`mem_…`, `st_…`, `pol_…`) or a role name was refused.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not start with the prefix of its kind.
    case wrongPrefix(kind: String, expected: String, text: String)
    /// Nothing follows the prefix.
    case empty(kind: String)
    /// The text is longer than the limit (counted without the prefix).
    case tooLong(kind: String, limit: Int)
    /// A character outside the allowed set, at a zero-based character offset.
    case invalidCharacter(kind: String, character: Character, offset: Int)
    /// Too few random bytes were given to make an unguessable identifier.
    case notEnoughRandomness(minimumBytes: Int)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .wrongPrefix: "identifier_prefix"
        case .empty: "identifier_empty"
        case .tooLong: "identifier_too_long"
        case .invalidCharacter: "identifier_character"
        case .notEnoughRandomness: "identifier_randomness"
        }
    }

    public var description: String {
        switch self {
        case .wrongPrefix(let kind, let expected, let text):
            "\"\(text)\" is not a \(kind): it must start with \"\(expected)\""
        case .empty(let kind):
            kind == Role.kind ? "a role name cannot be empty" : "a \(kind) needs at least one character after its prefix"
        case .tooLong(let kind, let limit):
            "a \(kind) has at most \(limit) characters" + (kind == Role.kind ? "" : " after its prefix")
        case .invalidCharacter(let kind, let character, let offset):
            "a \(kind) may not contain \(character.unicodeScalars.first.map { "U+" + String($0.value, radix: 16, uppercase: true) } ?? "?") "
                + "(\"\(character)\") at character \(offset); allowed: \(IdentifierSyntax.allowedDescription(for: kind))"
        case .notEnoughRandomness(let minimum):
            "an identifier needs at least \(minimum) random bytes"
        }
    }
}
