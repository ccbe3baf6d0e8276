import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// How templates appear in API responses (docs/api.md, "Templates"): the stored template's JSON
/// with its id and times, and "contentText", the JCS text of its content skeleton, which the web
/// form pre-fills exactly as written (no JavaScript number ever touches it).
enum TemplateJSON {
    static func json(_ record: TemplateRecord) throws -> JSONValue {
        guard case .object(var object) = try JSONParser().parse(record.document), let content = object["content"] else {
            throw ServiceError(.internalFailure, "template_corrupt", "the stored template \(record.id) cannot be read")
        }
        object["id"] = .string(record.id.rawValue)
        object["contentText"] = .string(JCS.string(content))
        object["createdAt"] = .string(Timestamp.format(record.createdAt))
        object["removedAt"] = record.removedAt.map { .string(Timestamp.format($0)) } ?? .null
        return .object(object)
    }

    /// The template id in the path, or 404.
    static func id(_ context: ServerRequestContext) throws -> TemplateID {
        let text = try context.parameters.require("id")
        guard let id = try? TemplateID(text) else { throw ServiceError.notFound("template \(text.prefix(80))") }
        return id
    }
}
