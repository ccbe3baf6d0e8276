import Countersign
import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation

/// A run of `count` audit events shaped like the server's (an approval each, with details), the
/// signed checkpoint of its head, and the raw costs beside them.
public struct AuditFixture: Sendable {
    let events: [AuditEvent]
    let eventBytes: [[UInt8]]
    let checkpoint: String
    let serverKey: JWK
    let rawKey: Curve25519.Signing.PublicKey
    let rawInput: [UInt8]
    let rawSignature: [UInt8]

    public init(count: Int) throws {
        var events: [AuditEvent] = []
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        for index in 0..<count {
            events.append(AuditEvent.next(
                after: events.last, at: start.addingTimeInterval(Double(index)), actor: "mem_m\(index % 7)",
                action: "statement.approved", subject: "stm_\(index)",
                details: .object(["digest": .string(Base64URL.encode(Array(SHA256.hash(data: [UInt8(index % 256)])))),
                                  "policy": "pol_release", "weight": .number(Double(index % 3 + 1))])))
        }
        self.events = events
        eventBytes = events.map { JCS.canonicalize(.object($0.jsonObject)) }
        let signingKey = try JWK.generate(for: .ed25519)
        serverKey = try JWK(signingKey.jsonObject())
        let head = events.last?.hash ?? AuditEvent.genesis
        checkpoint = try AuditCheckpoint(size: Int64(count), head: head, at: start).signed(with: signingKey)
        let parts = checkpoint.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, case .string(let x)? = serverKey.jsonObject()["x"] else {
            throw JWSError.malformedCompact
        }
        rawKey = try Curve25519.Signing.PublicKey(rawRepresentation: try Base64URL.decode(x))
        rawInput = Array("\(parts[0]).\(parts[1])".utf8)
        rawSignature = try Base64URL.decode(parts[2])
    }

    /// The path: every event's hash recomputed (JCS of the event, SHA-256) and every link checked.
    public func verifyChain() -> Bool {
        (try? AuditChain.verify(events)) != nil
    }

    /// A baseline: SHA-256 over each event's canonical bytes (the hashing the chain cannot avoid).
    public func hashEvents() -> Int {
        var first = 0
        for bytes in eventBytes {
            first ^= SHA256.hash(data: bytes).withUnsafeBytes { Int($0[0]) }
        }
        return first
    }

    /// The path: the checkpoint's compact JWS parsed and its Ed25519 signature verified.
    public func verifyCheckpoint() -> Bool {
        (try? AuditCheckpoint.verify(checkpoint, serverKey: serverKey)) != nil
    }

    /// A baseline: the raw Ed25519 verification of the checkpoint's signing input.
    public func verifyCheckpointRaw() -> Bool {
        rawKey.isValidSignature(rawSignature, for: rawInput)
    }
}
