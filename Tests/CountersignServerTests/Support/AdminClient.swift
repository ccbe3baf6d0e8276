import CountersignHTTPSignatures
import CountersignJOSE
import Foundation
import Testing

/// The admin's side of the API: requests signed with RFC 9421 over the ADMIN_KEY, no cookie, no
/// Origin (a command-line tool, not a browser).
struct AdminClient {
    let server: any ServerEndpoint
    var adminKey: [UInt8]? = nil

    struct Invitation {
        let member: String
        let token: String
        let link: String
    }

    func invite(name: String, roles: [String]) async throws -> Invitation {
        let reply = try await post("/api/admin/invitations", ["name": .string(name), "roles": .array(roles.map { .string($0) })])
        try expectStatus(reply, 201)
        return Invitation(
            member: try #require(reply.object["member"]?.stringValue), token: try #require(reply.object["token"]?.stringValue),
            link: try #require(reply.object["link"]?.stringValue))
    }

    /// A signed POST; `nonce` and `created` may be fixed to replay or age a request.
    func post(_ path: String, _ json: JSONObject, nonce: String? = nil, created: Int? = nil) async throws -> APIClient.Reply {
        let body = JCS.canonicalize(.object(json))
        let headers = try RequestSigning.headers(
            method: "POST", url: server.baseURL + path, body: body, keyid: "admin",
            key: .hmacSHA256(secret: adminKey ?? server.adminKey), created: created ?? Int(Date().timeIntervalSince1970),
            nonce: nonce ?? UUID().uuidString)
        return try await APIClient(baseURL: server.baseURL, origin: nil).send(.POST, path, body: body, headers: headers)
    }
}
