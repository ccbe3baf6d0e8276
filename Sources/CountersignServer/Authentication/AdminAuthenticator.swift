import CountersignHTTPSignatures
import CountersignJSON
import Foundation
import HTTPTypes
import Hummingbird

/// Authenticates admin requests by their RFC 9421 signature: hmac-sha256 with the ADMIN_KEY under
/// keyid "admin", covering @method, @target-uri and content-digest, created within the configured
/// window, and a nonce never seen before (stored until the window has passed). The secret never
/// travels. Failures are audited and rate-limited per client address (checked before verifying,
/// so one address's flood of bad signatures never locks out another address, the admin's
/// included); verified requests are rate-limited per key id, after verifying.
struct AdminAuthenticator: Sendable {
    let environment: ServerEnvironment

    func authenticate(_ request: Request, body: [UInt8], context: ServerRequestContext) async throws {
        let now = environment.now
        if environment.adminLimiter.isBlocked(context.clientAddress, now: now) {
            throw ServiceError.rateLimited("too many failed admin requests; wait a minute")
        }
        do {
            let verified = try verify(request, body: body, now: now)
            try await SignedRequest.recordNonce(of: verified, keyID: "admin", method: request.method.rawValue, in: environment)
        } catch let error as ServiceError {
            _ = environment.adminLimiter.allow(context.clientAddress, now: now)
            let refusal = ServiceError(.unauthenticated, "admin_unauthenticated", error.message)
            await environment.services.audit.refusal(
                actor: "anonymous", action: "admin.refused", subject: request.uri.path, error: refusal,
                privateDetails: ["client": .string(context.clientAddress)])
            throw refusal
        }
        try await environment.limitSignedRequests(keyID: "admin")
    }

    private func verify(_ request: Request, body: [UInt8], now: Date) throws(ServiceError) -> VerifiedSignature {
        let message = try SignedRequest.message(from: request, body: body)
        let policy = HTTPSignatureVerificationPolicy(maximumAge: Int(environment.configuration.requestSignatureWindow))
        let adminKey = environment.secrets.adminKey
        do {
            return try HTTPSignatureVerifier(policy: policy).verify(message, now: Int(now.timeIntervalSince1970)) { keyid in
                keyid == "admin" ? try? HTTPSignatureKey.hmacSHA256(secret: adminKey) : nil
            }
        } catch {
            throw .unauthorized("the admin signature is not valid: \(error)")
        }
    }
}
