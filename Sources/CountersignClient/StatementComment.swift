import Foundation

/// One comment of a statement's thread (docs/api.md, GET /api/statements/{id}/comments).
public struct StatementComment: Sendable {
    public let id: String
    public let statement: String
    /// The member who wrote it.
    public let author: String
    /// The text exactly as written.
    public let text: String
    public let createdAt: Date

    init(_ response: ResponseObject) throws(CountersignClientError) {
        id = try response.string("id")
        statement = try response.string("statement")
        author = try response.string("author")
        text = try response.string("text")
        createdAt = try response.date("createdAt")
    }
}
