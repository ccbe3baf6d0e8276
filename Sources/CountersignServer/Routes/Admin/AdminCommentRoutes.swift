import Hummingbird

/// `GET /api/admin/statements/{id}/comments`: a statement's comment thread for the admin, who is
/// not a member and so takes no part in it, but may read it (docs/api.md).
struct AdminCommentRoutes: Sendable {
    let environment: ServerEnvironment
    var comments: CommentService { environment.services.comments }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("statements/:id/comments") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let found = try await comments.comments(on: try StatementRoutes.id(context))
            return .json(["comments": .array(found.map(CommentRoutes.json))])
        }
    }
}
