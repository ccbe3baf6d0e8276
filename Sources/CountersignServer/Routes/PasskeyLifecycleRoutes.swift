import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// A member's own passkeys: the list, and revocation at once, asserted by any of the member's
/// live passkeys (the same or another). The last live passkey cannot be revoked (409
/// `last_passkey`): account recovery replaces passkeys. Keys a revoked passkey attested stay
/// valid; revoking them is recovery's job, or the member's, one by one.
struct PasskeyLifecycleRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var revocation: Revocation { environment.services.revocation }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/passkeys")
        group.get { request, context in try await list(request, context) }
        group.post(":id/revoke/options") { request, context in try await revokeOptions(request, context) }
        group.post(":id/revoke") { request, context in try await revoke(request, context) }
    }

    /// The calling member's passkeys, newest first, revoked ones included.
    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let passkeys = try await environment.services.passkeys.passkeys(of: member.id).reversed()
        return .json(["passkeys": .array(passkeys.map(Self.json))])
    }

    private func revokeOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await AssertionRequest.optionsCaller(request, context, environment: environment)
        let id = try context.parameters.require("id")
        let passkey = try await revocation.audited(member, "passkey.refused", subject: id) { try await revocation.ownedPasskey(id, of: member) }
        return AssertionRequest.options(try await environment.services.revocationCeremony.start(
            member: member, target: "passkey:\(Base64URL.encode(passkey.credentialID))"))
    }

    private func revoke(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let id = try context.parameters.require("id")
        let passkey = try await revocation.audited(member, "passkey.refused", subject: id) { try await revocation.ownedPasskey(id, of: member) }
        let (ceremony, response) = try AssertionRequest.assertion(
            try AssertionRequest.body(bytes, optionsRoute: "/api/passkeys/{id}/revoke/options"))
        let asserting = try await environment.services.revocationCeremony.finish(
            ceremony: ceremony, response: response, member: member, target: "passkey:\(Base64URL.encode(passkey.credentialID))", action: "passkey.refused")
        let revoked = try await revocation.audited(member, "passkey.refused", subject: id) { try await revocation.revokePasskey(passkey, of: member, assertedBy: asserting) }
        return .json(Self.json(revoked))
    }

    /// A passkey as listed: never its public key or counter, which only the server needs.
    static func json(_ passkey: PasskeyRecord) -> JSONValue {
        .object([
            "id": .string(Base64URL.encode(passkey.credentialID)),
            "createdAt": .string(Timestamp.format(passkey.createdAt)),
            "lastUsedAt": passkey.lastUsedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "backedUp": .bool(passkey.backedUp),
            "revokedAt": passkey.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
            // Registered by an account recovery that has not run yet: it cannot log in until then.
            "pendingRecovery": passkey.pendingRecovery.map { .string($0) } ?? .null,
        ])
    }
}
