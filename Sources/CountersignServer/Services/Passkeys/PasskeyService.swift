import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// A member's passkeys: the list, and adding one (a second device) to their own active account.
/// The new credential's registration counts only together with an assertion, in the same request,
/// by a passkey the member already has. An invitation cannot do this (it registers a first
/// passkey only), and the admin's way is account recovery with its announced delay. Refusals are
/// audited `passkey.add_refused`; success `passkey.added`.
struct PasskeyService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let ceremonies: CeremonyKeeper
    let registrationCeremonies: PasskeyRegistration
    let revocation: Revocation
    let revocationCeremony: RevocationCeremony
    /// The target both ceremonies of an addition are bound to.
    static let addTarget = "passkey:add"
    static let addRefused = "passkey.add_refused"

    /// The member's passkeys, oldest first, revoked ones included.
    func passkeys(of member: MemberID) async throws -> [PasskeyRecord] {
        try await store.read { try await $0.passkeys(member: member) }
    }

    /// The longest passkey label, in characters.
    static let maxLabelLength = 64

    /// Sets the member's own label of their passkey `id` (base64url credential id); nil or blank
    /// clears it. The label is one line of at most 64 characters with no control character and
    /// no bidirectional override or isolate (the rule for every name shown to people). A label
    /// is cosmetic: it changes nothing a passkey may do, so the member's session suffices, and
    /// the change is audited `passkey.labelled`. 404 for a passkey that is not the member's.
    func label(_ id: String, of member: MemberRecord, as text: String?) async throws -> PasskeyRecord {
        let label = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        let kept = (label?.isEmpty ?? true) ? nil : label
        if let kept, kept.count > Self.maxLabelLength || !IdentifierText.isOneLine(kept) {
            throw ServiceError.invalid(
                "invalid_label", "a passkey's label is one line of at most \(Self.maxLabelLength) characters, without control or bidirectional-override characters")
        }
        guard IdentifierText.isBase64URL(id, maxLength: 1366), let credentialID = try? Base64URL.decode(id) else {
            throw ServiceError.notFound("the passkey")
        }
        let now = clock.now
        let labelled = try await store.write { tx -> PasskeyRecord? in
            guard try await tx.labelPasskey(credentialID: credentialID, member: member.id, label: kept),
                let passkey = try await tx.passkey(credentialID: credentialID)
            else { return nil }
            _ = try await tx.appendAudit(
                actor: member.id.rawValue, action: "passkey.labelled", subject: member.id.rawValue,
                details: ["credentialId": .string(id), "label": kept.map { .string($0) } ?? .null], at: now)
            return passkey
        }
        guard let labelled else { throw ServiceError.notFound("the passkey") }
        events.nudge()
        return labelled
    }

    /// Begins both ceremonies of an addition: an assertion by a live passkey and the new
    /// passkey's registration (the member's passkeys excluded).
    func addOptions(for member: MemberRecord) async throws -> (assertion: (options: JSONValue, id: String), registration: (options: JSONValue, id: String)) {
        let assertion = try await revocationCeremony.start(member: member, target: Self.addTarget)
        let passkeys = try await passkeys(of: member.id)
        let registration = try await registrationCeremonies.begin(for: member, excluding: passkeys, target: Self.addTarget)
        return (assertion, registration)
    }

    /// Adds the passkey that `registration` ({"ceremony","response"}) registers, asserted by the
    /// member's passkey in `assertion`. The asserting passkey must still be live when the new one
    /// is stored: a revocation committed meanwhile wins.
    func add(
        member: MemberRecord, assertion: (ceremony: String, response: AuthenticationResponseJSON), registration: JSONObject
    ) async throws -> PasskeyRecord {
        let asserting = try await revocationCeremony.finish(
            ceremony: assertion.ceremony, response: assertion.response, member: member, target: Self.addTarget, action: Self.addRefused)
        let now = clock.now
        let passkey = try await revocation.audited(member, Self.addRefused, subject: member.id.rawValue) { () async throws -> PasskeyRecord in
            try registration.allowOnly(["ceremony", "response"])
            let stored = try await ceremonies.finish(try registration.requiredString("ceremony"), purpose: .registration)
            guard stored.ceremony.memberID == member.id.rawValue, stored.target == Self.addTarget, stored.invitationHash == nil else {
                throw ServiceError.invalid("ceremony_mismatch", "the registration ceremony was begun for another member or purpose")
            }
            return try await registrationCeremonies.passkey(
                from: try registration.requiredObject("response"), ceremony: stored.ceremony, member: member.id, at: now)
        }
        var identity = PasskeyRegistration.identityDetails(of: passkey, response: (try? registration.requiredObject("response")) ?? [:])
        identity["assertedBy"] = .string(Base64URL.encode(asserting.credentialID))
        let stored = try await revocation.audited(member, Self.addRefused, subject: member.id.rawValue) {
            try await insert(passkey, identity: identity, assertedBy: asserting.credentialID, member: member.id, at: now)
        }
        events.nudge()
        return stored
    }

    /// Stores the new passkey if the member may still add one and the asserting passkey is still
    /// live: a revocation committed meanwhile wins.
    private func insert(_ passkey: PasskeyRecord, identity: JSONObject, assertedBy: [UInt8], member: MemberID, at now: Date) async throws -> PasskeyRecord {
        try await store.write { tx -> PasskeyRecord in
            guard let current = try await tx.member(member) else { throw ServiceError.notFound("the member") }
            if let refusal = MemberStatusCheck.refusal(current) { throw refusal }
            let live = try await tx.lockPasskeys(member: member)
            guard live.contains(where: { $0.credentialID == assertedBy && $0.isLive }) else {
                throw ServiceError.forbidden("passkey_unknown", "the asserting passkey is no longer live")
            }
            do {
                try await tx.insertPasskey(passkey)
            } catch StoreError.duplicate {
                throw ServiceError.conflict("passkey_exists", "this passkey is already registered")
            }
            _ = try await tx.appendAudit(
                actor: member.rawValue, action: "passkey.added", subject: member.rawValue, details: .object(identity), at: now)
            return passkey
        }
    }
}
