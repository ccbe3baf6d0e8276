import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation
import Hummingbird

/// Registration with an invitation (`RegistrationService`), discoverable passkey login and logout
/// (`SessionService`), and the session probe.
struct PasskeyRoutes: Sendable {
    let environment: ServerEnvironment
    var sessions: SessionAuthenticator { SessionAuthenticator(environment: environment) }
    var sessionService: SessionService { environment.services.sessions }
    var registrations: RegistrationService { environment.services.registrations }

    func register(on router: Router<ServerRequestContext>) {
        let registration = router.group("api/registration")
        registration.post("status") { request, context in try await registrationStatus(request, context) }
        registration.post("options") { request, context in try await registrationOptions(request, context) }
        registration.post("verify") { request, context in try await registrationVerify(request, context) }
        let login = router.group("api/login")
        login.post("options") { request, context in try await loginOptions(request, context) }
        login.post("verify") { request, context in try await loginVerify(request, context) }
        let logout = router.group("api/logout")
        logout.post { request, _ in try await self.logout(request) }
        logout.post("everywhere") { request, _ in try await logoutEverywhere(request) }
        let session = router.group("api/session")
        session.get { request, _ in try await self.session(request) }
        session.get("probe") { request, _ in try await sessionProbe(request) }
    }

    private func body(_ request: Request) async throws -> JSONObject {
        try await request.jsonObject(limit: 64 * 1024, maxDepth: 16)
    }

    // MARK: Registration

    private func registrationOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["invite"])
        let (options, id) = try await registrations.options(invitation: try body.requiredString("invite"))
        return .json(["options": options, "ceremony": .string(id)])
    }

    /// The invitation's state for the invitation page: {"state": "pending" | "used" | "expired" |
    /// "revoked" | "unknown", "expiresAt", "recovery"}. A wrong token is "unknown" with nulls,
    /// the same answer for every wrong token (200: the page logs no failed request).
    private func registrationStatus(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["invite"])
        let token = try body.requiredString("invite")
        guard token.utf8.count <= 256, let (state, invitation) = try await registrations.status(invitation: token) else {
            return .json(["state": "unknown", "expiresAt": .null, "recovery": .null])
        }
        return .json([
            "state": .string(state.rawValue), "expiresAt": .string(Timestamp.format(invitation.expiresAt)),
            "recovery": .bool(invitation.recovery != nil),
        ])
    }

    private func registrationVerify(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["ceremony", "response"])
        let ceremony = try body.requiredString("ceremony")
        switch try await registrations.register(ceremony: ceremony, response: try body.requiredObject("response")) {
        case .registered(let member, let passkey, let session):
            var response = Response.json(
                ["member": MemberJSON.json(member), "credentialId": .string(Base64URL.encode(passkey.credentialID))], status: .created)
            response.setCookie(sessions.cookie(for: session))
            return response
        case .recovering(let member, let passkey, let operation):
            return .json(
                ["member": MemberJSON.json(member), "credentialId": .string(Base64URL.encode(passkey.credentialID)),
                 "recovery": .object([
                     "operation": .string(operation.id), "dueAt": operation.dueAt.map { .string(Timestamp.format($0)) } ?? .null,
                 ])],
                status: .created)
        }
    }

    // MARK: Login

    private func loginOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let bytes = try await request.bodyBytes(limit: 1024)
        if !bytes.isEmpty {
            let body = try JSONParser(limits: .init(maxBytes: 1024, maxDepth: 2)).parseObject(bytes)
            try body.allowOnly([])
        }
        let (options, id) = try await sessionService.loginOptions()
        return .json(["options": options, "ceremony": .string(id)])
    }

    private func loginVerify(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try await body(request)
        try body.allowOnly(["ceremony", "response"])
        let ceremony = try body.requiredString("ceremony")
        let (member, session) = try await sessionService.login(ceremony: ceremony, response: try Self.assertionResponse(body))
        var reply = Response.json(["member": MemberJSON.json(member)])
        reply.setCookie(sessions.cookie(for: session))
        return reply
    }

    private func logout(_ request: Request) async throws -> Response {
        if let value = request.cookies[SessionAuthenticator.cookieName]?.value, !value.isEmpty {
            try await sessionService.logout(value: value)
        }
        var response = Response.json(["loggedOut": true])
        response.setCookie(sessions.clearingCookie)
        return response
    }

    /// Ends every session of the calling member, this one included ("sign out everywhere").
    private func logoutEverywhere(_ request: Request) async throws -> Response {
        let (member, _) = try await sessions.member(of: request)
        let ended = try await sessionService.endAll(of: member.id)
        var response = Response.json(["loggedOut": true, "sessions": .number(Double(ended))])
        response.setCookie(sessions.clearingCookie)
        return response
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
        } catch let error as ServiceError where error.kind == .unauthenticated {
            return .json(["member": .null, "reason": .string(error.code)])
        }
    }

    static func assertionResponse(_ body: JSONObject) throws -> AuthenticationResponseJSON {
        let object = try body.requiredObject("response")
        do throws(WebAuthnError) {
            return try AuthenticationResponseJSON(.object(object))
        } catch {
            throw ServiceError.invalid("webauthn_\(error.code.rawValue)", error.message)
        }
    }
}

extension JSONParser {
    /// Parses bytes that must be one JSON object, as a 400 otherwise.
    func parseObject(_ bytes: [UInt8]) throws(ServiceError) -> JSONObject {
        guard let object = try? parse(bytes).objectValue else { throw .invalid("invalid_json", "the body must be a JSON object") }
        return object
    }
}
