import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// A member adds a passkey (a second device) to their own active account: the new credential's
/// registration counts only together with an assertion, in the same request, by a passkey the
/// member already has. An invitation cannot do this (it registers a first passkey only), and the
/// admin's way is account recovery with its announced delay.
///
/// `POST /api/passkeys/add/options` (empty body) returns `{"assertion":{"options","ceremony"},
/// "registration":{"options","ceremony"}}`; `POST /api/passkeys/add` takes
/// `{"assertion":{"ceremony","response"},"registration":{"ceremony","response"}}` and answers 201
/// with the new passkey. Refusals are audited `passkey.add_refused`; success `passkey.added`.
struct PasskeyAddRoutes: Sendable {
    let environment: ServerEnvironment
    static let target = "passkey:add"
    static let refused = "passkey.add_refused"

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/passkeys/add/options") { request, context in try await options(request, context) }
        router.post("/api/passkeys/add") { request, context in try await add(request, context) }
    }

    private func options(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let ceremony = RevocationCeremony(environment: environment)
        let member = try await ceremony.optionsCaller(of: request, context: context)
        let (assertionOptions, assertionID) = try await ceremony.start(member: member, target: Self.target, context: context)
        let passkeys = try await environment.store.read { try await $0.passkeys(member: member.id) }
        let (creation, registrationID) = try await PasskeyRegistration(environment: environment).begin(
            for: member, excluding: passkeys, target: Self.target)
        return .json([
            "assertion": .object(["options": assertionOptions, "ceremony": .string(assertionID)]),
            "registration": .object(["options": creation, "ceremony": .string(registrationID)]),
        ])
    }

    private func add(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 128 * 1024)
        let member = try await MemberAuthenticator(environment: environment).member(of: request, body: bytes, context: context)
        try await environment.limitCeremonies(from: context.clientAddress)
        let revocation = Revocation(environment: environment)
        let (assertion, registration) = try await revocation.audited(member, Self.refused, subject: member.id.rawValue) {
            let body = try RevocationCeremony.assertionBody(bytes, optionsRoute: "/api/passkeys/add/options")
            try body.allowOnly(["assertion", "registration"])
            return (try body.requiredObject("assertion"), try body.requiredObject("registration"))
        }
        let asserting = try await RevocationCeremony(environment: environment).finish(
            assertion, member: member, target: Self.target, action: Self.refused)
        let now = environment.now
        let passkey = try await revocation.audited(member, Self.refused, subject: member.id.rawValue) { () async throws -> PasskeyRecord in
            try registration.allowOnly(["ceremony", "response"])
            let stored = try await CeremonyKeeper(environment: environment).finish(try registration.requiredString("ceremony"), purpose: .registration)
            guard stored.ceremony.memberID == member.id.rawValue, stored.target == Self.target, stored.invitationHash == nil else {
                throw APIError.badRequest("ceremony_mismatch", "the registration ceremony was begun for another member or purpose")
            }
            return try await PasskeyRegistration(environment: environment).passkey(
                from: try registration.requiredObject("response"), ceremony: stored.ceremony, member: member.id, at: now)
        }
        var identity = PasskeyRegistration.identityDetails(of: passkey, response: (try? registration.requiredObject("response")) ?? [:])
        identity["assertedBy"] = .string(Base64URL.encode(asserting.credentialID))
        let stored = try await revocation.audited(member, Self.refused, subject: member.id.rawValue) { [identity] in
            try await environment.store.write { tx -> PasskeyRecord in
                guard let current = try await tx.member(member.id) else { throw APIError.notFound("the member") }
                if let refusal = MemberStatusCheck.refusal(current) { throw refusal }
                // The asserting passkey must still be live when the new one is stored: a
                // revocation committed meanwhile wins.
                let live = try await tx.lockPasskeys(member: member.id)
                guard live.contains(where: { $0.credentialID == asserting.credentialID && $0.isLive }) else {
                    throw APIError.forbidden("passkey_unknown", "the asserting passkey is no longer live")
                }
                do {
                    try await tx.insertPasskey(passkey)
                } catch StoreError.duplicate {
                    throw APIError.conflict("passkey_exists", "this passkey is already registered")
                }
                _ = try await tx.appendAudit(
                    actor: member.id.rawValue, action: "passkey.added", subject: member.id.rawValue,
                    details: .object(identity), at: now)
                return passkey
            }
        }
        environment.events.nudge()
        return .json(["passkey": PasskeyLifecycleRoutes.json(stored)], status: .created)
    }
}
