import Countersign
import CountersignClient
import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import Foundation
import NIOCore

/// Statements to approve and the approvals themselves, every one signed before the timed phase.
///
/// Each statement is held to "`perStatement` of the voters' role" and receives exactly that many
/// approvals from different voters, so its last approval decides it (the state change and its
/// audit event are part of the measured work). Approvals are ordered in blocks of `blockSize`
/// statements, one round of first approvals across the block, then the second round, and so on:
/// approvals of one statement are `blockSize` requests apart, more than any concurrency the
/// generator runs at, so clients seldom wait for each other's statement lock, and statements keep
/// being decided throughout the run.
enum ApprovalPreparation {
    static let blockSize = 256

    /// Creates `count` statements, `LoadTeam.statementsPerCreator` by each of `creators` (who are
    /// not signers of their policy).
    static func statements(count: Int, perStatement: Int, creators: [LoadMember], server: String) async throws -> [StatementView] {
        let clients = creators.map { CountersignClient(server: server, credentials: .member(key: $0.key)) }
        let policy: JSONValue = .object([
            "threshold": .number(Double(perStatement)),
            "signers": .array([.object(["role": .string(LoadTeam.voterRole), "weight": .number(1)])]),
        ])
        return try await concurrentMap(count, width: 16) { index in
            try await clients[min(index / LoadTeam.statementsPerCreator, clients.count - 1)].createStatement(
                title: "Load statement \(index)",
                content: .object(["change": .string("deploy build \(index)"), "n": .number(Double(index))]),
                policy: .inline(policy))
        }
    }

    /// Which statement and which of its rounds the approval at `position` is (see the type's note).
    static func slot(_ position: Int, statements: Int, perStatement: Int) -> (statement: Int, round: Int) {
        let block = position / (blockSize * perStatement)
        let first = block * blockSize
        let width = min(blockSize, statements - first)
        let within = position - block * blockSize * perStatement
        return (first + within % width, within / width)
    }

    /// The approvals as ready HTTP/1.1 requests (ByteBuffer): a vote JWS
    /// signature entry over the statement's served payload (`VoteSignature`, as CountersignClient
    /// signs it) in the body, and the RFC 9421 request signature with a fresh nonce, as
    /// CountersignClient's request signer makes it. `minimal` adds `Prefer: return=minimal`.
    static func sign(
        approvals: Int, perStatement: Int, statements: [StatementView], voters: [LoadMember], server: String, minimal: Bool
    ) async throws -> [ByteBuffer] {
        let keys = try voters.map { try HTTPSignatureKey(jwk: $0.key) }
        let chunk = 500
        let chunks = try await concurrentMap((approvals + chunk - 1) / chunk, width: ProcessInfo.processInfo.activeProcessorCount) { part in
            try (part * chunk..<min(approvals, (part + 1) * chunk)).map { position in
                let (index, round) = slot(position, statements: statements.count, perStatement: perStatement)
                let voter = (index * perStatement + round) % voters.count
                return try request(on: statements[index], by: voters[voter], key: keys[voter], server: server, minimal: minimal)
            }
        }
        return chunks.flatMap { $0 }
    }

    private static func request(
        on statement: StatementView, by voter: LoadMember, key: HTTPSignatureKey, server: String, minimal: Bool
    ) throws -> ByteBuffer {
        let entry = try VoteSignature.entry(.approve, on: statement, key: voter.key)
        let body = JCS.canonicalize(.object(["signature": .object(entry)]))
        let path = "/api/statements/\(statement.id)/approvals"
        let signed = try RequestSigning.headers(
            method: "POST", url: server + path, body: body, keyid: voter.key.thumbprint, key: key,
            created: Int(Date().timeIntervalSince1970), nonce: nonce())
        var head = "POST \(path) HTTP/1.1\r\nHost: \(authority(of: server))\r\nAccept: application/json\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        if minimal { head += "Prefer: return=minimal\r\n" }
        for (name, value) in signed { head += "\(name): \(value)\r\n" }
        var request = ByteBuffer(string: head + "\r\n")
        request.writeBytes(body)
        return request
    }

    /// host:port of an http:// URL, as the Host header (and the signed target URI) name it.
    static func authority(of server: String) -> String {
        String(server.dropFirst(server.hasPrefix("http://") ? 7 : 0).prefix { $0 != "/" })
    }

    /// 16 random bytes, base64url: a request signature's nonce.
    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
