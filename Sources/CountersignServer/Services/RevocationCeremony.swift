import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation
import Hummingbird

/// The passkey assertion that authorises revoking one signing key or passkey: request options
/// over a fresh challenge, limited to the member's live passkeys, user verification required; the
/// stored ceremony remembers the member and the target ("key:<kid>", "passkey:<id>"), so its
/// assertion can revoke nothing else and complete no other ceremony.
struct RevocationCeremony: Sendable {
    let environment: ServerEnvironment

    /// The member asking for revocation options; the body is empty or `{}`.
    func optionsCaller(of request: Request, context: ServerRequestContext) async throws -> MemberRecord {
        let bytes = try await request.bodyBytes(limit: 1024)
        let member = try await MemberAuthenticator(environment: environment).member(of: request, body: bytes, context: context)
        if !bytes.isEmpty { try JSONParser(limits: .init(maxBytes: 1024, maxDepth: 2)).parseObject(bytes).allowOnly([]) }
        return member
    }

    /// The body of a revocation, `{"ceremony","response"}`; empty (or `{}`) is 400
    /// `passkey_required`, naming the options route to call first.
    static func assertionBody(_ bytes: [UInt8], optionsRoute: String) throws -> JSONObject {
        let body = bytes.isEmpty ? JSONObject() : try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 16)
        guard !body.keys.isEmpty else {
            throw APIError.badRequest("passkey_required", "send {\"ceremony\",\"response\"}: a passkey assertion from POST \(optionsRoute)")
        }
        return body
    }

    /// Begins the ceremony; the reply is {"options","ceremony"}. 409 `no_passkey` when the member
    /// has no live passkey (a service member revokes its key by signing with it instead).
    func begin(member: MemberRecord, target: String, context: ServerRequestContext) async throws -> Response {
        let (options, id) = try await start(member: member, target: target, context: context)
        return .json(["options": options, "ceremony": .string(id)])
    }

    /// Stores a new assertion ceremony for `member` and `target`; returns its request options and id.
    func start(member: MemberRecord, target: String, context: ServerRequestContext) async throws -> (options: JSONValue, id: String) {
        try await environment.limitCeremonies(from: context.clientAddress)
        let passkeys = try await environment.store.read { try await $0.passkeys(member: member.id) }
            .filter(\.isLive)
        guard !passkeys.isEmpty else {
            throw APIError.conflict("no_passkey", "this member has no live passkey; a key enrolled by the admin is revoked by a request it signs")
        }
        let ceremony = Ceremony.generate(
            purpose: .revocation, now: environment.now, lifetime: environment.configuration.ceremonyLifetime, userVerification: .required,
            userHandle: member.userHandle, memberID: member.id.rawValue, allowedCredentialIDs: passkeys.map(\.credentialID))
        let transports = Dictionary(passkeys.map { ($0.credentialID, $0.transports) }, uniquingKeysWith: { first, _ in first })
        let options = environment.relyingParty.requestOptions(for: ceremony, transports: transports)
        let id = try await CeremonyKeeper(environment: environment).begin(StoredCeremony(ceremony: ceremony, target: target))
        return (options.json, id)
    }

    /// Consumes the ceremony named in `body` ({"ceremony","response"}) and verifies its assertion
    /// by one of `member`'s live passkeys; returns the passkey that asserted. A ceremony begun for
    /// another member or target is 400 `ceremony_mismatch`; every refusal is audited as `action`.
    func finish(_ body: JSONObject, member: MemberRecord, target: String, action: String) async throws -> PasskeyRecord {
        try body.allowOnly(["ceremony", "response"])
        let stored = try await CeremonyKeeper(environment: environment).finish(try body.requiredString("ceremony"), purpose: .revocation)
        guard stored.ceremony.memberID == member.id.rawValue, stored.target == target else {
            let error = APIError.badRequest("ceremony_mismatch", "the ceremony was begun to revoke something else")
            await AuditRecorder(environment: environment).refusal(actor: member.id.rawValue, action: action, subject: target, error: error)
            throw error
        }
        let response = try PasskeyRoutes.assertionResponse(body)
        let (_, _, passkey) = try await PasskeyAssertionCheck(environment: environment).verify(
            response, ceremony: stored.ceremony, action: action, expectedMember: member.id)
        return passkey
    }
}
