/// The text of a comment in a statement's thread: free text with the same character rules as a
/// reason (`VoteReason`), up to `maxScalars` Unicode scalar values. Kept exactly as typed.
public struct CommentText: Sendable, Hashable, CustomStringConvertible {
    /// The most Unicode scalar values a comment may have.
    public static let maxScalars = 2000

    /// The comment exactly as given.
    public let text: String

    /// Checks `text` and keeps it unchanged.
    public init(_ text: String) throws(VoteReasonError) {
        try FreeText.check(text, maxScalars: Self.maxScalars)
        self.text = text
    }

    public var description: String { text }
}
