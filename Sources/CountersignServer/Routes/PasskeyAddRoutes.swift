import Countersign
import CountersignJSON
import Hummingbird

/// A member adds a passkey (a second device) to their own account (`PasskeyService.add`).
///
/// `POST /api/passkeys/add/options` (empty body) returns `{"assertion":{"options","ceremony"},
/// "registration":{"options","ceremony"}}`; `POST /api/passkeys/add` takes
/// `{"assertion":{"ceremony","response"},"registration":{"ceremony","response"}}` and answers 201
/// with the new passkey.
struct PasskeyAddRoutes: Sendable {
    let environment: ServerEnvironment
    var passkeys: PasskeyService { environment.services.passkeys }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/passkeys/add")
        group.post("options") { request, context in try await options(request, context) }
        group.post { request, context in try await add(request, context) }
    }

    private func options(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await AssertionRequest.optionsCaller(request, context, environment: environment)
        let (assertion, registration) = try await passkeys.addOptions(for: member)
        return .json([
            "assertion": .object(["options": assertion.options, "ceremony": .string(assertion.id)]),
            "registration": .object(["options": registration.options, "ceremony": .string(registration.id)]),
        ])
    }

    private func add(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 128 * 1024)
        let member = try await MemberAuthenticator(environment: environment).member(of: request, body: bytes, context: context)
        try await environment.limitCeremonies(from: context.clientAddress)
        let revocation = environment.services.revocation
        let (assertion, registration) = try await revocation.audited(member, PasskeyService.addRefused, subject: member.id.rawValue) {
            let body = try AssertionRequest.body(bytes, optionsRoute: "/api/passkeys/add/options")
            try body.allowOnly(["assertion", "registration"])
            return (try AssertionRequest.assertion(try body.requiredObject("assertion")), try body.requiredObject("registration"))
        }
        let stored = try await passkeys.add(member: member, assertion: assertion, registration: registration)
        return .json(["passkey": PasskeyLifecycleRoutes.json(stored)], status: .created)
    }
}
