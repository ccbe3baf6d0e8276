/// Why a Countersign API call failed.
///
/// Every method of `CountersignClient` throws only this type, so a caller (the CLI, a service)
/// can tell a refusal by the server from an unreachable server or an answer it cannot trust.
public enum CountersignClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error status and its `{"error":{"code","message"}}` body
    /// (`code` is "http_<status>" when the body was not that shape).
    case http(status: Int, code: String, message: String)
    /// The request never got an answer: connection refused, host not found, timeout, TLS
    /// failure. The text is one plain line naming the server, e.g. "cannot connect to
    /// http://localhost:9999: connection refused" (`TransportFailure`).
    case transport(String)
    /// The server answered, but not with what the API promises (wrong shape, too large, not JSON).
    case invalidResponse(String)
    /// The request could not be made here: a URL or key that cannot sign, a body that is not JSON.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .http(let status, let code, let message): "the server refused (HTTP \(status) \(code)): \(message)"
        case .transport(let reason): reason
        case .invalidResponse(let reason): "the server's answer is not valid: \(reason)"
        case .invalidRequest(let reason): "cannot make the request: \(reason)"
        }
    }

    /// The server's error code for `.http`, nil otherwise.
    public var code: String? {
        if case .http(_, let code, _) = self { return code }
        return nil
    }
}
