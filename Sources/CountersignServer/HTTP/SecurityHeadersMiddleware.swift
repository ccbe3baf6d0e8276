import HTTPTypes
import Hummingbird

/// Headers every response carries, successes and refusals alike: no sniffing, no framing, no
/// referrer, no opener across origins, no powerful browser features, and a Content Security Policy
/// that allows only this origin's own scripts and styles. API responses are never cached (they
/// carry members' data), and when every configured origin is https the browser is told to stay on
/// https (HSTS), which a deployment over plain http must not be told.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether to send Strict-Transport-Security: only when the app is reached over https alone.
    let strictTransportSecurity: Bool

    init(origins: [String]) {
        strictTransportSecurity = !origins.isEmpty && origins.allSatisfy { $0.lowercased().hasPrefix("https://") }
    }

    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var openerPolicy: HTTPField.Name { HTTPField.Name("Cross-Origin-Opener-Policy")! }
    static var permissionsPolicy: HTTPField.Name { HTTPField.Name("Permissions-Policy")! }
    static var transportSecurity: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }

    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    }
    /// Powerful features the app never uses are off for it and anything it embeds (WebAuthn keeps
    /// its default, this origin only).
    static var permissions: String { "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[Self.openerPolicy] = "same-origin"
        response.headers[Self.permissionsPolicy] = Self.permissions
        if strictTransportSecurity { response.headers[Self.transportSecurity] = "max-age=63072000; includeSubDomains" }
        if request.uri.path.hasPrefix("/api/") || response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
