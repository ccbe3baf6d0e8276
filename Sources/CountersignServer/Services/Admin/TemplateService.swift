import Countersign
import CountersignJSON
import CountersignStore
import Crypto
import Foundation

/// Statement templates: the admin adds and removes them (audited `template.stored` and
/// `template.removed`), members read them to start a statement from one. A template is never
/// edited; a removed one is kept for the statements made from it (`TemplateRecord`).
struct TemplateService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub

    /// Stores a new template, audited `template.stored` with its name and the digest of its JSON.
    func store(_ template: StatementTemplate) async throws -> TemplateRecord {
        let now = clock.now
        let id = try TemplateID(randomBytes: ServerSecrets.randomBytes(16))
        let document = JCS.canonicalize(.object(template.jsonObject))
        let record = TemplateRecord(id: id, name: template.name, document: document, createdAt: now)
        try await store.write { tx in
            try await tx.insertTemplate(record)
            _ = try await tx.appendAudit(
                actor: "admin", action: "template.stored", subject: id.rawValue,
                details: ["name": .string(template.name), "sha256": .string(Hex.encode(SHA256.hash(data: document)))], at: now)
        }
        events.nudge()
        return record
    }

    /// Removes the template `id` (members no longer see it in the list), audited `template.removed`.
    func remove(_ id: TemplateID) async throws -> TemplateRecord {
        let now = clock.now
        let removed = try await store.write { tx -> TemplateRecord in
            guard let record = try await tx.template(id) else { throw ServiceError.notFound("template \(id)") }
            guard try await tx.removeTemplate(id, at: now) else {
                throw ServiceError.conflict("template_removed", "the template \(id) is already removed")
            }
            _ = try await tx.appendAudit(
                actor: "admin", action: "template.removed", subject: id.rawValue, details: ["name": .string(record.name)], at: now)
            var updated = record
            updated.removedAt = now
            return updated
        }
        events.nudge()
        return removed
    }

    /// Templates oldest first; removed ones only when asked.
    func list(includeRemoved: Bool) async throws -> [TemplateRecord] {
        try await store.read { try await $0.templates(includeRemoved: includeRemoved) }
    }

    /// One template, removed or not; 404 when unknown.
    func template(_ id: TemplateID) async throws -> TemplateRecord {
        guard let record = try await store.read({ try await $0.template(id) }) else { throw ServiceError.notFound("template \(id)") }
        return record
    }

    /// The template `statement` was created from, or nil; 404 when the statement is unknown.
    func template(of statement: StatementID) async throws -> TemplateRecord? {
        try await store.read { reader in
            guard try await reader.statement(statement) != nil else { throw ServiceError.notFound("statement \(statement)") }
            guard let id = try await reader.statementTemplate(statement) else { return nil }
            return try await reader.template(id)
        }
    }
}
