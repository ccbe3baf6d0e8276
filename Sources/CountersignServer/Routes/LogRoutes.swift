import Countersign
import CountersignJSON
import CountersignTLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The transparency log over HTTP (docs/transparency.md):
/// - `GET /log/checkpoint`: the latest checkpoint with the witnesses' cosignatures (public);
/// - `GET /log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`, exactly as C2SP
///   tlog-tiles (members and the admin, or anyone with `--log-public`);
/// - `GET /api/log/proof/inclusion` and `/api/log/proof/consistency` (members and the admin).
struct LogRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/log/checkpoint") { _, _ in try await checkpoint() }
        router.get("/log/tile/**") { request, context in try await tile(request, context) }
        let proofs = router.group("api/log/proof")
        proofs.get("inclusion") { request, context in try await inclusion(request, context) }
        proofs.get("consistency") { request, context in try await consistency(request, context) }
    }

    private func checkpoint() async throws -> Response {
        guard let latest = try await environment.log.latestCheckpoint() else {
            throw ServiceError.notFound("a checkpoint (the log has none yet)")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: latest.cosignedNote)))
    }

    private func tile(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        if !environment.configuration.logPublic { try await requireReader(request, context) }
        let elements = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(3)
        guard let path = TilePath(elements: Array(elements)) else {
            throw ServiceError.notFound("a tile at \(request.uri.path) (not a tlog-tiles path)")
        }
        let bytes = path.level == nil ? try await environment.log.entryBundle(path) : try await environment.log.tile(path)
        guard let bytes else { throw ServiceError.notFound("\(path) (the tree has no such tile yet)") }
        // A tile never changes once it exists (a partial one is the prefix of the full one).
        let caching = path.isFull ? "public, max-age=31536000, immutable" : "public, max-age=60"
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: environment.configuration.logPublic ? caching : "private, no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `?index=N` (a leaf index) or `?seq=N` (an audit event: index N - 1), and optionally
    /// `&size=S` (default: the latest checkpoint's size). Answers the proof as JSON and as a
    /// c2sp.org/tlog-proof@v1 text when S is the latest checkpoint's size.
    private func inclusion(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await requireReader(request, context)
        let query = request.uri.queryParameters
        let index: Int64
        if let text = query["index"] {
            index = try Self.number(text, "index")
        } else if let text = query["seq"] {
            index = try Self.number(text, "seq") - 1
        } else {
            throw ServiceError.invalid("invalid_query", "give index (a leaf index) or seq (an audit event)")
        }
        try await environment.log.integrate()
        guard let latest = try await environment.log.latestCheckpoint() else { throw ServiceError.notFound("a checkpoint (the log has none yet)") }
        let size = try query["size"].map { try Self.number($0, "size") } ?? latest.size
        guard index >= 0, index < size, size <= latest.size else {
            throw ServiceError.unprocessable("not_in_tree", "leaf \(index) is not in a checkpointed tree of \(size) entries (latest checkpoint: \(latest.size))")
        }
        let proof = try await environment.log.inclusionProof(index: index, size: size)
        var body: JSONObject = [
            "index": .number(Double(index)), "size": .number(Double(size)), "hashes": .array(proof.map { .string($0.base64) }),
        ]
        if size == latest.size {
            body["checkpoint"] = .string(latest.cosignedNote)
            if let note = try? SignedNote(parsing: latest.cosignedNote) {
                body["tlogProof"] = .string(TLogProof(index: index, proof: proof, checkpoint: note).text)
            }
        }
        return .json(body)
    }

    /// `?from=M&to=N` (default: the latest checkpoint's size).
    private func consistency(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await requireReader(request, context)
        let query = request.uri.queryParameters
        guard let fromText = query["from"] else { throw ServiceError.invalid("invalid_query", "give from (the older tree size)") }
        let from = try Self.number(fromText, "from")
        guard let latest = try await environment.log.latestCheckpoint() else { throw ServiceError.notFound("a checkpoint (the log has none yet)") }
        let to = try query["to"].map { try Self.number($0, "to") } ?? latest.size
        guard from <= to, to <= latest.size else {
            throw ServiceError.unprocessable("not_in_tree", "no consistency proof from \(from) to \(to) entries (latest checkpoint: \(latest.size))")
        }
        let proof = try await environment.log.consistencyProof(oldSize: from, newSize: to)
        return .json(["from": .number(Double(from)), "to": .number(Double(to)), "hashes": .array(proof.map { .string($0.base64) })])
    }

    /// A member (session or signed request) or the admin (a request signed with keyid "admin").
    private func requireReader(_ request: Request, _ context: ServerRequestContext) async throws {
        let signatureInput = HTTPField.Name("Signature-Input").flatMap { request.headers[$0] } ?? ""
        if signatureInput.contains("keyid=\"admin\"") {
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
        } else {
            _ = try await members.member(of: request, context: context)
        }
    }

    private static func number(_ text: Substring, _ name: String) throws -> Int64 {
        guard text.count <= 18, let value = Int64(text), value >= 0, text == "0" || text.first != "0" else {
            throw ServiceError.invalid("invalid_query", "\(name) must be a whole number >= 0")
        }
        return value
    }
}
