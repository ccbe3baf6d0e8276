import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Crypto
import Foundation

/// Browser sessions: discoverable passkey login, logout, and ending every session of a member.
/// A session's value is 32 random bytes whose SHA-256 is the stored key, so a database reader
/// cannot hijack a session (`SessionAuthenticator` reads them back and sets the cookie).
struct SessionService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let ceremonies: CeremonyKeeper
    let assertions: PasskeyAssertionCheck

    /// A session just opened: the secret value for the cookie and its lifetime in seconds.
    struct NewSession: Sendable {
        let value: String
        let maxAge: Int
    }

    /// Opens a session for `member` in `tx`, opened by the passkey `credentialID` (whose
    /// revocation ends it), ending after the absolute timeout at the latest.
    func open(for member: MemberID, credentialID: [UInt8], in tx: any StoreTransaction, now: Date) async throws -> NewSession {
        let value = Base64URL.encode(ServerSecrets.randomBytes(32))
        let lifetime = configuration.sessionAbsoluteTimeout
        try await tx.insertSession(SessionRecord(
            idHash: Self.hash(value), member: member, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(lifetime),
            credentialID: credentialID))
        return NewSession(value: value, maxAge: Int(lifetime))
    }

    /// The options of a discoverable login (any passkey of this relying party).
    func loginOptions() async throws -> (options: JSONValue, id: String) {
        let ceremony = Ceremony.generate(
            purpose: .authentication, now: clock.now, lifetime: configuration.ceremonyLifetime, userVerification: .required)
        let options = relyingParty.requestOptions(for: ceremony)
        let id = try await ceremonies.begin(StoredCeremony(ceremony: ceremony))
        return (options.json, id)
    }

    /// Logs in with the assertion `response` of the login ceremony `ceremonyID`; audited
    /// `session.created` (refusals `login.refused`).
    func login(ceremony ceremonyID: String, response: AuthenticationResponseJSON) async throws -> (MemberRecord, NewSession) {
        let stored = try await ceremonies.finish(ceremonyID, purpose: .authentication)
        let (member, verified, _) = try await assertions.verify(
            response, ceremony: stored.ceremony, action: "login.refused", expectedMember: nil)
        let now = clock.now
        let session = try await store.write { tx -> NewSession in
            let session = try await open(for: member.id, credentialID: verified.credentialID, in: tx, now: now)
            _ = try await tx.appendAudit(
                actor: member.id.rawValue, action: "session.created", subject: member.id.rawValue,
                details: ["credentialId": .string(Base64URL.encode(verified.credentialID))], at: now)
            return session
        }
        return (member, session)
    }

    /// Ends the session whose cookie value is `value` (nothing when unknown).
    func logout(value: String) async throws {
        let hash = Self.hash(value)
        try await store.write { try await $0.deleteSession(idHash: hash) }
    }

    /// Ends every session of `member`; returns how many ended. Audited `session.ended_everywhere`.
    func endAll(of member: MemberID) async throws -> Int {
        let now = clock.now
        let ended = try await store.write { tx -> Int in
            let ended = try await tx.deleteSessions(member: member)
            _ = try await tx.appendAudit(
                actor: member.rawValue, action: "session.ended_everywhere", subject: member.rawValue,
                details: ["sessions": .number(Double(ended))], at: now)
            return ended
        }
        events.nudge()
        return ended
    }

    static func hash(_ value: String) -> String { Base64URL.encode(SHA256.hash(data: Array(value.utf8))) }
}
