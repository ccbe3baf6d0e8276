import AsyncHTTPClient
import CountersignHTTPSignatures
import CountersignJSON
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A typed async client for the whole Countersign HTTP API (docs/api.md, docs/client.md).
///
/// Every request is signed with RFC 9421 by the credentials given (the admin's hmac-sha256 key or
/// the member's own signing key), with a fresh nonce and `created` = now, so the CLI and services
/// never hold a session cookie. Responses are checked strictly: a shape the API does not promise
/// is `CountersignClientError.invalidResponse`, never a silently defaulted value.
public struct CountersignClient: Sendable {
    /// The server's base URL without a trailing slash, e.g. "https://approvals.example".
    public let server: String
    /// Who signs the requests.
    public let credentials: Credentials
    let httpClient: HTTPClient
    /// How long one request may take, connecting included (an unreachable server is retried
    /// until then, then reported as `.transport`).
    public let timeout: TimeAmount
    /// Where each request's method, path and status go, at debug level (never keys or bodies).
    public let logger: Logger

    /// The largest response read, except evidence bundles: 1 MiB.
    public static let maxResponseBytes = 1 << 20
    /// The largest evidence bundle read: 32 MiB.
    public static let maxEvidenceBytes = 32 << 20
    /// A client for `server` (its base URL) acting as `credentials`.
    public init(
        server: String, credentials: Credentials, httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(30),
        logger: Logger = Logger(label: "countersign.client")
    ) {
        var base = server.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.credentials = credentials
        self.httpClient = httpClient
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends one request and returns the body of a response whose status is in `expected`.
    /// `signed: false` sends it without a signature (public routes that judge their body alone).
    func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, expected: Set<Int> = [200],
        limit: Int = maxResponseBytes, signed: Bool = true
    ) async throws(CountersignClientError) -> [UInt8] {
        let url = server + path
        let bytes = body.map { JCS.canonicalize($0) } ?? []
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if body != nil { request.headers.add(name: "Content-Type", value: "application/json") }
        if signed {
            for (name, value) in try RequestSigner(credentials: credentials).headers(method: method.rawValue, url: url, body: bytes) {
                request.headers.add(name: name, value: value)
            }
        }
        if !bytes.isEmpty { request.body = .bytes(ByteBuffer(bytes: bytes)) }
        let status: Int
        let received: [UInt8]
        do {
            let response = try await httpClient.execute(request, timeout: timeout, logger: logger)
            status = Int(response.status.code)
            received = Array(buffer: try await response.body.collect(upTo: limit))
        } catch let error as NIOTooManyBytesError {
            throw .invalidResponse("\(method.rawValue) \(path): the answer is larger than \(limit) bytes (\(error))")
        } catch {
            throw .transport(TransportFailure.message(for: error, server: server, timeout: timeout))
        }
        logger.debug("countersign request", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "status": "\(status)"])
        guard expected.contains(status) else { throw ServerRefusal.error(status: status, body: received) }
        return received
    }

    /// `send`, with the answer parsed as one JSON object.
    func object(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, expected: Set<Int> = [200], signed: Bool = true
    ) async throws(CountersignClientError) -> ResponseObject {
        let bytes = try await send(method, path, body: body, expected: expected, signed: signed)
        return try ResponseObject(parsing: bytes, what: "\(method.rawValue) \(path)")
    }
}
