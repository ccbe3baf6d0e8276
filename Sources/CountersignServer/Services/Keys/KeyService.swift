import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Signing keys: attestation by a passkey (docs/formats.md), enrolment by a user token (announced
/// and delayed for a member who has a passkey), rotation, and the published key records.
struct KeyService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let secrets: ServerSecrets
    let audit: AuditRecorder
    let ceremonies: CeremonyKeeper
    let assertions: PasskeyAssertionCheck
    let revocation: Revocation
    let scheduler: OperationScheduler

    /// The challenge a passkey signs to attest `jwk` for `member`: request options over the
    /// member's live passkeys, the ceremony id and the nonce the attestation record carries.
    func attestationOptions(member: MemberRecord, jwk: JWK) async throws -> (options: JSONValue, ceremony: String, nonce: String) {
        let passkeys = try await store.read { try await $0.passkeys(member: member.id) }.filter { $0.revokedAt == nil }
        guard !passkeys.isEmpty else { throw ServiceError.conflict("no_passkey", "register a passkey before attesting a key") }
        let nonce = Base64URL.encode(ServerSecrets.randomBytes(32))
        let challenge = KeyAttestationChallenge(member: member.id.rawValue, jkt: jwk.thumbprint, nonce: nonce).challenge
        let now = clock.now
        let ceremony = try Ceremony(
            purpose: .keyAttestation, challenge: challenge, issuedAt: now,
            expiresAt: now.addingTimeInterval(configuration.ceremonyLifetime), userVerification: .required,
            userHandle: member.userHandle, memberID: member.id.rawValue, allowedCredentialIDs: passkeys.map(\.credentialID))
        let transports = Dictionary(passkeys.map { ($0.credentialID, $0.transports) }, uniquingKeysWith: { first, _ in first })
        let options = relyingParty.requestOptions(for: ceremony, transports: transports)
        let jwkText = String(decoding: JCS.canonicalize(.object(jwk.jsonObject())), as: UTF8.self)
        let id = try await ceremonies.begin(StoredCeremony(ceremony: ceremony, jwk: jwkText, nonce: nonce))
        return (options.json, id, nonce)
    }

    /// Completes a key attestation: the ceremony must have been begun by `member` for this very
    /// key; the assertion must verify by one of their passkeys; the record must verify offline as
    /// a bundle's reader will check it. With `replaces`, the old key is retired in the same
    /// transaction (rotation). Every refusal is audited `key.refused`.
    func attest(
        member: MemberRecord, jwk: JWK, ceremony ceremonyID: String, response: AuthenticationResponseJSON, replaces: String?
    ) async throws -> KeyRecord {
        let stored = try await ceremonies.finish(ceremonyID, purpose: .keyAttestation)
        guard stored.ceremony.memberID == member.id.rawValue, let nonce = stored.nonce, let boundText = stored.jwk,
              let bound = try? JWK(json: Array(boundText.utf8)), bound.thumbprint == jwk.thumbprint
        else {
            let error = ServiceError.invalid("attestation_key_mismatch", "the ceremony was begun for another key or member")
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: error)
            throw error
        }
        let (_, verified, passkey) = try await assertions.verify(
            response, ceremony: stored.ceremony, action: "key.refused", expectedMember: member.id)
        let now = clock.now
        let record = KeyAttestationRecord(member: member.id.rawValue, jwk: jwk, proof: .passkey(.init(
            nonce: nonce, rpID: relyingParty.id, origin: verified.clientData.origin, credentialID: passkey.credentialID,
            passkeyPublicKey: passkey.publicKey, authenticatorData: response.authenticatorData,
            clientDataJSON: response.clientDataJSON, signature: response.signature, attestedAt: now)))
        do {
            _ = try record.verify()
        } catch {
            let refusal = ServiceError.invalid("attestation_invalid", "the attestation does not verify offline: \(error)")
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        let key: KeyRecord
        do {
            key = try await store(record, member: member.id, method: "passkey", at: now, replacing: replaces)
        } catch let refusal as ServiceError {
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        if replaces != nil { try await revocation.reevaluate(member.id) }
        return key
    }

    /// What an enrolment by user token did: the key is valid at once (a member without a passkey),
    /// or it waits for the announced `key.enrol` operation (a member with one).
    enum Enrolment: Sendable {
        case enrolled(KeyRecord)
        case scheduled(KeyRecord, OperationRecord)
    }

    /// Enrols `jwk` with a user token the ADMIN_KEY signed. Every refusal is audited `key.refused`.
    func enrol(token: String, jwk: JWK) async throws -> Enrolment {
        let now = clock.now
        let adminKey = secrets.adminKey
        let claims: UserToken
        do {
            claims = try UserToken.verify(token, adminKey: adminKey, now: now)
        } catch {
            let refusal = ServiceError.unauthorized("the user token is not valid: \(error)")
            await audit.refusal(actor: "anonymous", action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        let record = KeyAttestationRecord(member: claims.userID, jwk: jwk, proof: .adminToken(token: token, enrolledAt: now))
        do {
            _ = try record.verify(adminKey: adminKey)
        } catch {
            let refusal = ServiceError.invalid("enrolment_key_mismatch", "the token does not name this member and key: \(error)")
            await audit.refusal(actor: claims.userID, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        guard let memberID = try? MemberID(claims.userID), let found = try await store.read({ reader -> (MemberRecord, [PasskeyRecord])? in
            guard let member = try await reader.member(memberID) else { return nil }
            return (member, try await reader.passkeys(member: memberID))
        }) else { throw ServiceError.forbidden("member_unknown", "the token's member does not exist") }
        let (member, passkeys) = found
        if !member.status.mayEnrolKeys {
            let refusal = ServiceError.forbidden("member_\(member.status.rawValue)", "the token's member is \(member.status.rawValue) and cannot enrol keys")
            await audit.refusal(actor: claims.userID, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        // A member with a passkey is a person who signs in: the ADMIN_KEY alone must not give
        // anyone a key that votes as them. The enrolment is announced and waits.
        if passkeys.contains(where: \.isLive) {
            return try await scheduleEnrolment(record, member: member.id)
        }
        return .enrolled(try await store(record, member: member.id, method: "admin-token", at: now))
    }

    /// Stores an admin-enrolled key for a passkey member as a `key.enrol` operation: the key is
    /// valid from the operation's due time (the dangerous-operation delay), announced to the
    /// member, cancellable with their passkey, and confirmable earlier by them.
    private func scheduleEnrolment(_ record: KeyAttestationRecord, member: MemberID) async throws -> Enrolment {
        let jwkText = String(decoding: JCS.canonicalize(.object(record.jwk.jsonObject())), as: UTF8.self)
        let attestation = String(decoding: record.canonicalBytes, as: UTF8.self)
        let kid = record.jwk.thumbprint
        let operation: OperationRecord
        do {
            operation = try await scheduler.schedule(
                .keyEnrol, member: member, target: kid, details: ["kid": .string(kid)]
            ) { operation, tx in
                guard let owner = try await tx.member(member), owner.status == .active else {
                    throw ServiceError.forbidden("member_not_active", "the token's member is not active")
                }
                let validFrom = operation.dueAt ?? operation.scheduledAt
                let key = KeyRecord(kid: kid, member: member, jwk: jwkText, method: "admin-token", attestation: attestation, validFrom: validFrom)
                do {
                    try await tx.insertKey(key)
                } catch StoreError.duplicate {
                    throw ServiceError.conflict("key_exists", "this key is already enrolled")
                }
                var details = Self.identityDetails(of: key)
                details["operation"] = .string(operation.id)
                try await tx.appendAudit(actor: member.rawValue, action: "key.enrolled", subject: kid, details: .object(details), at: operation.scheduledAt)
                return ["validFrom": .string(Timestamp.format(validFrom))]
            }
        } catch let refusal as ServiceError {
            await audit.refusal(actor: member.rawValue, action: "key.refused", subject: kid, error: refusal)
            throw refusal
        }
        return .scheduled(try await key(kid), operation)
    }

    /// Stores the key; with `replacing`, revokes that key of the member in the same transaction,
    /// as of the new key's validFrom (rotation, audited `key.rotated`).
    private func store(
        _ record: KeyAttestationRecord, member: MemberID, method: String, at now: Date, replacing replaced: String? = nil
    ) async throws -> KeyRecord {
        let jwkText = String(decoding: JCS.canonicalize(.object(record.jwk.jsonObject())), as: UTF8.self)
        let draft = KeyRecord(
            kid: record.jwk.thumbprint, member: member, jwk: jwkText, method: method,
            attestation: String(decoding: record.canonicalBytes, as: UTF8.self), validFrom: now)
        let key = try await store.write { tx -> KeyRecord in
            // The replaced key is locked first (lock order: key, then audit) and the time taken
            // after, so a vote with it that committed first was received before its revocation.
            var old: KeyRecord?
            if let replaced { old = try await KeyRotation.lockReplaced(replaced, member: member, successor: draft.kid, in: tx) }
            var key = draft
            if old != nil { key.validFrom = max(now, clock.now) }
            // Checked in the transaction, so a suspension committed meanwhile is not overtaken. A
            // service member created by the admin becomes active with its first key.
            guard var owner = try await tx.member(member), owner.status != .suspended, owner.status != .removed else {
                throw ServiceError.forbidden("member_unknown", "the key's member does not exist or is suspended")
            }
            if method == "admin-token", try await tx.lockPasskeys(member: member).contains(where: \.isLive) {
                throw ServiceError.conflict("member_has_passkey", "the member registered a passkey meanwhile; enrol again to schedule the enrolment")
            }
            if owner.status == .invited {
                owner.status = .active
                try await tx.updateMember(owner)
            }
            do {
                try await tx.insertKey(key)
            } catch StoreError.duplicate {
                throw ServiceError.conflict("key_exists", "this key is already enrolled")
            }
            try await tx.appendAudit(
                actor: member.rawValue, action: "key.\(method == "passkey" ? "attested" : "enrolled")", subject: key.kid,
                details: .object(Self.identityDetails(of: key)), at: key.validFrom)
            if let old { try await KeyRotation.retire(old, by: key, in: tx) }
            return key
        }
        events.nudge()
        return key
    }

    /// The key record `kid`; 404 for an unknown or malformed kid.
    func key(_ kid: String) async throws -> KeyRecord {
        guard IdentifierText.isBase64URL(kid, maxLength: 128), let key = try await store.read({ try await $0.key(kid: kid) }) else {
            throw ServiceError.notFound("the key")
        }
        return key
    }

    /// The calling member's keys, newest first, revoked ones included.
    func keys(of member: MemberID) async throws -> [KeyRecord] {
        try await store.read { try await $0.keys(member: member) }.sorted(by: KeyRecord.newestFirst)
    }

    /// The public keys valid now (the JWK set), as stored JWKs.
    func publishedKeys() async throws -> [JSONValue] {
        let keys = try await store.read { try await $0.allKeys() }
        let now = clock.now
        return keys.filter { !$0.isRevoked(at: now) && $0.validFrom <= now }.compactMap { try? JSONParser().parse(Array($0.jwk.utf8)) }
    }

    /// What the transparency log records of a new signing key, so that an offline verifier can
    /// tell from the log alone which keys a member had and how each came to be theirs
    /// (docs/transparency.md): the public JWK, and either the whole key attestation record (signed
    /// by the member's passkey) or the mark that the admin enrolled it with a user token.
    static func identityDetails(of key: KeyRecord) -> JSONObject {
        var details: JSONObject = [
            "member": .string(key.member.rawValue), "method": .string(key.method), "jwk": (try? JSONParser().parse(key.jwk)) ?? .string(key.jwk),
            "validFrom": .string(Timestamp.format(key.validFrom)),
        ]
        if key.method == "passkey" {
            details["attestation"] = (try? JSONParser().parse(key.attestation)) ?? .string(key.attestation)
        } else {
            details["adminEnrolled"] = .bool(true)
        }
        return details
    }
}

extension KeyRecord {
    /// Newest first. Times are whole seconds, so within one second a key still valid comes before
    /// one revoked (a rotation's successor first).
    static func newestFirst(_ a: KeyRecord, _ b: KeyRecord) -> Bool {
        if a.validFrom != b.validFrom { return a.validFrom > b.validFrom }
        let (endA, endB) = (a.revokedAt ?? .distantFuture, b.revokedAt ?? .distantFuture)
        if endA != endB { return endA > endB }
        return a.kid < b.kid
    }
}
