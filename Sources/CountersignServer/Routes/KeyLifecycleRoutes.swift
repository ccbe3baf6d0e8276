import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// A member's own signing keys: the list with validity periods, and revocation at once, by a
/// passkey assertion over a fresh ceremony or, for a key the admin enrolled, by a request that
/// key signs (proof of possession). Rotation is `POST /api/keys` with "replaces" (KeyRoutes).
struct KeyLifecycleRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var revocation: Revocation { environment.services.revocation }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/keys")
        group.get { request, context in try await list(request, context) }
        group.post(":kid/revoke/options") { request, context in try await revokeOptions(request, context) }
        group.post(":kid/revoke") { request, context in try await revoke(request, context) }
    }

    /// The calling member's keys, newest first, revoked ones included. Times are whole seconds, so
    /// within one second a key still valid comes before one revoked (a rotation's successor first).
    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let keys = try await environment.services.keys.keys(of: member.id)
        return .json(["keys": .array(try keys.map(KeyJSON.json))])
    }

    private func revokeOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await AssertionRequest.optionsCaller(request, context, environment: environment)
        let kid = try context.parameters.require("kid")
        let key = try await revocation.audited(member, "key.refused", subject: kid) { try await revocation.ownedKey(kid, of: member) }
        return AssertionRequest.options(try await environment.services.revocationCeremony.start(member: member, target: "key:\(key.kid)"))
    }

    private func revoke(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let kid = try context.parameters.require("kid")
        if bytes.isEmpty, SignedRequest.isSigned(request) {
            return try await revokeBySignature(request, kid: kid, context: context)
        }
        let member = try await members.member(of: request, body: bytes, context: context)
        let key = try await revocation.audited(member, "key.refused", subject: kid) { try await revocation.ownedKey(kid, of: member) }
        let (ceremony, response) = try AssertionRequest.assertion(
            try AssertionRequest.body(bytes, optionsRoute: "/api/keys/{kid}/revoke/options"))
        let passkey = try await environment.services.revocationCeremony.finish(
            ceremony: ceremony, response: response, member: member, target: "key:\(key.kid)", action: "key.refused")
        let revoked = try await revocation.revokeKey(
            key.kid, of: member, details: ["by": .string("passkey"), "credentialId": .string(Base64URL.encode(passkey.credentialID))])
        return .json(try KeyJSON.json(revoked))
    }

    /// A key the admin enrolled (a service member has no passkey) revokes itself: the request is
    /// signed by that very key and has no body.
    private func revokeBySignature(_ request: Request, kid: String, context: ServerRequestContext) async throws -> Response {
        let (member, signer) = try await MemberSignatureAuthenticator(environment: environment).signer(of: request, body: [], context: context)
        let key = try await revocation.audited(member, "key.refused", subject: kid) {
            let key = try await revocation.ownedKey(kid, of: member)
            guard signer.kid == key.kid, key.method == MemberKey.Method.adminToken.rawValue else {
                throw ServiceError.forbidden(
                    "passkey_required",
                    "only a key enrolled by the admin revokes itself by signing; revoke any other key with a passkey assertion")
            }
            return key
        }
        let revoked = try await revocation.revokeKey(key.kid, of: member, details: ["by": .string("key-signature")])
        return .json(try KeyJSON.json(revoked))
    }
}
