import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// A statement's comment thread (docs/api.md): `GET` and `POST /api/statements/{id}/comments`
/// for its participants (`CommentService`); the admin's reading is `AdminCommentRoutes`. New
/// comments reach open pages through the event stream (type "comment").
struct CommentRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var comments: CommentService { environment.services.comments }

    /// A body with one comment of at most 2,000 scalars of up to 4 UTF-8 bytes, escaped.
    static let bodyLimit = 32 * 1024

    func register(on router: Router<ServerRequestContext>) {
        router.get("api/statements/:id/comments") { request, context -> Response in
            let member = try await members.member(of: request, context: context)
            let found = try await comments.comments(for: member, on: try StatementRoutes.id(context))
            return .json(["comments": .array(found.map(Self.json))])
        }
        router.post("api/statements/:id/comments") { request, context -> Response in
            let bytes = try await request.bodyBytes(limit: Self.bodyLimit)
            let member = try await members.member(of: request, body: bytes, context: context)
            let id = try StatementRoutes.id(context)
            let body = try Request.jsonObject(from: bytes, limit: Self.bodyLimit, maxDepth: 4)
            try body.allowOnly(["text"])
            let comment = try await comments.add(try body.requiredString("text"), by: member, on: id)
            return .json(Self.json(comment), status: .created)
        }
    }

    static func json(_ comment: CommentRecord) -> JSONValue {
        .object([
            "id": .string(comment.id), "statement": .string(comment.statement.rawValue), "author": .string(comment.author.rawValue),
            "text": .string(comment.text), "createdAt": .string(Timestamp.format(comment.createdAt)),
        ])
    }
}
