import CountersignStore
import Hummingbird

/// The one way member routes learn who is asking: a request that carries a signature
/// (Signature-Input) is authenticated by it alone, any other by its session cookie. A signed
/// request is never also tried as a cookie request, so a bad signature cannot fall back.
struct MemberAuthenticator: Sendable {
    let environment: ServerEnvironment

    /// The member making the request. `body` is the request body the route has already read
    /// (empty for routes without one), which a signature's content-digest covers.
    func member(of request: Request, body: [UInt8] = [], context: ServerRequestContext) async throws -> MemberRecord {
        if SignedRequest.isSigned(request) {
            return try await MemberSignatureAuthenticator(environment: environment).member(of: request, body: body, context: context)
        }
        return try await SessionAuthenticator(environment: environment).member(of: request).member
    }

    /// As `member`, but a signed request's nonce is left for the caller to spend
    /// (`MemberSignatureAuthenticator.memberDeferringNonce`), and its key is returned as read
    /// (a vote signed with the same key need not read it again); both nil for a session request.
    /// With `useKept`, a signed request's key and member may be a kept signer's (`kept`), which
    /// the caller must confirm under its lock (`KeptSigners`).
    func memberDeferringNonce(
        of request: Request, body: [UInt8], context: ServerRequestContext, useKept: Bool
    ) async throws -> (member: MemberRecord, key: KeyRecord?, nonce: SignatureNonce?, kept: Bool) {
        if SignedRequest.isSigned(request) {
            let signer = try await MemberSignatureAuthenticator(environment: environment).memberDeferringNonce(
                of: request, body: body, context: context, useKept: useKept)
            return (signer.member, signer.key, signer.nonce, signer.kept)
        }
        return (try await SessionAuthenticator(environment: environment).member(of: request).member, nil, nil, false)
    }
}
