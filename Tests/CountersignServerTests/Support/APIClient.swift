import AsyncHTTPClient
import CountersignJSON
import Foundation
import NIOCore
import NIOHTTP1

/// A browser-like HTTP client for one user: sends the Origin of the web app and keeps the session
/// cookie, over real HTTP to a `TestServer`.
final class APIClient: @unchecked Sendable {
    struct Reply: Sendable, CustomStringConvertible {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var json: JSONValue { (try? JSONParser().parse(body)) ?? .null }
        var object: JSONObject { json.objectValue ?? JSONObject() }
        var errorCode: String? { object["error"]?.objectValue?["code"]?.stringValue }
        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "\(status) \(text.prefix(600))" }
    }

    var baseURL: String
    var origin: String?
    private(set) var cookie: String?
    private let lock = NSLock()

    init(baseURL: String, origin: String? = TestServer.origin) {
        self.baseURL = baseURL
        self.origin = origin
    }

    /// Forgets the session (a new browser).
    func dropSession() { lock.withLock { cookie = nil } }

    func setCookie(_ value: String?) { lock.withLock { cookie = value } }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, path, body: nil, headers: headers)
    }

    func post(_ path: String, _ json: JSONObject = [:], headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, body: JCS.canonicalize(.object(json)), headers: headers)
    }

    func delete(_ path: String) async throws -> Reply {
        try await send(.DELETE, path, body: nil)
    }

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)) async throws -> Reply {
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
