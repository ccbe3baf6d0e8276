import AsyncHTTPClient
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

    /// Creates `count` statements as `creator` (who is not a signer of their policy).
    static func statements(count: Int, perStatement: Int, creator: LoadMember, server: String) async throws -> [StatementView] {
        let client = CountersignClient(server: server, credentials: .member(key: creator.key))
        let policy: JSONValue = .object([
            "threshold": .number(Double(perStatement)),
            "signers": .array([.object(["role": .string(LoadTeam.voterRole), "weight": .number(1)])]),
        ])
        return try await concurrentMap(count, width: 16) { index in
            try await client.createStatement(
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

    /// The approvals as ready HTTP requests: a vote JWS signature entry over the statement's
    /// served payload (`VoteSignature`, as CountersignClient signs it) in the body, and the RFC 9421
    /// request signature with a fresh nonce, as CountersignClient's request signer makes it.
    static func sign(
        approvals: Int, perStatement: Int, statements: [StatementView], voters: [LoadMember], server: String
    ) async throws -> [HTTPClientRequest] {
        let keys = try voters.map { try HTTPSignatureKey(jwk: $0.key) }
        let chunk = 500
        let chunks = try await concurrentMap((approvals + chunk - 1) / chunk, width: ProcessInfo.processInfo.activeProcessorCount) { part in
            try (part * chunk..<min(approvals, (part + 1) * chunk)).map { position in
                let (index, round) = slot(position, statements: statements.count, perStatement: perStatement)
                let voter = (index * perStatement + round) % voters.count
                return try request(on: statements[index], by: voters[voter], key: keys[voter], server: server)
            }
        }
        return chunks.flatMap { $0 }
    }

    private static func request(on statement: StatementView, by voter: LoadMember, key: HTTPSignatureKey, server: String) throws -> HTTPClientRequest {
        let entry = try VoteSignature.entry(.approve, on: statement, key: voter.key)
        let body = JCS.canonicalize(.object(["signature": .object(entry)]))
        let url = "\(server)/api/statements/\(statement.id)/approvals"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: "application/json")
        let signed = try RequestSigning.headers(
            method: "POST", url: url, body: body, keyid: voter.key.thumbprint, key: key,
            created: Int(Date().timeIntervalSince1970), nonce: nonce())
        for (name, value) in signed { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// 16 random bytes, base64url: a request signature's nonce.
    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
