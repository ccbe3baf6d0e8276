import CountersignJSON
import Foundation

/// A statement template as the server sent it (docs/api.md, "Templates").
public struct StoredTemplate: Sendable {
    /// The template as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let name: String
    public let title: String
    public let content: JSONValue
    /// The JCS text of the content skeleton, exactly as the server holds it.
    public let contentText: String
    /// The labelled fields: (JSON Pointer into the content, label).
    public let fields: [(pointer: String, label: String)]
    /// The default policy, if any.
    public let policy: JSONValue?
    public let createdAt: Date
    public let removedAt: Date?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        name = try response.string("name")
        title = try response.string("title")
        content = try response.value("content")
        contentText = try response.string("contentText")
        fields = try response.array("fields") { field throws(CountersignClientError) in
            (try field.string("pointer"), try field.string("label"))
        }
        let policy = try response.value("policy")
        self.policy = policy == .null ? nil : policy
        createdAt = try response.date("createdAt")
        removedAt = try response.optionalDate("removedAt")
    }
}

/// Statement templates: stored and removed with admin credentials, read by members.
extension CountersignClient {
    /// Stores a new template {"name","title"?,"content","fields"?,"policy"?} (admin).
    public func storeTemplate(_ template: JSONObject) async throws(CountersignClientError) -> StoredTemplate {
        try StoredTemplate(try await object(.POST, "/api/admin/templates", body: .object(template), expected: [201]))
    }

    /// Every template, removed ones too (admin).
    public func adminTemplates() async throws(CountersignClientError) -> [StoredTemplate] {
        try await object(.GET, "/api/admin/templates").array("templates", StoredTemplate.init)
    }

    /// One template (admin).
    public func adminTemplate(_ id: String) async throws(CountersignClientError) -> StoredTemplate {
        try StoredTemplate(try await object(.GET, "/api/admin/templates/\(try PathSegment(id).text)"))
    }

    /// Removes a template: members no longer start from it; statements made from it keep it (admin).
    public func removeTemplate(_ id: String) async throws(CountersignClientError) -> StoredTemplate {
        try StoredTemplate(try await object(.DELETE, "/api/admin/templates/\(try PathSegment(id).text)"))
    }

    /// The templates a member can start a statement from.
    public func templates() async throws(CountersignClientError) -> [StoredTemplate] {
        try await object(.GET, "/api/templates").array("templates", StoredTemplate.init)
    }

    /// One template by id, removed or not.
    public func template(_ id: String) async throws(CountersignClientError) -> StoredTemplate {
        try StoredTemplate(try await object(.GET, "/api/templates/\(try PathSegment(id).text)"))
    }

    /// The template a statement was created from, or nil.
    public func statementTemplate(_ statement: String) async throws(CountersignClientError) -> StoredTemplate? {
        let response = try await object(.GET, "/api/statements/\(try PathSegment(statement).text)/template")
        guard response.object["template"] != .null else { return nil }
        return try StoredTemplate(try response.child("template"))
    }
}
