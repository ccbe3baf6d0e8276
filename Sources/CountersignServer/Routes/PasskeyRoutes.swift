import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Crypto
import Foundation
import Hummingbird

/// Registration with an invitation, discoverable passkey login, logout and the session probe.
struct PasskeyRoutes: Sendable {
    let environment: ServerEnvironment
    var sessions: SessionAuthenticator { SessionAuthenticator(environment: environment) }
    var ceremonies: CeremonyKeeper { CeremonyKeeper(environment: environment) }
    var audit: AuditRecorder { AuditRecorder(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/registration/options") { request, context in try await registrationOptions(request, context) }
        router.post("/api/registration/verify") { request, context in try await registrationVerify(request, context) }
        router.post("/api/login/options") { request, context in try await loginOptions(request, context) }
        router.post("/api/login/verify") { request, context in try await loginVerify(request, context) }
        router.post("/api/logout") { request, _ in try await logout(request) }
        router.post("/api/logout/everywhere") { request, _ in try await logoutEverywhere(request) }
        router.get("/api/session") { request, _ in try await session(request) }
        router.get("/api/session/probe") { request, _ in try await sessionProbe(request) }
    }

    private func body(_ request: Request) async throws -> JSONObject {
        try await request.jsonObject(limit: 64 * 1024, maxDepth: 16)
    }

    // MARK: Registration

    private func registrationOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["invite"])
        let token = try body.requiredString("invite")
        let hash = Self.tokenHash(token)
        let now = environment.now
        let found = try await environment.store.read { reader -> (InvitationRecord, MemberRecord?, [PasskeyRecord])? in
            guard let invitation = try await reader.invitation(tokenHash: hash) else { return nil }
            return (invitation, try await reader.member(invitation.member), try await reader.passkeys(member: invitation.member))
        }
        guard let (invitation, member, passkeys) = found, let member, invitation.state(at: now) == .pending,
              invitation.recovery == nil || member.status == .active
        else {
            let error = APIError.forbidden("invitation_invalid", "the invitation is unknown, used or expired")
            await audit.refusal(actor: "anonymous", action: "registration.refused", subject: "invitation", error: error)
            throw error
        }
        if invitation.recovery == nil, let refusal = Self.invitationRefusal(passkeys: passkeys) {
            await audit.refusal(actor: member.id.rawValue, action: "registration.refused", subject: member.id.rawValue, error: refusal)
            throw refusal
        }
        let (options, id) = try await PasskeyRegistration(environment: environment).begin(for: member, excluding: passkeys, invitationHash: hash)
        return .json(["options": options, "ceremony": .string(id)])
    }

    private func registrationVerify(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["ceremony", "response"])
        let stored = try await ceremonies.finish(try body.requiredString("ceremony"), purpose: .registration)
        let memberText = stored.ceremony.memberID ?? ""
        guard let invitationHash = stored.invitationHash, let memberID = try? MemberID(memberText) else { throw CeremonyKeeper.unknown }
        let now = environment.now
        let responseObject = try body.requiredObject("response")
        let passkey: PasskeyRecord
        do {
            passkey = try await PasskeyRegistration(environment: environment).passkey(
                from: responseObject, ceremony: stored.ceremony, member: memberID, at: now)
        } catch let refusal as APIError {
            await audit.refusal(actor: memberText, action: "registration.refused", subject: memberText, error: refusal)
            throw refusal
        }
        if let recovery = try await environment.store.read({ try await $0.invitation(tokenHash: invitationHash)?.recovery }) {
            return try await RecoveryRegistration(environment: environment).register(
                passkey, invitationHash: invitationHash, operation: recovery, now: now)
        }
        let sessions = sessions
        let result: (MemberRecord, Cookie)
        do {
            result = try await environment.store.write { tx -> (MemberRecord, Cookie) in
                guard var member = try await tx.member(memberID) else { throw APIError.notFound("the member") }
                guard try await tx.markInvitationUsed(tokenHash: invitationHash, at: now) else {
                    if try await tx.invitation(tokenHash: invitationHash)?.state(at: now) == .revoked {
                        throw APIError.forbidden("invitation_invalid", "the invitation was revoked, or ended when another invitation of the member was used")
                    }
                    throw APIError.conflict("invitation_used", "the invitation was already used")
                }
                // Locked and read again: an invitation left pending by an earlier version, or two
                // used at once, cannot add a passkey to a member who has one.
                if let refusal = Self.invitationRefusal(passkeys: try await tx.lockPasskeys(member: memberID)) { throw refusal }
                try await tx.endOtherInvitations(of: memberID, than: invitationHash, at: now)
                do {
                    try await tx.insertPasskey(passkey)
                } catch StoreError.duplicate {
                    throw APIError.conflict("passkey_exists", "this passkey is already registered")
                }
                if member.status == .invited {
                    member.status = .active
                    try await tx.updateMember(member)
                }
                let cookie = try await sessions.create(for: memberID, credentialID: passkey.credentialID, in: tx, now: now)
                _ = try await tx.appendAudit(
                    actor: memberID.rawValue, action: "passkey.registered", subject: memberID.rawValue,
                    details: .object(PasskeyRegistration.identityDetails(of: passkey, response: responseObject)), at: now)
                return (member, cookie)
            }
        } catch let refusal as APIError {
            await audit.refusal(actor: memberText, action: "registration.refused", subject: memberText, error: refusal)
            throw refusal
        }
        environment.events.nudge()
        var response = Response.json(["member": MemberJSON.json(result.0), "credentialId": .string(Base64URL.encode(passkey.credentialID))], status: .created)
        response.setCookie(result.1)
        return response
    }

    // MARK: Login

    private func loginOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let bytes = try await request.bodyBytes(limit: 1024)
        if !bytes.isEmpty {
            let body = try JSONParser(limits: .init(maxBytes: 1024, maxDepth: 2)).parseObject(bytes)
            try body.allowOnly([])
        }
        let ceremony = Ceremony.generate(
            purpose: .authentication, now: environment.now, lifetime: environment.configuration.ceremonyLifetime, userVerification: .required)
        let options = environment.relyingParty.requestOptions(for: ceremony)
        let id = try await ceremonies.begin(StoredCeremony(ceremony: ceremony))
        return .json(["options": options.json, "ceremony": .string(id)])
    }

    private func loginVerify(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["ceremony", "response"])
        let stored = try await ceremonies.finish(try body.requiredString("ceremony"), purpose: .authentication)
        let response = try Self.assertionResponse(body)
        let (member, verified, _) = try await PasskeyAssertionCheck(environment: environment).verify(
            response, ceremony: stored.ceremony, action: "login.refused", expectedMember: nil)
        let now = environment.now
        let sessions = sessions
        let cookie = try await environment.store.write { tx -> Cookie in
            let cookie = try await sessions.create(for: member.id, credentialID: verified.credentialID, in: tx, now: now)
            _ = try await tx.appendAudit(
                actor: member.id.rawValue, action: "session.created", subject: member.id.rawValue,
                details: ["credentialId": .string(Base64URL.encode(verified.credentialID))], at: now)
            return cookie
        }
        var reply = Response.json(["member": MemberJSON.json(member)])
        reply.setCookie(cookie)
        return reply
    }

    private func logout(_ request: Request) async throws -> Response {
        if let value = request.cookies[SessionAuthenticator.cookieName]?.value, !value.isEmpty {
            let hash = SessionAuthenticator.hash(value)
            try await environment.store.write { try await $0.deleteSession(idHash: hash) }
        }
        var response = Response.json(["loggedOut": true])
        response.setCookie(sessions.clearingCookie)
        return response
    }

    /// Ends every session of the calling member, this one included ("sign out everywhere").
    private func logoutEverywhere(_ request: Request) async throws -> Response {
        let (member, _) = try await sessions.member(of: request)
        let now = environment.now
        let ended = try await environment.store.write { tx -> Int in
            let ended = try await tx.deleteSessions(member: member.id)
            _ = try await tx.appendAudit(
                actor: member.id.rawValue, action: "session.ended_everywhere", subject: member.id.rawValue,
                details: ["sessions": .number(Double(ended))], at: now)
            return ended
        }
        environment.events.nudge()
        var response = Response.json(["loggedOut": true, "sessions": .number(Double(ended))])
        response.setCookie(sessions.clearingCookie)
        return response
    }

    /// An ordinary invitation registers a member's first passkey only: once the member has a
    /// live passkey, another one is added by the member (signed in, asserted with a passkey they
    /// have) or by account recovery, never by a second invitation.
    static func invitationRefusal(passkeys: [PasskeyRecord]) -> APIError? {
        guard passkeys.contains(where: \.isLive) else { return nil }
        return APIError.forbidden(
            "invitation_member_has_passkey",
            "the member already has a passkey; add another from the account page, or ask the admin for account recovery")
    }

    private func session(_ request: Request) async throws -> Response {
        let (member, _) = try await sessions.member(of: request)
        return .json(["member": MemberJSON.json(member)])
    }

    /// The web app's question "who is signed in here, if anyone?". Having no session is a normal
    /// state for a visitor, not a failed request, so it is answered 200 with `"member": null` and
    /// the reason (`unauthenticated` or `session_expired`): a 401 would make the browser log a
    /// console error on every anonymous visit. Refusals other than "no session" (a suspended
    /// member: 403) stay refusals.
    private func sessionProbe(_ request: Request) async throws -> Response {
        do {
            let (member, _) = try await sessions.member(of: request)
            return .json(["member": MemberJSON.json(member)])
        } catch let error as APIError where error.status == .unauthorized {
            return .json(["member": .null, "reason": .string(error.code)])
        }
    }

    static func assertionResponse(_ body: JSONObject) throws -> AuthenticationResponseJSON {
        let object = try body.requiredObject("response")
        do throws(WebAuthnError) {
            return try AuthenticationResponseJSON(.object(object))
        } catch {
            throw APIError.badRequest("webauthn_\(error.code.rawValue)", error.message)
        }
    }

    static func tokenHash(_ token: String) -> String { Base64URL.encode(SHA256.hash(data: Array(token.utf8))) }
}

extension JSONParser {
    /// Parses bytes that must be one JSON object, as a 400 otherwise.
    func parseObject(_ bytes: [UInt8]) throws(APIError) -> JSONObject {
        guard let object = try? parse(bytes).objectValue else { throw .badRequest("invalid_json", "the body must be a JSON object") }
        return object
    }
}
