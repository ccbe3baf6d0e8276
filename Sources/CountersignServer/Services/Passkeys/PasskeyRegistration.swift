import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// The registration ceremony of a new passkey for a member, wherever it starts (an invitation,
/// a recovery invitation, or the member adding a second device): creation options over a fresh
/// challenge with the member's own passkeys excluded, and the verified response as the passkey
/// record to store. What the caller may do with that record (activate the member, wait for a
/// recovery, ask for an assertion first) is the caller's rule.
struct PasskeyRegistration: Sendable {
    let clock: ServerClock
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let ceremonies: CeremonyKeeper

    /// Stores a registration ceremony for `member`, remembering `invitationHash` or `target`;
    /// returns the creation options and the ceremony id.
    func begin(
        for member: MemberRecord, excluding passkeys: [PasskeyRecord], invitationHash: String? = nil, target: String? = nil
    ) async throws -> (options: JSONValue, id: String) {
        let ceremony = Ceremony.generate(
            purpose: .registration, now: clock.now, lifetime: configuration.ceremonyLifetime, userVerification: .required,
            userHandle: member.userHandle, memberID: member.id.rawValue)
        let user = try PublicKeyCredentialUserEntity(id: member.userHandle, name: member.name, displayName: member.name)
        let options = relyingParty.creationOptions(
            for: ceremony, user: user,
            excludeCredentials: passkeys.map { PublicKeyCredentialDescriptor(id: $0.credentialID, transports: $0.transports) })
        let id = try await ceremonies.begin(
            StoredCeremony(ceremony: ceremony, invitationHash: invitationHash, target: target))
        return (options.json, id)
    }

    /// Verifies the registration `response` against its `ceremony`: the passkey of `member` to
    /// store, created at `now`. A failed verification is 400 `webauthn_<code>`.
    func passkey(from response: JSONObject, ceremony: Ceremony, member: MemberID, at now: Date) async throws -> PasskeyRecord {
        let credential: RegisteredCredential
        do throws(WebAuthnError) {
            let parsed = try RegistrationResponseJSON(.object(response))
            credential = try await relyingParty.verifyRegistration(response: parsed, ceremony: ceremony, now: now)
        } catch {
            throw ServiceError.invalid("webauthn_\(error.code.rawValue)", error.message)
        }
        return PasskeyRecord(
            credentialID: credential.id, member: member, publicKey: credential.publicKey.encoded, signCount: credential.signCount,
            backupEligible: credential.flags.backupEligible, backedUp: credential.flags.backedUp, transports: credential.transports,
            attestationFormat: credential.attestationFormat, createdAt: now,
            aaguid: credential.aaguid == PasskeyProviders.zeroAAGUID ? nil : credential.aaguid)
    }

    /// What the transparency log records of a registration, so that an offline verifier can tell
    /// from the log alone which passkeys a member had (docs/transparency.md): the member, the
    /// credential id, the COSE public key, and the registration's attestation object and
    /// clientDataJSON exactly as the authenticator returned them (base64url).
    static func identityDetails(of passkey: PasskeyRecord, response: JSONObject) -> JSONObject {
        let inner = response["response"]?.objectValue ?? [:]
        var details: JSONObject = [
            "member": .string(passkey.member.rawValue), "credentialId": .string(Base64URL.encode(passkey.credentialID)),
            "publicKey": .string(Base64URL.encode(passkey.publicKey)), "format": .string(passkey.attestationFormat),
            "backupEligible": .bool(passkey.backupEligible),
        ]
        if let attestationObject = inner["attestationObject"]?.stringValue { details["attestationObject"] = .string(attestationObject) }
        if let clientDataJSON = inner["clientDataJSON"]?.stringValue { details["clientDataJSON"] = .string(clientDataJSON) }
        return details
    }
}
