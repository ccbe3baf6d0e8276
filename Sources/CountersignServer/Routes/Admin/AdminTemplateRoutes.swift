import Countersign
import CountersignJSON
import Hummingbird

/// Statement templates under /api/admin (admin key only): add, list (removed ones too), show and
/// remove. Members read them through `TemplateRoutes`.
struct AdminTemplateRoutes: Sendable {
    let environment: ServerEnvironment
    var templates: TemplateService { environment.services.templates }

    /// The most body a template may take: its content (at most 64 KiB canonical) with room for
    /// indentation, labels and a policy.
    static let bodyLimit = 192 * 1024

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("templates") { request, context -> Response in
            let bytes = try await AdminRequest.authenticate(request, context, environment: environment, limit: Self.bodyLimit)
            // Exact numbers: the content skeleton is pre-filled into what members sign.
            let body = try Request.jsonObject(
                from: bytes, limit: Self.bodyLimit, maxDepth: StatementTemplate.maxContentDepth + 2, numbers: .exact)
            let template: StatementTemplate
            do {
                template = try StatementTemplate(json: body)
            } catch let error as TemplateError {
                throw ServiceError.unprocessable(error.code, error.description)
            }
            return .json(try TemplateJSON.json(try await templates.store(template)), status: .created)
        }
        group.get("templates") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            return .json(["templates": .array(try await templates.list(includeRemoved: true).map(TemplateJSON.json))])
        }
        group.get("templates/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            return .json(try TemplateJSON.json(try await templates.template(try TemplateJSON.id(context))))
        }
        group.delete("templates/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            return .json(try TemplateJSON.json(try await templates.remove(try TemplateJSON.id(context))))
        }
    }
}
