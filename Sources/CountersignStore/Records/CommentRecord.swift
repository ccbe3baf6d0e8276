import Countersign
import Foundation

/// One comment in a statement's thread (`CommentText`, kept as typed).
public struct CommentRecord: Sendable, Hashable {
    /// "cmt_" and 22 base64url characters, random.
    public var id: String
    public var statement: StatementID
    public var author: MemberID
    public var text: String
    public var createdAt: Date

    public init(id: String, statement: StatementID, author: MemberID, text: String, createdAt: Date) {
        self.id = id
        self.statement = statement
        self.author = author
        self.text = text
        self.createdAt = createdAt
    }
}
