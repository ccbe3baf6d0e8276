import ArgumentParser
import Countersign
import CountersignClient
import CountersignJOSE
import CountersignJSON
import CountersignTLog

/// `countersign audit verify`: checks the whole hash chain and every checkpoint signature, from
/// the server (`--server`, `--key`) or from an export (`--file`); from the server, also that the
/// events rebuild the transparency log's checkpoint root (its signature with `--log-key`). Exit 1 with the seq of the
/// first break.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify the audit log's hash chain and checkpoint signatures.",
        discussion: "Exit status: 0 the log verifies, 1 it breaks (the seq is printed) or cannot be read.")

    @Option(help: "An audit export (`countersign audit export`) to check instead of the server's log.") var file: String?
    @Option(name: .customLong("server-key"), help: "The server's public JWK file: checkpoints must be signed by it.") var serverKey: String?
    @Option(name: .customLong("log-key"), help: "The transparency log's vkey: its checkpoint must be signed by it.") var logKey: String?
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("audit verify") {
            var outcome: Outcome
            if let file {
                guard connection.server == nil, connection.key == nil else { throw CommandFailure("give --file, or --server and --key, not both") }
                let export = try AuditExportFile(bytes: try CommandIO.read(file, limit: AuditExportFile.maxBytes), path: file)
                outcome = try await verify(checkpoints: export.checkpoints, key: export.serverKey, expected: Int64(export.events.count)) { add in
                    var start = 0
                    while start < export.events.count {
                        let end = min(start + 1000, export.events.count)
                        try add(Array(export.events[start..<end]))
                        start = end
                    }
                }
            } else {
                let client = try connection.client()
                let checkpoint = try await client.auditCheckpoint()
                // The transparency log's latest checkpoint: its tree must be the first events'.
                let logCheckpoint = try await transparencyCheckpoint(client)
                let tree = TreeAccumulator(size: logCheckpoint?.size ?? 0)
                outcome = try await verify(checkpoints: [checkpoint.checkpoint], key: checkpoint.serverKey, expected: checkpoint.size) { add in
                    try await AuditLogReader(client: client).forEachPage { events in
                        try add(events)
                        tree.add(events)
                    }
                }
                if outcome.failure == nil, let logCheckpoint {
                    guard tree.frontier.size == logCheckpoint.size, tree.frontier.root == logCheckpoint.root else {
                        CommandIO.printLine(
                            "audit log BROKEN: its first \(logCheckpoint.size) events do not rebuild the transparency log's checkpoint root (the log and the audit API tell two histories)")
                        throw ExitCode(1)
                    }
                    outcome.treeSize = logCheckpoint.size
                }
            }
            report(outcome)
            if outcome.failure != nil { throw ExitCode(1) }
        }
    }

    struct Outcome {
        var events: Int64
        var head: String
        var checkpoints: [AuditCheckpoint]
        var serverKid: String
        var failure: AuditChainWalk.Break?
        /// The size of the transparency-log checkpoint the events rebuilt, when checked.
        var treeSize: Int64? = nil
    }

    /// The transparency log's checkpoint, verified with `--log-key` when given; nil when the
    /// server has none yet.
    private func transparencyCheckpoint(_ client: CountersignClient) async throws -> Checkpoint? {
        let note: SignedNote
        do {
            note = try await client.logCheckpoint()
        } catch {
            if case .http(let status, _, _) = error, status == 404 { return nil }
            throw error
        }
        guard let logKey else { return try Checkpoint(text: note.text) }
        guard let trust = try VerifyCommand.logTrust(logKey, [], nil) else { return nil }
        do {
            return try VerifiedCheckpoint.verify(note, logKey: trust.logKey).checkpoint
        } catch {
            throw CommandFailure("the transparency log's checkpoint: \(error)")
        }
    }

    /// Checks the checkpoints' signatures, then walks the events `source` hands over.
    private func verify(
        checkpoints compact: [String], key: JWK, expected: Int64,
        source: (_ add: ([AuditEvent]) throws -> Void) async throws -> Void
    ) async throws -> Outcome {
        if let serverKey {
            let pinned: JWK
            do { pinned = try JWK(json: try CommandIO.read(serverKey)) } catch { throw CommandFailure("\(serverKey): \(error)") }
            guard pinned.thumbprint == key.thumbprint else {
                throw CommandFailure("the log's server key \(key.thumbprint) is not the pinned key \(pinned.thumbprint)")
            }
        }
        var checkpoints: [AuditCheckpoint] = []
        for text in compact {
            do throws(AuditCheckpoint.Failure) { checkpoints.append(try AuditCheckpoint.verify(text, serverKey: key)) } catch {
                return Outcome(events: 0, head: AuditEvent.genesis, checkpoints: [], serverKid: key.thumbprint,
                               failure: .init(seq: 0, code: error.code, reason: error.description))
            }
        }
        var walk = AuditChainWalk(checkpoints: checkpoints)
        var progress = ProgressBar(label: "verifying audit log", total: expected)
        do {
            try await source { events in
                try walk.add(events)
                progress.update(done: walk.count, total: max(expected, walk.count))
            }
            try walk.finish()
            progress.finish()
        } catch let failure as AuditChainWalk.Break {
            progress.finish()
            return Outcome(events: walk.count, head: walk.head, checkpoints: checkpoints, serverKid: key.thumbprint, failure: failure)
        }
        return Outcome(events: walk.count, head: walk.head, checkpoints: checkpoints, serverKid: key.thumbprint, failure: nil)
    }

    private func report(_ outcome: Outcome) {
        if json {
            let failure: JSONValue = outcome.failure.map {
                .object(["seq": .number(Double($0.seq)), "code": .string($0.code), "message": .string($0.reason)])
            } ?? .null
            CommandIO.printLine(JCS.canonicalize(.object([
                "verified": .bool(outcome.failure == nil), "events": .number(Double(outcome.events)), "head": .string(outcome.head),
                "serverKey": .string(outcome.serverKid),
                "checkpoints": .array(outcome.checkpoints.map {
                    .object(["size": .number(Double($0.size)), "head": .string($0.head), "at": .string(Timestamp.format($0.at))])
                }),
                "error": failure,
            ])))
            return
        }
        if let failure = outcome.failure {
            CommandIO.printLine("audit log BROKEN at seq \(failure.seq): \(failure)")
            return
        }
        CommandIO.printLine("audit log verified: \(outcome.events) events, head \(outcome.head)")
        if let size = outcome.treeSize {
            CommandIO.printLine("transparency log verified: the first \(size) events rebuild its checkpoint's root\(logKey == nil ? " (checkpoint signature not checked: give --log-key)" : "")")
        }
        if outcome.checkpoints.isEmpty {
            CommandIO.printLine("no checkpoint: the chain is consistent, but nothing signed by the server vouches for its head")
        }
        for checkpoint in outcome.checkpoints {
            CommandIO.printLine(
                "checkpoint verified: \(checkpoint.size) events at \(Timestamp.format(checkpoint.at)), signed by server key \(outcome.serverKid)")
        }
    }
}

/// The transparency log's tree over the first `size` audit events, as the chain walk reads them.
private final class TreeAccumulator {
    let size: Int64
    private(set) var frontier = TreeFrontier()

    init(size: Int64) {
        self.size = size
    }

    func add(_ events: [AuditEvent]) {
        for event in events where event.seq <= size { frontier.append(.leaf(event.logEntry)) }
    }
}
