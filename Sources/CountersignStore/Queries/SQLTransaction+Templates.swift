import Countersign
import Foundation

/// Statement templates and the template each statement started from.
extension SQLTransaction {
    static let templateColumns = "id, name, document, created_at, removed_at"

    static func decodeTemplate(_ row: SQLRow) throws -> TemplateRecord {
        TemplateRecord(
            id: try row.parsed(0, "template id", TemplateID.init), name: try row.text(1), document: try row.blob(2),
            createdAt: try row.date(3), removedAt: try row.optionalDate(4))
    }

    func template(_ id: TemplateID) async throws -> TemplateRecord? {
        try await first("SELECT \(Self.templateColumns) FROM templates WHERE id = $1", [.text(id.rawValue)], Self.decodeTemplate)
    }

    func templates(includeRemoved: Bool) async throws -> [TemplateRecord] {
        try await all(
            "SELECT \(Self.templateColumns) FROM templates\(includeRemoved ? "" : " WHERE removed_at IS NULL") ORDER BY created_at, id",
            [], Self.decodeTemplate)
    }

    func insertTemplate(_ template: TemplateRecord) async throws {
        try await run(
            "INSERT INTO templates (\(Self.templateColumns)) VALUES ($1, $2, $3, $4, NULL)",
            [.text(template.id.rawValue), .text(template.name), .blob(template.document), .date(template.createdAt)],
            duplicate: "template \(template.id)")
    }

    func removeTemplate(_ id: TemplateID, at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE templates SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL RETURNING id", [.text(id.rawValue), .date(at)])
        return !rows.isEmpty
    }

    func statementTemplate(_ statement: StatementID) async throws -> TemplateID? {
        try await first(
            "SELECT template FROM statement_templates WHERE statement = $1", [.text(statement.rawValue)]
        ) { try $0.parsed(0, "template id", TemplateID.init) }
    }

    func linkStatementTemplate(statement: StatementID, template: TemplateID) async throws {
        try await run(
            "INSERT INTO statement_templates (statement, template) VALUES ($1, $2)", [.text(statement.rawValue), .text(template.rawValue)],
            duplicate: "statement \(statement) template")
    }
}
