import Countersign
import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Authenticates a member's request from the CLI or a service by its RFC 9421 signature
/// (docs/http-signatures.md): ed25519 or ecdsa-p256-sha256 with one of the member's enrolled or attested keys,
/// keyid = the key's kid, covering @method, @target-uri and (with a body) content-digest, created
/// within the configured window, and a nonce never used before with that key. Failures answer
/// 401 member_unauthenticated, are audited as `request.refused` and rate-limited per client
/// address, as admin failures are; a verified request counts against its key id's limit.
struct MemberSignatureAuthenticator: Sendable {
    let environment: ServerEnvironment

    /// The member who signed the request; `body` is the bytes the route read, which the
    /// signature's content-digest must match.
    func member(of request: Request, body: [UInt8], context: ServerRequestContext) async throws -> MemberRecord {
        try await signer(of: request, body: body, context: context).member
    }

    /// The member who signed the request and the key that signed it (proof of possession, for a
    /// key that revokes itself).
    func signer(of request: Request, body: [UInt8], context: ServerRequestContext) async throws -> (member: MemberRecord, key: KeyRecord) {
        let signer = try await authenticate(request, body: body, context: context, spendNonce: true, useKept: false)
        return (signer.member, signer.key)
    }

    /// The member who signed the request and the nonce, which the caller must spend
    /// (`SignatureNonce`): in its own write transaction, or alone when that does not commit. A
    /// replay found then is refused with `replayRefusal`. With `useKept`, the key and member may
    /// come from `KeptSigners` (`kept` is then true) and the caller must confirm them under its
    /// lock, or call again without `useKept`.
    func memberDeferringNonce(
        of request: Request, body: [UInt8], context: ServerRequestContext, useKept: Bool
    ) async throws -> (member: MemberRecord, key: KeyRecord, nonce: SignatureNonce, kept: Bool) {
        try await authenticate(request, body: body, context: context, spendNonce: false, useKept: useKept)
    }

    /// The refusal of a request whose nonce its route found already spent: audited and
    /// rate-limited as every failed signature is.
    func replayRefusal(of request: Request, keyid: String, context: ServerRequestContext) async -> ServiceError {
        await refuse(request, keyid: keyid, error: .replayed, context: context)
    }

    private func authenticate(
        _ request: Request, body: [UInt8], context: ServerRequestContext, spendNonce: Bool, useKept: Bool
    ) async throws -> (member: MemberRecord, key: KeyRecord, nonce: SignatureNonce, kept: Bool) {
        let now = environment.now
        let limiter = environment.memberSignatureLimiter
        if limiter.isBlocked(context.clientAddress, now: now) {
            throw ServiceError.rateLimited("too many failed signed requests; wait a minute")
        }
        var keyid = ""
        let signer: (member: MemberRecord, key: KeyRecord, nonce: SignatureNonce, kept: Bool)
        do {
            let message = try SignedRequest.message(from: request, body: body)
            let fields = try? SignatureFields(message: message)
            keyid = fields.flatMap(Self.keyid) ?? ""
            signer = try await verify(message, fields: fields, keyid: keyid, now: now, spendNonce: spendNonce, useKept: useKept)
        } catch let error as ServiceError {
            throw await refuse(request, keyid: keyid, error: error, context: context)
        }
        // After verifying: only the key's holder spends its budget.
        try await environment.limitSignedRequests(keyID: keyid)
        return signer
    }

    /// Audits and rate-limits a failed signature; returns the error to answer with.
    private func refuse(_ request: Request, keyid: String, error: ServiceError, context: ServerRequestContext) async -> ServiceError {
        let now = environment.now
        // A removed member's valid signature is theirs: 403, not a failed authentication.
        let removed = error.code == "member_removed"
        if !removed { _ = environment.memberSignatureLimiter.allow(context.clientAddress, now: now) }
        let refusal = removed ? error : ServiceError(.unauthenticated, "member_unauthenticated", error.message)
        await environment.services.audit.refusal(
            actor: "anonymous", action: "request.refused", subject: request.uri.path, error: refusal,
            details: ["keyid": .string(String(keyid.prefix(128)))], privateDetails: ["client": .string(context.clientAddress)])
        return refusal
    }

    /// The keyid the request names. The verifier resolves keys synchronously, so the key is read
    /// from the store before verifying; the verifier then checks that the signature names it.
    private static func keyid(of fields: SignatureFields) -> String? {
        guard fields.entries.count == 1 else { return nil }
        return fields.entries[0].parameters.keyid
    }

    /// Verification keys decoded once per distinct stored JWK (`BoundedCache`).
    private static let signatureKeys = BoundedCache<String, HTTPSignatureKey>(limit: 4096)

    private static func signatureKey(_ record: KeyRecord) -> HTTPSignatureKey? {
        if let kept = signatureKeys.value(for: record.jwk) { return kept }
        guard let jwk = try? StatementRecords.jwk(record), let key = try? HTTPSignatureKey(jwk: jwk) else { return nil }
        signatureKeys.store(key, for: record.jwk)
        return key
    }

    private func verify(
        _ message: HTTPMessage, fields: SignatureFields?, keyid: String, now: Date, spendNonce: Bool, useKept: Bool
    ) async throws -> (member: MemberRecord, key: KeyRecord, nonce: SignatureNonce, kept: Bool) {
        guard let fields, IdentifierText.isBase64URL(keyid, maxLength: 128) else {
            throw ServiceError.unauthorized("the request must carry exactly one signature naming a keyid")
        }
        // Without a snapshot: a vote locks its key again before anything is decided on it, and
        // confirms a kept signer there (`KeptSigners`).
        let keptSigner = useKept ? environment.keptSigners.signer(kid: keyid, at: now) : nil
        let found: (KeyRecord, MemberRecord?)? = if let keptSigner {
            (keptSigner.key, keptSigner.member)
        } else {
            try await environment.store.readEach { reader in try await reader.keyWithMember(kid: keyid) }
        }
        guard let (record, member) = found, let member else { throw ServiceError.unauthorized("the key \(keyid) is unknown") }
        // A removed member's keys are revoked too; once the signature proves the request is
        // theirs, the removal is the clearer answer (403 member_removed, below).
        let removed = member.status == .removed
        if record.isRevoked(at: now), !removed { throw ServiceError.unauthorized("the key \(keyid) is revoked") }
        // An admin enrolment for a passkey member waits for its delay or the member's confirmation.
        if record.validFrom > now {
            throw ServiceError.unauthorized(
                "the key \(keyid) is valid from \(Timestamp.format(record.validFrom)); the member can confirm its enrolment with a passkey to use it sooner")
        }
        guard member.status == .active || removed else { throw ServiceError.unauthorized("the key's member is not active") }
        guard let key = Self.signatureKey(record) else { throw ServiceError.unauthorized("the key \(keyid) cannot sign HTTP requests") }
        let window = environment.configuration.requestSignatureWindow
        let verified: VerifiedSignature
        do {
            verified = try HTTPSignatureVerifier(policy: HTTPSignatureVerificationPolicy(maximumAge: Int(window)))
                .verify(message, fields: fields, now: Int(now.timeIntervalSince1970)) { $0 == keyid ? key : nil }
        } catch {
            throw ServiceError.unauthorized("the request signature is not valid: \(error)")
        }
        // A removed member's request is refused below whatever the caller meant to do with the
        // nonce: it is spent here, first.
        if spendNonce || removed { try await SignedRequest.recordNonce(of: verified, keyID: keyid, method: message.method ?? "", in: environment) }
        if removed, let refusal = MemberStatusCheck.refusal(member) { throw refusal }
        if keptSigner == nil { environment.keptSigners.keep(record, of: member) }
        return (member, record, SignatureNonce(of: verified, keyID: keyid, window: window), keptSigner != nil)
    }
}
