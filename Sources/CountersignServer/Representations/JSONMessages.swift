import CountersignJSON
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Reads the body (at most `limit` bytes) and parses it as one strict I-JSON object.
    func jsonObject(limit: Int, maxDepth: Int) async throws -> JSONObject {
        try Self.jsonObject(from: try await bodyBytes(limit: limit), limit: limit, maxDepth: maxDepth)
    }

    /// Parses body bytes a route has already read (to authenticate a signed request with them)
    /// as one strict I-JSON object. `numbers: .exact` also refuses numbers a double holds only
    /// rounded (for bodies carrying what members sign). A refusal names the line, column and
    /// byte offset in the body.
    static func jsonObject(
        from bytes: [UInt8], limit: Int, maxDepth: Int, numbers: JSONParser.Numbers = .nearestDouble
    ) throws -> JSONObject {
        guard !bytes.isEmpty else { throw ServiceError.invalid("empty_body", "the request needs a JSON object body") }
        let value: JSONValue
        do {
            value = try JSONParser(limits: .init(maxBytes: limit, maxDepth: maxDepth), numbers: numbers).parse(bytes)
        } catch {
            throw ServiceError.invalid("invalid_json", "the body is not valid JSON: \(error.description(in: bytes))")
        }
        guard let object = value.objectValue else { throw ServiceError.invalid("invalid_json", "the body must be a JSON object") }
        return object
    }

    /// The raw body, refusing more than `limit` bytes with 413.
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ServiceError.tooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            // collect(upTo:) reports an oversized body with NIO's error, not an HTTPError: without
            // this clause a too-large body was answered 500 instead of 413.
            throw ServiceError.tooLarge(limit: limit)
        }
    }
}

extension JSONObject {
    /// The string member `name`, or a 400 naming it.
    func requiredString(_ name: String) throws(ServiceError) -> String {
        guard let value = self[name]?.stringValue else { throw .invalid("missing_field", "\"\(name)\" must be a string") }
        return value
    }

    /// The object member `name`, or a 400 naming it.
    func requiredObject(_ name: String) throws(ServiceError) -> JSONObject {
        guard let value = self[name]?.objectValue else { throw .invalid("missing_field", "\"\(name)\" must be an object") }
        return value
    }

    /// Refuses members other than `allowed`: a misspelt field is an error, not silently ignored.
    func allowOnly(_ allowed: Set<String>) throws(ServiceError) {
        if let unknown = keys.first(where: { !allowed.contains($0) }) {
            throw .invalid("unknown_field", "unknown field \"\(unknown)\"")
        }
    }
}

extension Response {
    /// A JSON response (canonical bytes), never cached.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        let bytes = JCS.canonicalize(value)
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Response {
    /// A JSON object response.
    static func json(_ object: JSONObject, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        json(.object(object), status: status, headers: extra)
    }
}
