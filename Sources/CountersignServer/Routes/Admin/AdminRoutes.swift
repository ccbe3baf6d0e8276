import CountersignJSON
import Hummingbird

/// The admin API (docs/http-signatures.md) under /api/admin: members, invitations, stored policies and the
/// audit log. Every route authenticates first with an RFC 9421 signature over the ADMIN_KEY
/// (`AdminAuthenticator`), before it looks at its parameters or its body's content.
struct AdminRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/admin")
        AdminMemberRoutes(environment: environment).register(on: group)
        AdminInvitationRoutes(environment: environment).register(on: group)
        AdminPolicyRoutes(environment: environment).register(on: group)
        AdminTemplateRoutes(environment: environment).register(on: group)
        AdminOperationRoutes(environment: environment).register(on: group)
        AdminRecoveryRoutes(environment: environment).register(on: group)
        WebhookRoutes(environment: environment).register(on: group)
        AdminMailRoutes(environment: environment).register(on: group)
        AdminCommentRoutes(environment: environment).register(on: group)
        group.get("audit") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let query = request.uri.queryParameters
            return try await AuditRoutes.eventPage(
                after: query["after"].map(String.init), limit: query["limit"].map(String.init), redacted: false, environment: environment)
        }
    }
}

/// Reading and authenticating an admin request: the body is read once (bounded), the signature is
/// checked against exactly those bytes, then the body is parsed strictly.
enum AdminRequest {
    /// Authenticates the request and returns its raw body (empty for GET).
    static func authenticate(
        _ request: Request, _ context: ServerRequestContext, environment: ServerEnvironment, limit: Int = 64 * 1024
    ) async throws -> [UInt8] {
        let bytes = try await request.bodyBytes(limit: limit)
        try await AdminAuthenticator(environment: environment).authenticate(request, body: bytes, context: context)
        return bytes
    }

    /// Authenticates the request and parses its body as a JSON object with only `allowed` members.
    /// An action without parameters may send no body or `{}`.
    static func object(
        _ request: Request, _ context: ServerRequestContext, environment: ServerEnvironment, allowed: Set<String>,
        optional: Bool = false, limit: Int = 64 * 1024, maxDepth: Int = 16
    ) async throws -> JSONObject {
        let bytes = try await authenticate(request, context, environment: environment, limit: limit)
        if optional, bytes.isEmpty { return [:] }
        let object = try Request.jsonObject(from: bytes, limit: limit, maxDepth: maxDepth)
        try object.allowOnly(allowed)
        return object
    }
}
