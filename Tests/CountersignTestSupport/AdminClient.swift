import CountersignHTTPSignatures
import CountersignJSON
import Foundation
import NIOHTTP1
import Testing

/// The admin's side of the API: requests signed with RFC 9421 over the ADMIN_KEY, no cookie, no
/// Origin (a command-line tool, not a browser).
package struct AdminClient {
    package let server: any ServerEndpoint
    package var adminKey: [UInt8]? = nil

    /// Signs with `adminKey`, or with the ADMIN_KEY the server holds.
    package init(server: any ServerEndpoint, adminKey: [UInt8]? = nil) {
        self.server = server
        self.adminKey = adminKey
    }

    package struct Invitation {
        package let member: String
        package let token: String
        package let link: String
    }

    package func invite(name: String, roles: [String]) async throws -> Invitation {
        let reply = try await post("/api/admin/invitations", ["name": .string(name), "roles": .array(roles.map { .string($0) })])
        try expectStatus(reply, 201)
        return Invitation(
            member: try #require(reply.object["member"]?.stringValue), token: try #require(reply.object["token"]?.stringValue),
            link: try #require(reply.object["link"]?.stringValue))
    }

    /// A signed POST; `nonce` and `created` may be fixed to replay or age a request; `headers`
    /// are sent besides (unsigned), e.g. the X-Forwarded-For a proxy adds.
    package func post(
        _ path: String, _ json: JSONObject, nonce: String? = nil, created: Int? = nil, headers: [(String, String)] = []
    ) async throws -> APIClient.Reply {
        try await send(.POST, path, json, nonce: nonce, created: created, headers: headers)
    }

    package func get(_ path: String) async throws -> APIClient.Reply {
        try await send(.GET, path, nil)
    }

    /// A signed request. To tamper, `signedPath` and `signedBody` say what the signature covers
    /// when it should differ from what is sent; with `recomputeDigest` the Content-Digest header
    /// matches the body sent (so only the signature can catch the change).
    package func send(
        _ method: HTTPMethod, _ path: String, _ json: JSONObject?, nonce: String? = nil, created: Int? = nil,
        signedPath: String? = nil, signedBody: JSONObject? = nil, recomputeDigest: Bool = false, headers extra: [(String, String)] = []
    ) async throws -> APIClient.Reply {
        let body = json.map { JCS.canonicalize(.object($0)) } ?? []
        let covered = signedBody.map { JCS.canonicalize(.object($0)) } ?? body
        var headers = try RequestSigning.headers(
            method: method.rawValue, url: server.baseURL + (signedPath ?? path), body: covered, keyid: "admin",
            key: .hmacSHA256(secret: adminKey ?? server.adminKey), created: created ?? Int(Date().timeIntervalSince1970),
            nonce: nonce ?? UUID().uuidString)
        if recomputeDigest {
            headers.removeAll { $0.0 == "Content-Digest" }
            headers.append(("Content-Digest", ContentDigest.fieldValue(for: body)))
        }
        return try await APIClient(baseURL: server.baseURL, origin: nil).send(method, path, body: json == nil ? nil : body, headers: headers + extra)
    }

    /// A signed request with `bytes` as the body exactly (JSON a JSONObject cannot hold, such as a
    /// number a double would round).
    package func send(_ method: HTTPMethod, _ path: String, bytes: [UInt8]) async throws -> APIClient.Reply {
        let headers = try RequestSigning.headers(
            method: method.rawValue, url: server.baseURL + path, body: bytes, keyid: "admin",
            key: .hmacSHA256(secret: adminKey ?? server.adminKey), created: Int(Date().timeIntervalSince1970), nonce: UUID().uuidString)
        return try await APIClient(baseURL: server.baseURL, origin: nil).send(method, path, body: bytes, headers: headers)
    }
}
