import ArgumentParser
import Countersign
import CountersignClient
import CountersignTLog
import Foundation

/// `countersign log verify`: checks a whole log from its tiles (docs/transparency.md): the
/// checkpoint's signature by the log key and the witnesses' cosignatures, every entry read from the
/// entry bundles rebuilding the checkpoint's root, and the audit hash chain the entries carry.
struct LogVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the whole transparency log: checkpoint, cosignatures, every entry against the root, the hash chain.",
        discussion: "Exit status: 0 the log verifies, 1 it does not (the reason is printed), 2 bad arguments.")

    @OptionGroup var connection: MemberConnection
    @Option(name: .customLong("log-key"), help: "The log's vkey (countersign log key).") var logKey: String
    @Option(name: .customLong("witness"), help: "A witness's cosignature/v1 vkey; repeatable.") var witnesses: [String] = []
    @Option(name: .customLong("witness-threshold"), help: "Cosignatures required (default 1 with witnesses).") var witnessThreshold: Int?

    func run() async throws {
        try await CommandFailure.reporting("log verify") {
            let client = try connection.logReader()
            guard let trust = try VerifyCommand.logTrust(logKey, witnesses, witnessThreshold) else { throw CommandFailure("--log-key is required") }
            let note = try await client.logCheckpoint()
            let verified: VerifiedCheckpoint
            do {
                verified = try VerifiedCheckpoint.verify(note, logKey: trust.logKey, witnesses: trust.witnesses, threshold: trust.threshold)
            } catch {
                CommandIO.printLine("NOT verified: \(error)")
                throw ExitCode(1)
            }
            let checkpoint = verified.checkpoint
            var frontier = TreeFrontier()
            var previousHash = AuditEvent.genesis
            var start: Int64 = 0
            while start < checkpoint.size {
                let end = min(start + 4096, checkpoint.size)
                let entries = try await client.logEntries(start..<end)
                var events: [AuditEvent] = []
                for (offset, bytes) in entries.enumerated() {
                    frontier.append(.leaf(bytes))
                    guard let event = try? AuditEvent(logEntry: bytes), event.logIndex == start + Int64(offset) else {
                        CommandIO.printLine("NOT verified: log entry \(start + Int64(offset)) is not an audit event at that index")
                        throw ExitCode(1)
                    }
                    events.append(event)
                }
                do {
                    previousHash = try AuditChain.verify(events, previousHash: previousHash)
                } catch {
                    CommandIO.printLine("NOT verified: the entries' hash chain breaks: \(error)")
                    throw ExitCode(1)
                }
                start = end
            }
            guard frontier.root == checkpoint.root else {
                CommandIO.printLine("NOT verified: the \(checkpoint.size) entries do not rebuild the checkpoint's root")
                throw ExitCode(1)
            }
            let cosigners = verified.cosigners.map(\.name)
            CommandIO.printLine(
                "verified: \(checkpoint.origin), \(checkpoint.size) entries, root \(checkpoint.root.base64), cosigned by \(cosigners.isEmpty ? "no witness" : cosigners.joined(separator: ", ")); the hash chain holds")
        }
    }
}
