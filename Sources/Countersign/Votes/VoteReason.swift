/// A reason a member gives with a rejection (signed, in the `rejection/v2` payload) or with a
/// withdrawal (recorded by the server, not signed): free text as the member typed it.
///
/// The text is kept exactly: never trimmed, normalised or re-encoded, because a signed reason must
/// be byte for byte what the person saw when they signed (docs/formats.md). It is bounded so that
/// every party (browser, server, offline verifier) can check the same rule:
/// - 1 to `maxScalars` Unicode scalar values (a reason of only white space is refused: a member
///   who gives none sends no reason),
/// - no control character other than line feed (U+000A): no tabs, no carriage returns, no
///   escapes that could rewrite a terminal line, and no C1 controls,
/// - no bidirectional override or isolate (U+202A…U+202E, U+2066…U+2069), which could make the
///   text displayed differ from the text signed.
public struct VoteReason: Sendable, Hashable, CustomStringConvertible {
    /// The most Unicode scalar values a reason may have.
    public static let maxScalars = 1000

    /// The reason exactly as given.
    public let text: String

    /// Checks `text` against the rules above and keeps it unchanged.
    public init(_ text: String) throws(VoteReasonError) {
        try FreeText.check(text, maxScalars: Self.maxScalars)
        self.text = text
    }

    public var description: String { text }
}

/// Why a reason (or a comment, `CommentText`) was refused.
public enum VoteReasonError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(max: Int)
    case forbiddenCharacter(UInt32)

    /// A stable code for the API's error.code.
    public var code: String {
        switch self {
        case .empty: "text_empty"
        case .tooLong: "text_too_long"
        case .forbiddenCharacter: "text_forbidden_character"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the text is empty or only white space"
        case .tooLong(let max): "the text is longer than \(max) characters (Unicode scalar values)"
        case .forbiddenCharacter(let scalar):
            "the text contains U+\(String(scalar, radix: 16, uppercase: true)); control characters other than line feed and bidirectional overrides are not allowed"
        }
    }
}
