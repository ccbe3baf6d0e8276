import AsyncHTTPClient
import CountersignStore
import CountersignTLog
import Foundation
import Logging
import Metrics
import NIOCore

/// The log's side of C2SP tlog-witness: posts each new checkpoint, with a consistency proof from
/// the size the witness last cosigned, to every configured witness, keeps the cosignature lines
/// that verify under the witness's key, and remembers which witness refuses and why (a fork, a
/// bad proof, a rolled-back log): /readyz, /metrics and the audit show it.
actor WitnessPool {
    /// What the log knows of one witness.
    struct Status: Sendable {
        let witness: WitnessConfiguration
        /// The tree size the witness last cosigned, as far as this instance knows (409 tells it).
        var knownSize: Int64?
        /// Why the witness refused the latest checkpoint; nil once it cosigns again.
        var refusal: String?
        /// The last transport failure (unreachable, timeout): not a refusal, retried.
        var unreachable: String?
        var lastCosignedSize: Int64?
        /// The checkpoint size and time of the last attempt that did not cosign, to space retries.
        var lastFailure: (size: Int64, at: Date)?

        var name: String { witness.key.name }
    }

    /// A witness that started or stopped refusing, for the audit.
    struct Transition: Sendable {
        let witness: String
        let refusal: String?
    }

    private var statuses: [Status]
    let threshold: Int
    private let timeout: TimeInterval
    private let logger: Logger
    nonisolated let isEmpty: Bool
    nonisolated let count: Int
    /// Largest witness response read.
    static let maxResponseBytes = 64 * 1024

    init(witnesses: [WitnessConfiguration], threshold: Int, timeout: TimeInterval, logger: Logger) {
        statuses = witnesses.map { Status(witness: $0) }
        isEmpty = witnesses.isEmpty
        count = witnesses.count
        self.threshold = threshold
        self.timeout = timeout
        self.logger = logger
    }

    var all: [Status] { statuses }

    /// Asks every witness that has not cosigned `checkpoint` to cosign it; returns the verified
    /// cosignature lines by witness name and the witnesses whose refusal began or ended.
    /// A refused checkpoint is offered again after `refusalRetry`, an unreachable witness retried
    /// after `unreachableRetry` (a newer checkpoint is offered at once).
    static let refusalRetry: TimeInterval = 30
    static let unreachableRetry: TimeInterval = 2

    func cosign(_ checkpoint: LogCheckpointRecord, log: TransparencyLog, now: Date) async -> (lines: [String: String], transitions: [Transition]) {
        var lines: [String: String] = [:]
        var transitions: [Transition] = []
        let pending = statuses.indices.filter { index in
            guard checkpoint.cosignatures[statuses[index].name] == nil else { return false }
            guard let failure = statuses[index].lastFailure, failure.size == checkpoint.size else { return true }
            let wait = statuses[index].refusal == nil ? Self.unreachableRetry : Self.refusalRetry
            return now.timeIntervalSince(failure.at) >= wait
        }
        let outcomes = await withTaskGroup(of: (Int, Outcome).self) { group in
            for index in pending {
                let status = statuses[index]
                group.addTask { (index, await Self.submit(checkpoint, to: status, log: log, timeout: self.timeout)) }
            }
            var outcomes: [(Int, Outcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        for (index, outcome) in outcomes {
            let before = statuses[index].refusal
            switch outcome {
            case .cosigned(let line, let size):
                lines[statuses[index].name] = line
                statuses[index].knownSize = size
                statuses[index].lastCosignedSize = size
                statuses[index].refusal = nil
                statuses[index].unreachable = nil
                statuses[index].lastFailure = nil
            case .refused(let reason, let knownSize):
                statuses[index].refusal = reason
                statuses[index].unreachable = nil
                statuses[index].lastFailure = (checkpoint.size, now)
                if let knownSize { statuses[index].knownSize = knownSize }
                logger.error("witness refused the checkpoint", metadata: ["witness": "\(statuses[index].name)", "size": "\(checkpoint.size)", "reason": "\(reason)"])
            case .unreachable(let reason):
                statuses[index].unreachable = reason
                statuses[index].lastFailure = (checkpoint.size, now)
                logger.warning("witness unreachable", metadata: ["witness": "\(statuses[index].name)", "reason": "\(reason)"])
            }
            let after = statuses[index].refusal
            Gauge(label: "countersign_log_witness_refusing", dimensions: [("witness", statuses[index].name)]).record(after == nil ? 0 : 1)
            if (before == nil) != (after == nil) { transitions.append(Transition(witness: statuses[index].name, refusal: after)) }
        }
        return (lines, transitions)
    }

    enum Outcome: Sendable {
        case cosigned(line: String, size: Int64)
        case refused(String, knownSize: Int64?)
        case unreachable(String)
    }

    /// One add-checkpoint exchange, retried once with the size a 409 reports.
    private static func submit(_ checkpoint: LogCheckpointRecord, to status: Status, log: TransparencyLog, timeout: TimeInterval) async -> Outcome {
        var oldSize = status.knownSize ?? 0
        for _ in 0..<2 {
            if oldSize > checkpoint.size {
                return .refused(
                    "the witness has cosigned a tree of \(oldSize) entries, larger than this log's \(checkpoint.size): the log was rolled back or forked",
                    knownSize: oldSize)
            }
            let proof: [MerkleHash]
            do {
                proof = oldSize == 0 ? [] : try await log.consistencyProof(oldSize: oldSize, newSize: checkpoint.size)
            } catch {
                return .unreachable("cannot compute a consistency proof: \(error)")
            }
            let body = "old \(oldSize)\n" + proof.map { $0.base64 + "\n" }.joined() + "\n" + checkpoint.note
            var request = HTTPClientRequest(url: status.witness.url + "/add-checkpoint")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            request.headers.add(name: "User-Agent", value: "Countersign-Log/1")
            request.body = .bytes(ByteBuffer(string: body))
            let status_: UInt
            let text: String
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                var bytes: [UInt8] = []
                for try await chunk in response.body {
                    bytes += chunk.readableBytesView
                    if bytes.count > maxResponseBytes { break }
                }
                status_ = response.status.code
                text = String(decoding: bytes.prefix(maxResponseBytes), as: UTF8.self)
            } catch {
                return .unreachable("\(error)")
            }
            switch status_ {
            case 200:
                return verifyCosignatures(text, on: checkpoint, by: status.witness)
            case 409:
                let reported = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let size = Int64(reported), size >= 0 else { return .refused("409 without a tree size", knownSize: nil) }
                oldSize = size
            default:
                let reason = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)
                return .refused("HTTP \(status_)\(reason.isEmpty ? "" : ": \(reason)")", knownSize: nil)
            }
        }
        return .refused("the witness's tree size kept changing (409 twice)", knownSize: nil)
    }

    /// The response's cosignature line by `witness`, if it verifies over the checkpoint.
    private static func verifyCosignatures(_ text: String, on checkpoint: LogCheckpointRecord, by witness: WitnessConfiguration) -> Outcome {
        guard let note = try? SignedNote(parsing: checkpoint.note + text) else {
            return .refused("the response is not cosignature lines", knownSize: nil)
        }
        // Valid only when a line claims the witness's key and every such line verifies.
        guard case .valid = witness.key.verify(note) else {
            return .refused("the response carries no valid cosignature by \(witness.key.name)", knownSize: nil)
        }
        return .cosigned(line: note.signatures(claimingToBeBy: witness.key).map(\.line).joined(), size: checkpoint.size)
    }
}
