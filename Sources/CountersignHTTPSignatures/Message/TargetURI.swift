import Foundation

/// The target URI of a request, split as RFC 9421's derived components need it.
///
/// Built from the parts the server knows (its configured public scheme and authority, the request
/// path and query) or parsed from an absolute URI by a client. The scheme and host are lowercased
/// and a default port is dropped, so `@authority` and `@target-uri` are the same on both sides.
public struct TargetURI: Sendable, Hashable {
    /// "http" or "https", lowercased.
    public let scheme: String
    /// host[:port], lowercased, without a default port.
    public let authority: String
    /// The absolute path, "/" if empty.
    public let path: String
    /// The query without its "?", nil if the URI has none.
    public let query: String?

    /// A target URI from its parts.
    public init(scheme: String, authority: String, path: String, query: String? = nil) {
        let scheme = scheme.lowercased()
        var authority = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        self.scheme = scheme
        self.authority = authority
        self.path = path.isEmpty ? "/" : path
        self.query = query
    }

    /// Parses an absolute http(s) URI such as `https://example.com/foo?a=b`; a fragment is dropped.
    public init(parsing uri: String) throws(HTTPSignatureError) {
        guard let colon = uri.firstIndex(of: ":"), uri[colon...].hasPrefix("://") else {
            throw .malformedField(field: "target URI", reason: "not an absolute URI")
        }
        let scheme = String(uri[..<colon])
        guard ["http", "https"].contains(scheme.lowercased()) else {
            throw .malformedField(field: "target URI", reason: "scheme must be http or https")
        }
        var rest = uri[colon...].dropFirst(3)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(where: { $0.isWhitespace }) else {
            throw .malformedField(field: "target URI", reason: "invalid authority")
        }
        let pathAndQuery = rest[authorityEnd...]
        if let mark = pathAndQuery.firstIndex(of: "?") {
            self.init(scheme: scheme, authority: authority, path: String(pathAndQuery[..<mark]),
                      query: String(pathAndQuery[pathAndQuery.index(after: mark)...]))
        } else {
            self.init(scheme: scheme, authority: authority, path: String(pathAndQuery))
        }
    }

    /// `@query`: "?" and the query, or just "?" when there is none (RFC 9421 section 2.2.7).
    public var queryComponent: String { "?" + (query ?? "") }

    /// `@request-target`: the origin form, path and query.
    public var requestTarget: String { query.map { path + "?" + $0 } ?? path }

    /// `@target-uri`: the full URI.
    public var absoluteString: String { scheme + "://" + authority + requestTarget }
}
