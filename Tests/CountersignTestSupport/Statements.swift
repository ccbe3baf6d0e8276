import CountersignJSON
import Foundation
import Testing

extension TestMember {
    /// Creates a statement with `policy` (JSON text) and returns its id; fails the test unless 201.
    package func createStatement(_ title: String = "A statement", policy: String, content: JSONValue = .object(["n": 1])) async throws -> String {
        let reply = try await client.post(
            "/api/statements", ["title": .string(title), "content": content, "policy": try JSONParser().parse(Array(policy.utf8))])
        try expectStatus(reply, 201)
        return try #require(reply.object["statement"]?.objectValue?["id"]?.stringValue)
    }

    /// The statement as GET /api/statements/{id} shows it to this member.
    package func view(_ statement: String) async throws -> JSONObject {
        let reply = try await client.get("/api/statements/\(statement)")
        try expectStatus(reply, 200)
        return reply.object
    }
}

/// Checks a refusal: its status, its code, and the API's error shape {"error":{"code","message"}}
/// with exactly those two string members.
package func expectError(_ reply: APIClient.Reply, _ status: Int, _ code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, "expected HTTP \(status), got \(reply)", sourceLocation: sourceLocation)
    let error = reply.object["error"]?.objectValue
    #expect(reply.object.keys.sorted() == ["error"], "error body: \(reply)", sourceLocation: sourceLocation)
    #expect(error?.keys.sorted() == ["code", "message"], "error body: \(reply)", sourceLocation: sourceLocation)
    #expect(error?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    if let code { #expect(error?["code"]?.stringValue == code, "error body: \(reply)", sourceLocation: sourceLocation) }
}

extension AuditLog {
    /// The actions of every event in the log, in order.
    package static func actions(_ client: APIClient) async throws -> [String] {
        try await all(client).map(\.action)
    }
}

/// Invites `name` and registers a passkey, without attesting a signing key: enough for a session.
package func registeredMember(_ server: any ServerEndpoint, name: String = "alice", roles: [String] = ["partner"]) async throws -> TestMember {
    let invitation = try await AdminClient(server: server).invite(name: name, roles: roles)
    let member = try TestMember(name: name, server: server)
    try await member.register(invite: invitation.token)
    return member
}
