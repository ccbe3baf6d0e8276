import Hummingbird

/// Cross-site request defence for the browser API: a state-changing request (anything but GET,
/// HEAD, OPTIONS) under /api/ must carry an Origin header naming one of the configured origins.
/// Requests authenticated by their own signature (admin API, key enrolment by user token) carry
/// no cookie and are exempt; they prove themselves without ambient credentials.
///
/// A member request signed with RFC 9421 (Signature-Input) and carrying no Cookie header is exempt
/// too, wherever it goes: the member routes then accept only its signature, never a session. This
/// is safe because what the Origin check defends against is a cross-site page riding on the
/// browser's cookies; such a page cannot make the browser sign with a member's key (the private
/// key is not the browser's to use), and without a cookie it carries no ambient credential. A
/// request that carries a Cookie header is checked whatever else it carries, so adding a
/// Signature-Input header cannot switch the check off for a browser.
struct OriginCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    static var exemptPrefixes: [String] { ["/api/admin/", "/api/keys/enrol"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        let path = request.uri.path
        if !safe.contains(request.method), path.hasPrefix("/api/"), !Self.exemptPrefixes.contains(where: { path.hasPrefix($0) }),
           !Self.isSignedWithoutCookie(request) {
            guard let origin = request.headers[.origin] else {
                throw ServiceError.forbidden("origin_required", "state-changing requests must carry an Origin header")
            }
            guard allowedOrigins.contains(origin) else {
                throw ServiceError.forbidden("origin_not_allowed", "origin \(origin) is not allowed")
            }
        }
        return try await next(request, context)
    }

    /// A request signed by a member's key that brings no cookie: it has no ambient credential for
    /// a cross-site page to abuse.
    static func isSignedWithoutCookie(_ request: Request) -> Bool {
        SignedRequest.isSigned(request) && request.headers[.cookie] == nil
    }
}
