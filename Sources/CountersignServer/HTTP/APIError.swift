import CountersignJSON
import Hummingbird

/// A refusal the client can act on: an HTTP status, a stable machine-readable code and a message
/// for people. Every failure the API reports is one of these, rendered as
/// {"error":{"code","message"}}.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The body of an error response.
    public var json: JSONValue { .object(["error": .object(["code": .string(code), "message": .string(message)])]) }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
    static func unauthorized(_ message: String = "log in first") -> APIError { APIError(.unauthorized, "unauthenticated", message) }
    /// A signed request whose nonce was already used (the admin and member authenticators turn
    /// it into their own refusal codes).
    static var replayed: APIError { unauthorized("the request's nonce was already used (a replay)") }
    static func forbidden(_ code: String, _ message: String) -> APIError { APIError(.forbidden, code, message) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "\(what) does not exist") }
    static func conflict(_ code: String, _ message: String) -> APIError { APIError(.conflict, code, message) }
    static func unprocessable(_ code: String, _ message: String) -> APIError { APIError(.unprocessableContent, code, message) }
}
