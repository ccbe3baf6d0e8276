/// A role name such as `investor` or `board.finance`, held by members and named by policy entries.
///
/// Lowercase ASCII only (a–z, 0–9, ".", "-", "_", starting with a letter or digit; 1 to 64
/// characters): "Investor" and "investor" must never be two roles that look the same on screen,
/// and a policy must never miss a member because of letter case.
public struct Role: Sendable, Hashable, Comparable, CustomStringConvertible {
    static let kind = "role"
    static let maxLength = 64

    /// The role name.
    public let rawValue: String

    /// Validates a role name.
    public init(_ rawValue: String) throws(IdentifierError) {
        // The common case, checked byte by byte; anything else takes the character-wise path,
        // which names the problem.
        if Self.isWellFormed(rawValue.utf8) {
            self.rawValue = rawValue
            return
        }
        guard !rawValue.isEmpty else { throw .empty(kind: Self.kind) }
        var offset = 0
        for character in rawValue {
            guard offset < Self.maxLength else { throw .tooLong(kind: Self.kind, limit: Self.maxLength) }
            guard Self.isAllowed(character, first: offset == 0) else {
                throw .invalidCharacter(kind: Self.kind, character: character, offset: offset)
            }
            offset += 1
        }
        self.rawValue = rawValue
    }

    private static func isWellFormed(_ bytes: String.UTF8View) -> Bool {
        guard let first = bytes.first, bytes.count <= maxLength, isAllowed(first, first: true) else { return false }
        return bytes.dropFirst().allSatisfy { isAllowed($0, first: false) }
    }

    private static func isAllowed(_ character: Character, first: Bool) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return isAllowed(ascii, first: first)
    }

    private static func isAllowed(_ ascii: UInt8, first: Bool) -> Bool {
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"): return !first
        default: return false
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}
