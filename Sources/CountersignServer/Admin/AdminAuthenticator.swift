import Foundation
import Hummingbird

/// Authenticates admin requests by their RFC 9421 signature (hmac-sha256 with the ADMIN_KEY).
struct AdminAuthenticator: Sendable {
    let environment: ServerEnvironment

    func authenticate(_ request: Request, body: [UInt8], context: ServerRequestContext) async throws {
        throw APIError.unauthorized("admin authentication is not wired yet")
    }
}
