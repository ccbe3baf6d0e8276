import CountersignJOSE
import CountersignJSON
import Hummingbird

/// GET /.well-known/countersign-server-key.json: the server's public Ed25519 JWK, with "kid" its
/// RFC 7638 thumbprint. Webhook deliveries are signed with this key under that keyid; receipts
/// and audit checkpoints too.
struct ServerKeyRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.get("/.well-known/countersign-server-key.json") { _, _ in
            let key = environment.secrets.serverKey
            var object = key.publicKey.jsonObject()
            object["kid"] = .string(key.thumbprint)
            return Response.json(object)
        }
    }
}
