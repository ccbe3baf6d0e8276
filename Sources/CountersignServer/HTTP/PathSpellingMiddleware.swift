import Hummingbird

/// Refuses, before anything decides on the path, every request whose path could be read two ways.
///
/// Hummingbird's router drops empty segments (`//api/statements` reaches the `/api/statements`
/// route), while the middlewares that decide on a request by its path (the Origin check and its
/// exemptions, the web app, the security headers' caching rule) read the raw text. A spelling that
/// the router and a middleware understand differently slips between them: `POST //api/statements`
/// once skipped the Origin check. Rather than teach every middleware every spelling, there is one
/// spelling only: a path whose segments are all non-empty, none is `.` or `..`, and none hides a
/// slash, a backslash or a dot behind percent-encoding. Anything else is answered 400
/// `path_not_canonical` in the API's error shape, before the router or any deciding middleware
/// sees it. No route of the API or the web app is spelled otherwise, so a legitimate client never
/// meets this refusal.
struct PathSpellingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let reason = Self.refusal(of: request.uri.path) {
            let error = ServiceError.invalid("path_not_canonical", "the request path is not in canonical form: \(reason)")
            return error.response
        }
        return try await next(request, context)
    }

    /// Why `path` (the raw request path, without the query) is refused, or nil when it has the one
    /// accepted spelling: `/`, or `/` followed by non-empty segments joined by single slashes.
    static func refusal(of path: String) -> String? {
        guard path.hasPrefix("/") else { return "it must start with /" }
        if path == "/" { return nil }
        let lowered = path.lowercased()
        for encoded in ["%2f", "%5c", "%2e"] where lowered.contains(encoded) {
            return "it contains \(encoded.uppercased()) (an encoded slash, backslash or dot)"
        }
        if path.contains("\\") { return "it contains a backslash" }
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "it has an empty segment (// or a trailing /)" }
            if segment == "." || segment == ".." { return "it has a . or .. segment" }
        }
        return nil
    }
}
