import Countersign
import CountersignJSON
import Hummingbird

/// GET /api/statements/{id}/evidence: the statement's evidence bundle (`EvidenceService`).
struct EvidenceRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.group("api/statements").get(":id/evidence") { request, context in
            _ = try await members.member(of: request, context: context)
            return Response.json(try await environment.services.evidence.bundle(try StatementRoutes.id(context)).jsonValue)
        }
    }
}
