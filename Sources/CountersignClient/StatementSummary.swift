import CountersignJSON
import Foundation

/// A statement as `GET /api/statements` lists it.
public struct StatementSummary: Sendable {
    public let id: String
    public let title: String
    public let creator: String
    public let digest: String
    public let state: String
    public let weight: Int64
    public let threshold: Int64
    public let createdAt: Date
    public let decidedAt: Date?
    public let expiresAt: Date?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        id = try response.string("id")
        title = try response.string("title")
        creator = try response.string("creator")
        digest = try response.string("digest")
        state = try response.string("state")
        weight = try response.integer("weight")
        threshold = try response.integer("threshold")
        createdAt = try response.date("createdAt")
        decidedAt = try response.optionalDate("decidedAt")
        expiresAt = try response.optionalDate("expiresAt")
    }
}

/// One page of statements, newest first; `nextCursor` continues the list (nil on the last page).
public struct StatementPage: Sendable {
    public let statements: [StatementSummary]
    public let nextCursor: String?
    /// The response as received.
    public let json: JSONObject

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        statements = try response.array("statements", StatementSummary.init)
        nextCursor = try response.optionalString("nextCursor")
    }
}
