import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation
import Hummingbird

/// Signing keys: attestation by a passkey (docs/formats.md), enrolment by user token (section 6),
/// key records and the JWK set.
struct KeyRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var ceremonies: CeremonyKeeper { CeremonyKeeper(environment: environment) }
    var audit: AuditRecorder { AuditRecorder(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/keys/attestation/options") { request, context in try await attestationOptions(request, context) }
        router.post("/api/keys") { request, context in try await attest(request, context) }
        router.post("/api/keys/enrol") { request, _ in try await enrol(request) }
        router.get("/api/keys/:kid") { _, context in try await key(context.parameters.require("kid")) }
        router.get("/.well-known/jwks.json") { _, _ in try await jwks() }
    }

    private func attestationOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["jwk"])
        let jwk = try Self.publicSigningKey(body["jwk"])
        let passkeys = try await environment.store.read { try await $0.passkeys(member: member.id) }.filter { $0.revokedAt == nil }
        guard !passkeys.isEmpty else { throw APIError.conflict("no_passkey", "register a passkey before attesting a key") }
        let nonce = Base64URL.encode(ServerSecrets.randomBytes(32))
        let challenge = KeyAttestationChallenge(member: member.id.rawValue, jkt: jwk.thumbprint, nonce: nonce).challenge
        let now = environment.now
        let ceremony = try Ceremony(
            purpose: .keyAttestation, challenge: challenge, issuedAt: now,
            expiresAt: now.addingTimeInterval(environment.configuration.ceremonyLifetime), userVerification: .required,
            userHandle: member.userHandle, memberID: member.id.rawValue, allowedCredentialIDs: passkeys.map(\.credentialID))
        let transports = Dictionary(passkeys.map { ($0.credentialID, $0.transports) }, uniquingKeysWith: { first, _ in first })
        let options = environment.relyingParty.requestOptions(for: ceremony, transports: transports)
        let jwkText = String(decoding: JCS.canonicalize(.object(jwk.jsonObject())), as: UTF8.self)
        let id = try await ceremonies.begin(StoredCeremony(ceremony: ceremony, jwk: jwkText, nonce: nonce))
        return .json(["options": options.json, "ceremony": .string(id), "nonce": .string(nonce), "kid": .string(jwk.thumbprint)])
    }

    private func attest(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 8)
        try body.allowOnly(["ceremony", "jwk", "response", "replaces"])
        let replaces = try Self.replacedKid(body["replaces"])
        let stored = try await ceremonies.finish(try body.requiredString("ceremony"), purpose: .keyAttestation)
        let jwk = try Self.publicSigningKey(body["jwk"])
        guard stored.ceremony.memberID == member.id.rawValue, let nonce = stored.nonce, let boundText = stored.jwk,
              let bound = try? JWK(json: Array(boundText.utf8)), bound.thumbprint == jwk.thumbprint
        else {
            let error = APIError.badRequest("attestation_key_mismatch", "the ceremony was begun for another key or member")
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: error)
            throw error
        }
        let response = try PasskeyRoutes.assertionResponse(body)
        let (_, verified, passkey) = try await PasskeyAssertionCheck(environment: environment).verify(
            response, ceremony: stored.ceremony, action: "key.refused", expectedMember: member.id)
        let now = environment.now
        let record = KeyAttestationRecord(member: member.id.rawValue, jwk: jwk, proof: .passkey(.init(
            nonce: nonce, rpID: environment.relyingParty.id, origin: verified.clientData.origin, credentialID: passkey.credentialID,
            passkeyPublicKey: passkey.publicKey, authenticatorData: response.authenticatorData,
            clientDataJSON: response.clientDataJSON, signature: response.signature, attestedAt: now)))
        // The stored record must verify offline exactly as a bundle's reader will check it.
        do {
            _ = try record.verify()
        } catch {
            let refusal = APIError.badRequest("attestation_invalid", "the attestation does not verify offline: \(error)")
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        let stored2: JSONValue
        do {
            stored2 = try await store(record, member: member.id, method: "passkey", at: now, replacing: replaces)
        } catch let refusal as APIError {
            await audit.refusal(actor: member.id.rawValue, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        if replaces != nil { try await Revocation(environment: environment).reevaluate(member.id) }
        return .json(stored2, status: .created)
    }

    private func enrol(_ request: Request) async throws -> Response {
        let body = try await request.jsonObject(limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["token", "jwk"])
        let token = try body.requiredString("token")
        let jwk = try Self.publicSigningKey(body["jwk"])
        let now = environment.now
        let claims: UserToken
        do {
            claims = try UserToken.verify(token, adminKey: environment.secrets.adminKey, now: now)
        } catch {
            let refusal = APIError.unauthorized("the user token is not valid: \(error)")
            await audit.refusal(actor: "anonymous", action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        let record = KeyAttestationRecord(member: claims.userID, jwk: jwk, proof: .adminToken(token: token, enrolledAt: now))
        do {
            _ = try record.verify(adminKey: environment.secrets.adminKey)
        } catch {
            let refusal = APIError.badRequest("enrolment_key_mismatch", "the token does not name this member and key: \(error)")
            await audit.refusal(actor: claims.userID, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        guard let memberID = try? MemberID(claims.userID), let found = try await environment.store.read({ reader -> (MemberRecord, [PasskeyRecord])? in
            guard let member = try await reader.member(memberID) else { return nil }
            return (member, try await reader.passkeys(member: memberID))
        }) else { throw APIError.forbidden("member_unknown", "the token's member does not exist") }
        let (member, passkeys) = found
        if !member.status.mayEnrolKeys {
            let refusal = APIError.forbidden("member_\(member.status.rawValue)", "the token's member is \(member.status.rawValue) and cannot enrol keys")
            await audit.refusal(actor: claims.userID, action: "key.refused", subject: jwk.thumbprint, error: refusal)
            throw refusal
        }
        // A member with a passkey is a person who signs in: the ADMIN_KEY alone must not give
        // anyone a key that votes as them. The enrolment is announced and waits.
        if passkeys.contains(where: \.isLive) {
            return try await scheduleEnrolment(record, member: member.id)
        }
        var json = try await store(record, member: member.id, method: "admin-token", at: now)
        json = Self.with(json, operation: .null)
        return .json(json, status: .created)
    }

    /// Stores an admin-enrolled key for a passkey member as a `key.enrol` operation: the key is
    /// valid from the operation's due time (the dangerous-operation delay), announced to the
    /// member, cancellable with their passkey, and confirmable earlier by them. 202 with the key
    /// record and the operation.
    private func scheduleEnrolment(_ record: KeyAttestationRecord, member: MemberID) async throws -> Response {
        let jwkText = String(decoding: JCS.canonicalize(.object(record.jwk.jsonObject())), as: UTF8.self)
        let attestation = String(decoding: record.canonicalBytes, as: UTF8.self)
        let kid = record.jwk.thumbprint
        let operation: OperationRecord
        do {
            operation = try await OperationScheduler(environment: environment).schedule(
                .keyEnrol, member: member, target: kid, details: ["kid": .string(kid)]
            ) { operation, tx in
                guard let owner = try await tx.member(member), owner.status == .active else {
                    throw APIError.forbidden("member_not_active", "the token's member is not active")
                }
                let validFrom = operation.dueAt ?? operation.scheduledAt
                let key = KeyRecord(kid: kid, member: member, jwk: jwkText, method: "admin-token", attestation: attestation, validFrom: validFrom)
                do {
                    try await tx.insertKey(key)
                } catch StoreError.duplicate {
                    throw APIError.conflict("key_exists", "this key is already enrolled")
                }
                var details = Self.identityDetails(of: key)
                details["operation"] = .string(operation.id)
                try await tx.appendAudit(actor: member.rawValue, action: "key.enrolled", subject: kid, details: .object(details), at: operation.scheduledAt)
                return ["validFrom": .string(Timestamp.format(validFrom))]
            }
        } catch let refusal as APIError {
            await audit.refusal(actor: member.rawValue, action: "key.refused", subject: kid, error: refusal)
            throw refusal
        }
        guard let key = try await environment.store.read({ try await $0.key(kid: kid) }) else { throw APIError.notFound("the key") }
        return .json(Self.with(try KeyJSON.json(key), operation: OperationJSON.json(operation)), status: .accepted)
    }

    /// An enrolment's answer: the key record with the operation it waits for (or null).
    private static func with(_ json: JSONValue, operation: JSONValue) -> JSONValue {
        guard var object = json.objectValue else { return json }
        object["operation"] = operation
        return .object(object)
    }

    /// Stores the key; with `replacing`, revokes that key of the member in the same transaction,
    /// as of the new key's validFrom (rotation, audited `key.rotated`).
    private func store(
        _ record: KeyAttestationRecord, member: MemberID, method: String, at now: Date, replacing replaced: String? = nil
    ) async throws -> JSONValue {
        let jwkText = String(decoding: JCS.canonicalize(.object(record.jwk.jsonObject())), as: UTF8.self)
        let draft = KeyRecord(
            kid: record.jwk.thumbprint, member: member, jwk: jwkText, method: method,
            attestation: String(decoding: record.canonicalBytes, as: UTF8.self), validFrom: now)
        let environment = environment
        let key = try await environment.store.write { tx -> KeyRecord in
            // The replaced key is locked first (lock order: key, then audit) and the time taken
            // after, so a vote with it that committed first was received before its revocation.
            var old: KeyRecord?
            if let replaced { old = try await Self.lockReplaced(replaced, member: member, successor: draft.kid, in: tx) }
            var key = draft
            if old != nil { key.validFrom = max(now, environment.now) }
            // Checked in the transaction, so a suspension committed meanwhile is not overtaken. A
            // service member created by the admin becomes active with its first key.
            guard var owner = try await tx.member(member), owner.status != .suspended, owner.status != .removed else {
                throw APIError.forbidden("member_unknown", "the key's member does not exist or is suspended")
            }
            if method == "admin-token", try await tx.lockPasskeys(member: member).contains(where: \.isLive) {
                throw APIError.conflict("member_has_passkey", "the member registered a passkey meanwhile; enrol again to schedule the enrolment")
            }
            if owner.status == .invited {
                owner.status = .active
                try await tx.updateMember(owner)
            }
            do {
                try await tx.insertKey(key)
            } catch StoreError.duplicate {
                throw APIError.conflict("key_exists", "this key is already enrolled")
            }
            _ = try await tx.appendAudit(
                actor: member.rawValue, action: "key.\(method == "passkey" ? "attested" : "enrolled")", subject: key.kid,
                details: .object(Self.identityDetails(of: key)), at: key.validFrom)
            if let old { try await Self.retire(old, by: key, in: tx) }
            return key
        }
        environment.events.nudge()
        return try KeyJSON.json(key)
    }

    private func key(_ kid: String) async throws -> Response {
        guard PathTokens.isBase64URL(kid, maxLength: 128), let key = try await environment.store.read({ try await $0.key(kid: kid) }) else {
            throw APIError.notFound("the key")
        }
        return .json(try KeyJSON.json(key))
    }

    private func jwks() async throws -> Response {
        let keys = try await environment.store.read { try await $0.allKeys() }
        let now = environment.now
        let jwks = keys.filter { !$0.isRevoked(at: now) && $0.validFrom <= now }.compactMap { try? JSONParser().parse(Array($0.jwk.utf8)) }
        return .json(["keys": .array(jwks)])
    }

    /// A public signing key of an algorithm members may use (MemberSigningAlgorithms, the list
    /// votes are verified with), never a private or secret key, with a kid (if any) equal to its
    /// thumbprint.
    static func publicSigningKey(_ value: JSONValue?) throws(APIError) -> JWK {
        guard let object = value?.objectValue else { throw .badRequest("missing_field", "\"jwk\" must be a JSON Web Key object") }
        let jwk: JWK
        do {
            jwk = try JWK(object)
        } catch {
            throw .badRequest("invalid_jwk", "\(error)")
        }
        guard !jwk.isPrivate, !object.keys.contains("d") else { throw .badRequest("private_key_refused", "send the public key only; a private key never leaves its device") }
        guard MemberSigningAlgorithms.accepts(jwk) else {
            throw .badRequest("key_type_not_allowed", "signing keys are Ed25519, P-256 (ES256), ML-DSA-65 or ML-DSA-87")
        }
        if let kid = object["kid"]?.stringValue, kid != jwk.thumbprint {
            throw .badRequest("kid_not_thumbprint", "kid must be the key's RFC 7638 thumbprint")
        }
        return jwk
    }
}

/// How key records appear in API responses: the record of docs/formats.md plus status.
enum KeyJSON {
    static func json(_ key: KeyRecord) throws -> JSONValue {
        let jwk = try JSONParser().parse(Array(key.jwk.utf8))
        let attestation = try JSONParser().parse(Array(key.attestation.utf8))
        return .object([
            "kid": .string(key.kid), "member": .string(key.member.rawValue), "jwk": jwk, "method": .string(key.method),
            "attestation": attestation, "validFrom": .string(Timestamp.format(key.validFrom)),
            "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }
}

extension KeyRoutes {
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
