import Countersign
import CountersignJSON
import Hummingbird

/// Encrypted copies of a member's private signing keys over HTTP (`KeyCopyService`).
struct KeyCopyRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var copies: KeyCopyService { environment.services.keyCopies }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/keys")
        group.get("copies") { request, context -> Response in
            let member = try await members.member(of: request, context: context)
            return .json(["copies": .array(try await copies.copies(of: member.id).map(KeyCopyJSON.json))])
        }
        group.put(":kid/copy") { request, context -> Response in
            let bytes = try await request.bodyBytes(limit: 16 * 1024)
            let member = try await members.member(of: request, body: bytes, context: context)
            let copy = try await copies.store(kid: try context.parameters.require("kid"), of: member) {
                try KeyCopyJSON.upload(try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 2))
            }
            return .json(KeyCopyJSON.json(copy), status: .created)
        }
        group.delete(":kid/copy") { request, context -> Response in
            let member = try await members.member(of: request, context: context)
            try await copies.delete(kid: try context.parameters.require("kid"), of: member)
            return Response(status: .noContent)
        }
    }
}
