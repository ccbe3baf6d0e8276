import CountersignClient
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Statement templates over HTTP (issue 22): the admin stores and removes them (audited), members
/// list and read them and start statements from them (the link recorded, not signed); only the
/// ADMIN_KEY writes them, and every part of a template is bounded.
@Suite("Statement templates")
struct TemplateRoutesTests {
    static let template: JSONObject = [
        "name": "Capital call", "title": "Capital call",
        "content": .object(["amount": .number(0), "cap": .number(1e21), "due": .string("2026-01-31")]),
        "fields": .array([.object(["pointer": "/amount", "label": "Amount"]), .object(["pointer": "/due", "label": "Due date", "hint": "YYYY-MM-DD"])]),
        "policy": .object(["threshold": 1, "signers": .array([.object(["role": "director", "weight": 1])])]),
    ]

    /// An object with the given members, in order.
    static func object(_ members: [(String, JSONValue)]) -> JSONObject {
        var object = JSONObject()
        for (key, value) in members { object[key] = value }
        return object
    }

    static func admin(_ server: TestServer) -> CountersignClient {
        CountersignClient(server: server.baseURL, credentials: .admin(key: server.adminKey))
    }

    @Test("Stored, listed, read by members, used by a statement, removed; audited", arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = Self.admin(server)
            let alice = try await Team.join(server, name: "alice", roles: ["director"])
            let stored = try await admin.storeTemplate(Self.template)
            #expect(stored.id.hasPrefix("tpl_") && stored.fields.map(\.pointer) == ["/amount", "/due"])
            #expect(stored.json["contentText"]?.stringValue == #"{"amount":0,"cap":1e+21,"due":"2026-01-31"}"#)

            let listed = try await alice.client.get("/api/templates")
            try expectStatus(listed, 200)
            #expect(listed.object["templates"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == [stored.id])
            try expectStatus(try await alice.client.get("/api/templates/\(stored.id)"), 200)

            let member = CountersignClient(server: server.baseURL, credentials: .member(key: alice.signingKey))
            let content = try JSONParser().parse(#"{"amount":2500000.75,"cap":1e21,"due":"2026-03-31"}"#)
            let statement = try await member.createStatement(
                title: "Capital call", content: content, policy: .inline(try #require(stored.policy)), template: stored.id)
            #expect(try await member.statementTemplate(statement.id)?.id == stored.id)
            let plain = try await member.createStatement(title: "Without", content: .object([:]), policy: .inline(try #require(stored.policy)))
            #expect(try await member.statementTemplate(plain.id) == nil)
            try expectStatus(try await alice.client.get("/api/statements/st_nothere/template"), 404)

            let removed = try await admin.removeTemplate(stored.id)
            #expect(removed.removedAt != nil)
            #expect(try await member.templates().isEmpty)
            // The statement keeps its template, marked removed; the admin still lists it.
            #expect(try await member.statementTemplate(statement.id)?.removedAt != nil)
            #expect(try await admin.adminTemplates().map(\.id) == [stored.id])
            do {
                _ = try await admin.removeTemplate(stored.id)
                Issue.record("a template was removed twice")
            } catch let error as CountersignClientError {
                #expect(error.code == "template_removed")
            }
            do {
                _ = try await member.createStatement(title: "Late", content: content, policy: .inline(try #require(stored.policy)), template: stored.id)
                Issue.record("a statement started from a removed template")
            } catch let error as CountersignClientError {
                #expect(error.code == "template_unknown")
            }

            let events = try await admin.adminAuditPage(after: 0, limit: 1000).events
            #expect(events.filter { $0.action == "template.stored" && $0.subject == stored.id }.count == 1)
            #expect(events.filter { $0.action == "template.removed" && $0.subject == stored.id }.count == 1)
            let created = try #require(events.first { $0.action == "statement.created" && $0.subject == statement.id })
            #expect(created.details.objectValue?["template"]?.stringValue == stored.id)
        }
    }

    @Test("Only the ADMIN_KEY writes templates: not a member's session or key, not a service key or its user token", arguments: Engine.available)
    func onlyTheAdminKeyWrites(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            // An "admin" role is a member's role, not the ADMIN_KEY.
            let alice = try await Team.join(server, name: "alice", roles: ["admin"])
            try expectStatus(try await alice.client.post("/api/admin/templates", Self.template), 401)
            try expectStatus(try await alice.client.get("/api/admin/templates"), 401)
            let signed = CountersignClient(server: server.baseURL, credentials: .member(key: alice.signingKey))
            do {
                _ = try await signed.storeTemplate(Self.template)
                Issue.record("a member's signed request stored a template")
            } catch let error as CountersignClientError {
                #expect(error.code?.hasSuffix("unauthenticated") == true)
            }
            let stored = try await Self.admin(server).storeTemplate(Self.template)
            do {
                _ = try await signed.removeTemplate(stored.id)
                Issue.record("a member's signed request removed a template")
            } catch let error as CountersignClientError {
                #expect(error.code?.hasSuffix("unauthenticated") == true)
            }
            // A service member's key enrolled with a user token signs as that member, never as the
            // admin; the user token itself is no credential for the admin API either.
            let service = try await Self.admin(server).createMember(name: "Ledger Bot", roles: ["service"])
            let (enrolled, serviceKey) = try await KeyEnrolment.enrol(server, for: service.id)
            try expectStatus(enrolled, 201)
            do {
                _ = try await CountersignClient(server: server.baseURL, credentials: .member(key: serviceKey)).storeTemplate(Self.template)
                Issue.record("a service member's key stored a template")
            } catch let error as CountersignClientError {
                #expect(error.code?.hasSuffix("unauthenticated") == true)
            }
            let token = try KeyEnrolment.token(member: service.id, key: serviceKey, adminKey: server.adminKey)
            try expectStatus(try await APIClient(baseURL: server.baseURL, origin: nil).post(
                "/api/admin/templates", Self.template, headers: [("Authorization", "Bearer \(token)")]), 401)

            // Reading needs a member; an anonymous visitor gets nothing.
            try expectStatus(try await APIClient(baseURL: server.baseURL).get("/api/templates"), 401)
            try expectStatus(try await APIClient(baseURL: server.baseURL).get("/api/templates/\(stored.id)"), 401)
            // Nothing but the admin's one template was stored.
            #expect(try await Self.admin(server).adminTemplates().count == 1)
        }
    }

    @Test("Every part is bounded and checked: fields, labels, pointers, content size, numbers, body size", arguments: Engine.available)
    func bounds(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            func refused(_ change: (inout JSONObject) -> Void, _ status: Int, _ code: String?, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                var body = Self.template
                change(&body)
                let reply = try await admin.post("/api/admin/templates", body)
                #expect(reply.status == status, "\(reply)", sourceLocation: sourceLocation)
                if let code { #expect(reply.errorCode == code, "\(reply)", sourceLocation: sourceLocation) }
            }
            let many = (0...50).map { index -> (String, JSONValue) in ("v\(index)", .string("")) }
            try await refused({ body in
                body["content"] = .object(Self.object(many))
                body["fields"] = .array(many.map { .object(["pointer": .string("/\($0.0)"), "label": .string($0.0)]) })
            }, 422, "template_too_many_fields")
            try await refused({ $0["fields"] = .array([.object(["pointer": "/amount", "label": .string(String(repeating: "x", count: 101))])]) }, 422, "template_text")
            try await refused({ $0["fields"] = .array([.object(["pointer": "/amount", "label": "Amount \u{202E}txe"])]) }, 422, "template_text")
            try await refused({ $0["fields"] = .array([.object(["pointer": "/amount", "label": "   "])]) }, 422, "template_text")
            try await refused({ $0["name"] = .string(String(repeating: "n", count: 201)) }, 422, "template_text")
            try await refused({ $0["title"] = "two\nlines" }, 422, "template_text")
            try await refused({ $0["fields"] = .array([.object(["pointer": "/nothere", "label": "Gone"])]) }, 422, "template_field_pointer")
            try await refused({ $0["fields"] = .array([.object(["pointer": "amount", "label": "No slash"])]) }, 422, "template_field_pointer")
            try await refused({ $0["fields"] = .array([.object(["pointer": "", "label": "Whole"])]) }, 422, "template_field_pointer")
            try await refused({ $0["fields"] = .array([.object(["pointer": "/amount", "label": "A"]), .object(["pointer": "/amount", "label": "B"])]) }, 422, "template_field_pointer")
            try await refused({ $0["extra"] = true }, 422, "template_unknown_field")
            try await refused({ $0["policy"] = .object(["threshold": 0, "signers": .array([])]) }, 422, nil)
            try await refused({ $0["content"] = .object(["text": .string(String(repeating: "a", count: 70 * 1024))]) }, 422, "template_content_too_large")
            try await refused({ $0["content"] = .object(["text": .string(String(repeating: "a", count: 200 * 1024))]) }, 413, "body_too_large")

            // A number a double would round is refused, not changed: the skeleton is pre-filled into what members sign.
            let inexact = Array(#"{"name":"Big","content":{"n":12345678901234567890}}"#.utf8)
            let reply = try await admin.send(.POST, "/api/admin/templates", bytes: inexact)
            #expect(reply.status == 400 && reply.errorCode == "invalid_json", "\(reply)")

            // The largest accepted: 50 fields and a 100-character label.
            let fifty = Array(many.prefix(50))
            var body = Self.template
            body["content"] = .object(Self.object(fifty))
            body["fields"] = .array(fifty.map { .object(["pointer": .string("/\($0.0)"), "label": .string(String(repeating: "L", count: 100))]) })
            try expectStatus(try await admin.post("/api/admin/templates", body), 201)
        }
    }
}
