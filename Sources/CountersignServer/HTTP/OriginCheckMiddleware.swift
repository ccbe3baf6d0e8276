import Hummingbird

/// Cross-site request defence for the browser API: a state-changing request (anything but GET,
/// HEAD, OPTIONS) under /api/ must carry an Origin header naming one of the configured origins.
/// Requests authenticated by their own signature (admin API, key enrolment by user token) carry
/// no cookie and are exempt; they prove themselves without ambient credentials.
struct OriginCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    static var exemptPrefixes: [String] { ["/api/admin/", "/api/keys/enrol"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        let path = request.uri.path
        if !safe.contains(request.method), path.hasPrefix("/api/"), !Self.exemptPrefixes.contains(where: { path.hasPrefix($0) }) {
            guard let origin = request.headers[.origin] else {
                throw APIError.forbidden("origin_required", "state-changing requests must carry an Origin header")
            }
            guard allowedOrigins.contains(origin) else {
                throw APIError.forbidden("origin_not_allowed", "origin \(origin) is not allowed")
            }
        }
        return try await next(request, context)
    }
}
