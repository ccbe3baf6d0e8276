import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Signing keys over HTTP (`KeyService`): attestation by a passkey, enrolment by user token, key
/// records and the JWK set.
struct KeyRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var keys: KeyService { environment.services.keys }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/keys")
        group.post("attestation/options") { request, context in try await attestationOptions(request, context) }
        group.post { request, context in try await attest(request, context) }
        group.post("enrol") { request, _ in try await enrol(request) }
        group.get(":kid") { _, context -> Response in .json(try KeyJSON.json(try await keys.key(context.parameters.require("kid")))) }
        router.get("/.well-known/jwks.json") { _, _ -> Response in .json(["keys": .array(try await keys.publishedKeys())]) }
    }

    private func attestationOptions(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        try await environment.limitCeremonies(from: context.clientAddress)
        let body = try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["jwk"])
        let jwk = try Self.publicSigningKey(body["jwk"])
        let (options, ceremony, nonce) = try await keys.attestationOptions(member: member, jwk: jwk)
        return .json(["options": options, "ceremony": .string(ceremony), "nonce": .string(nonce), "kid": .string(jwk.thumbprint)])
    }

    private func attest(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 8)
        try body.allowOnly(["ceremony", "jwk", "response", "replaces"])
        let replaces = try Self.replacedKid(body["replaces"])
        let ceremony = try body.requiredString("ceremony")
        let jwk = try Self.publicSigningKey(body["jwk"])
        let response = try PasskeyRoutes.assertionResponse(body)
        let key = try await keys.attest(member: member, jwk: jwk, ceremony: ceremony, response: response, replaces: replaces)
        return .json(try KeyJSON.json(key), status: .created)
    }

    private func enrol(_ request: Request) async throws -> Response {
        let body = try await request.jsonObject(limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["token", "jwk"])
        let token = try body.requiredString("token")
        let jwk = try Self.publicSigningKey(body["jwk"])
        switch try await keys.enrol(token: token, jwk: jwk) {
        case .enrolled(let key):
            return .json(try KeyJSON.json(key, operation: .null), status: .created)
        case .scheduled(let key, let operation):
            return .json(try KeyJSON.json(key, operation: OperationJSON.json(operation)), status: .accepted)
        }
    }

    /// A public signing key of an algorithm members may use (MemberSigningAlgorithms, the list
    /// votes are verified with), never a private or secret key, with a kid (if any) equal to its
    /// thumbprint.
    static func publicSigningKey(_ value: JSONValue?) throws(ServiceError) -> JWK {
        guard let object = value?.objectValue else { throw .invalid("missing_field", "\"jwk\" must be a JSON Web Key object") }
        let jwk: JWK
        do {
            jwk = try JWK(object)
        } catch {
            throw .invalid("invalid_jwk", "\(error)")
        }
        guard !jwk.isPrivate, !object.keys.contains("d") else { throw .invalid("private_key_refused", "send the public key only; a private key never leaves its device") }
        guard MemberSigningAlgorithms.accepts(jwk) else {
            throw .invalid("key_type_not_allowed", "signing keys are Ed25519, P-256 (ES256), ML-DSA-65 or ML-DSA-87")
        }
        if let kid = object["kid"]?.stringValue, kid != jwk.thumbprint {
            throw .invalid("kid_not_thumbprint", "kid must be the key's RFC 7638 thumbprint")
        }
        return jwk
    }

    /// The optional "replaces" of POST /api/keys: a kid, or nil when absent.
    static func replacedKid(_ value: JSONValue?) throws(ServiceError) -> String? {
        guard let value, value != .null else { return nil }
        guard let kid = value.stringValue, IdentifierText.isBase64URL(kid, maxLength: 128) else {
            throw .invalid("invalid_field", "\"replaces\" must be the kid of the key this one replaces")
        }
        return kid
    }
}
