import Countersign
import CountersignStore
import Foundation
import Hummingbird

/// Browser sessions: a random 32-byte cookie value whose SHA-256 is the stored key, so a database
/// reader cannot hijack a session. The cookie is HttpOnly and SameSite=Strict (Secure when the
/// origin is https); a session ends after the idle timeout or the absolute timeout, whichever
/// comes first.
struct SessionAuthenticator: Sendable {
    static let cookieName = "countersign_session"
    let environment: ServerEnvironment

    /// The cookie that carries a new session.
    func cookie(for session: SessionService.NewSession) -> Cookie {
        cookie(value: session.value, maxAge: session.maxAge)
    }

    /// A cookie that deletes the session cookie in the browser.
    var clearingCookie: Cookie { cookie(value: "", maxAge: 0) }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        let secure = environment.configuration.origins.allSatisfy { $0.hasPrefix("https://") }
        return Cookie(name: Self.cookieName, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The member whose session the request carries. State-changing requests must also carry an
    /// allowed Origin (checked by `OriginCheckMiddleware`). Refuses a missing, unknown or expired
    /// session, and a member who is suspended.
    func member(of request: Request) async throws -> (member: MemberRecord, sessionHash: String) {
        guard let value = request.cookies[Self.cookieName]?.value, !value.isEmpty, value.utf8.count <= 64 else {
            throw ServiceError.unauthorized()
        }
        let hash = SessionService.hash(value)
        let now = environment.now
        let configuration = environment.configuration
        let found = try await environment.store.read { reader -> (SessionRecord, MemberRecord?)? in
            guard let session = try await reader.session(idHash: hash) else { return nil }
            return (session, try await reader.member(session.member))
        }
        guard let (session, member) = found, let member else { throw ServiceError.unauthorized("the session is unknown or has ended; log in again") }
        if now >= session.expiresAt || now.timeIntervalSince(session.lastSeenAt) >= configuration.sessionIdleTimeout {
            _ = try? await environment.store.write { try await $0.deleteSession(idHash: hash) }
            throw ServiceError(.unauthenticated, "session_expired", "the session has expired; log in again")
        }
        if let refusal = MemberStatusCheck.refusal(member) { throw refusal }
        // Refreshing the idle clock costs a write, so it is done at most once a minute, but also
        // at least three times per idle timeout: with an idle timeout under a minute, refreshing
        // only every 60 s ended sessions that were in constant use (`now` is in whole seconds, so
        // a third leaves room for rounding).
        if now.timeIntervalSince(session.lastSeenAt) >= min(60, configuration.sessionIdleTimeout / 3) {
            try await environment.store.write { try await $0.touchSession(idHash: hash, lastSeenAt: now) }
        }
        return (member, hash)
    }
}
