import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// The passkey assertion that authorises revoking one signing key or passkey: request options
/// over a fresh challenge, limited to the member's live passkeys, user verification required; the
/// stored ceremony remembers the member and the target ("key:<kid>", "passkey:<id>"), so its
/// assertion can revoke nothing else and complete no other ceremony.
struct RevocationCeremony: Sendable {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let audit: AuditRecorder
    let ceremonies: CeremonyKeeper
    let assertions: PasskeyAssertionCheck

    /// Stores a new assertion ceremony for `member` and `target`; returns its request options and id.
    /// 409 `no_passkey` when the member has no live passkey (a service member revokes its key by
    /// signing with it instead).
    func start(member: MemberRecord, target: String) async throws -> (options: JSONValue, id: String) {
        let passkeys = try await store.read { try await $0.passkeys(member: member.id) }
            .filter(\.isLive)
        guard !passkeys.isEmpty else {
            throw ServiceError.conflict("no_passkey", "this member has no live passkey; a key enrolled by the admin is revoked by a request it signs")
        }
        let ceremony = Ceremony.generate(
            purpose: .revocation, now: clock.now, lifetime: configuration.ceremonyLifetime, userVerification: .required,
            userHandle: member.userHandle, memberID: member.id.rawValue, allowedCredentialIDs: passkeys.map(\.credentialID))
        let transports = Dictionary(passkeys.map { ($0.credentialID, $0.transports) }, uniquingKeysWith: { first, _ in first })
        let options = relyingParty.requestOptions(for: ceremony, transports: transports)
        let id = try await ceremonies.begin(StoredCeremony(ceremony: ceremony, target: target))
        return (options.json, id)
    }

    /// Consumes the ceremony `ceremonyID` and verifies its assertion `response` by one of
    /// `member`'s live passkeys; returns the passkey that asserted. A ceremony begun for another
    /// member or target is 400 `ceremony_mismatch`; every refusal is audited as `action`.
    func finish(
        ceremony ceremonyID: String, response: AuthenticationResponseJSON, member: MemberRecord, target: String, action: String
    ) async throws -> PasskeyRecord {
        let stored = try await ceremonies.finish(ceremonyID, purpose: .revocation)
        guard stored.ceremony.memberID == member.id.rawValue, stored.target == target else {
            let error = ServiceError.invalid("ceremony_mismatch", "the ceremony was begun to revoke something else")
            await audit.refusal(actor: member.id.rawValue, action: action, subject: target, error: error)
            throw error
        }
        let (_, _, passkey) = try await assertions.verify(
            response, ceremony: stored.ceremony, action: action, expectedMember: member.id)
        return passkey
    }
}
