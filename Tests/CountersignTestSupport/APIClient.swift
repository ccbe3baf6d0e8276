import AsyncHTTPClient
import CountersignJSON
import Foundation
import NIOCore
import NIOHTTP1

/// A browser-like HTTP client for one user: sends the Origin of the web app and keeps the session
/// cookie, over real HTTP to a `TestServer`.
package final class APIClient: @unchecked Sendable {
    package struct Reply: Sendable, CustomStringConvertible {
        package let status: Int
        package let headers: HTTPHeaders
        package let body: [UInt8]

        package init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        package var json: JSONValue { (try? JSONParser().parse(body)) ?? .null }
        package var object: JSONObject { json.objectValue ?? JSONObject() }
        package var errorCode: String? { object["error"]?.objectValue?["code"]?.stringValue }
        package var text: String { String(decoding: body, as: UTF8.self) }
        package var description: String { "\(status) \(text.prefix(600))" }
    }

    package var baseURL: String
    package var origin: String?
    package private(set) var cookie: String?
    private let lock = NSLock()

    package init(baseURL: String, origin: String? = TestServer.origin) {
        self.baseURL = baseURL
        self.origin = origin
    }

    /// Forgets the session (a new browser).
    package func dropSession() { lock.withLock { cookie = nil } }

    package func setCookie(_ value: String?) { lock.withLock { cookie = value } }

    package func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, path, body: nil, headers: headers)
    }

    package func post(_ path: String, _ json: JSONObject = [:], headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, body: JCS.canonicalize(.object(json)), headers: headers)
    }

    package func delete(_ path: String) async throws -> Reply {
        try await send(.DELETE, path, body: nil)
    }

    package func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let origin { request.headers.add(name: "Origin", value: origin) }
        if let cookie = lock.withLock({ cookie }) { request.headers.add(name: "Cookie", value: cookie) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 32 << 20)
        for header in response.headers["Set-Cookie"] {
            let pair = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            if pair.hasPrefix("countersign_session=") {
                lock.withLock { cookie = pair == "countersign_session=" ? nil : pair }
            }
        }
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(buffer: collected))
    }
}
