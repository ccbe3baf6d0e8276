import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
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
        group.put(":id/label") { request, context in try await label(request, context) }
    }

    /// PUT /api/passkeys/{id}/label {"label": text or null}: the member names their own passkey.
    private func label(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 4 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 4 * 1024, maxDepth: 4)
        try body.allowOnly(["label"])
        guard let value = body["label"] else { throw ServiceError.invalid("invalid_label", "\"label\" is required (null clears it)") }
        let text: String?
        switch value {
        case .null: text = nil
        case .string(let string): text = string
        default: throw ServiceError.invalid("invalid_label", "\"label\" is a string or null")
        }
        let labelled = try await environment.services.passkeys.label(try context.parameters.require("id"), of: member, as: text)
        return .json(Self.json(labelled))
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

    /// A passkey as listed: never its public key or counter, which only the server needs. Its
    /// provider (name and icons as SVG data URIs) comes from the shipped AAGUID list when the
    /// registration reported a known AAGUID, and is null otherwise.
    static func json(_ passkey: PasskeyRecord) -> JSONValue {
        .object([
            "id": .string(Base64URL.encode(passkey.credentialID)),
            "label": passkey.label.map { .string($0) } ?? .null,
            "aaguid": passkey.aaguid.map { .string($0.uuidString.lowercased()) } ?? .null,
            "provider": passkey.aaguid.flatMap(PasskeyProviders.provider(for:)).map(providerJSON) ?? .null,
            "createdAt": .string(Timestamp.format(passkey.createdAt)),
            "lastUsedAt": passkey.lastUsedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "backedUp": .bool(passkey.backedUp),
            "revokedAt": passkey.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
            // Registered by an account recovery that has not run yet: it cannot log in until then.
            "pendingRecovery": passkey.pendingRecovery.map { .string($0) } ?? .null,
        ])
    }

    /// {"name", "icon", "iconDark"}: the icons as `data:image/svg+xml;base64,` URIs (shown in an
    /// <img>, where an SVG runs no script), null when the list has none.
    static func providerJSON(_ provider: PasskeyProvider) -> JSONValue {
        func uri(_ svg: [UInt8]?) -> JSONValue {
            svg.map { .string("data:image/svg+xml;base64," + Data($0).base64EncodedString()) } ?? .null
        }
        return .object(["name": .string(provider.name), "icon": uri(provider.lightIcon), "iconDark": uri(provider.darkIcon)])
    }
}
