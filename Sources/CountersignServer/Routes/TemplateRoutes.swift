import Countersign
import CountersignJSON
import Hummingbird

/// Statement templates as members read them: the current ones, one by id (removed or not, for
/// statements made from it), and the template a statement started from.
struct TemplateRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var templates: TemplateService { environment.services.templates }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/templates") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            return .json(["templates": .array(try await templates.list(includeRemoved: false).map(TemplateJSON.json))])
        }
        router.get("/api/templates/:id") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            return .json(try TemplateJSON.json(try await templates.template(try TemplateJSON.id(context))))
        }
        // {"template": the template or null}: a statement made without one is a normal answer,
        // not a 404 the browser would log.
        router.get("/api/statements/:id/template") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            let template = try await templates.template(of: try StatementRoutes.id(context))
            return .json(["template": try template.map(TemplateJSON.json) ?? .null])
        }
    }
}
