import ArgumentParser
import Countersign
import CountersignClient
import CountersignTLog
import Foundation

/// `countersign log monitor`: a member watches their own identity in the transparency log (key
/// transparency, docs/transparency.md). The state file keeps the last tree checked (its size, root
/// and frontier) and the identity entries seen; each run verifies the new checkpoint, reads the new
/// entries, rebuilds the new root from the old frontier and those entries (which proves the new
/// tree extends the old one and that the entries are its own), and lists every new entry about the
/// member. Exit 1 on a new identity entry until `--acknowledge`, and always on a log that shrank
/// or does not extend the one checked before.
struct LogMonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch a member's passkeys and keys in the transparency log.",
        discussion: """
            The first run records the member's identity entries as the baseline. A later run lists every new entry about \
            the member (passkey or key added, enrolled, scheduled, revoked) and exits 1 until --acknowledge; a log that \
            shrank or is inconsistent with the last one checked exits 1 always. Without --log-key the first run pins the \
            vkey the server's /readyz states (trust on first use). Exit status: 0 nothing new, 1 something to look at, \
            2 unreadable state or arguments.
            """)

    @OptionGroup var connection: MemberConnection
    @Option(help: "The member whose identity to watch (mem_...).") var member: String
    @Option(help: "The state file (created by the first run).") var state: String
    @Option(name: .customLong("log-key"), help: "The log's vkey (countersign log key); default: the one pinned in the state file.")
    var logKey: String?
    @Flag(help: "Acknowledge the new identity entries listed by the last run.") var acknowledge = false

    func run() async throws {
        try await CommandFailure.reporting("log monitor") {
            let client = try connection.logReader()
            let saved = try MonitorState.load(state)
            let vkeyText = logKey ?? saved?.logKey
            let vkey: NoteVerifierKey
            do {
                vkey = try NoteVerifierKey(try await vkeyText.asyncOr { try await client.logVerifierKey() })
            } catch let error as NoteError {
                throw CommandFailure("the log key: \(error)")
            }
            if let pinned = saved?.logKey, pinned != vkey.description {
                throw CommandFailure("--log-key is not the key pinned in \(state) (\(pinned))")
            }
            let note = try await client.logCheckpoint()
            let checkpoint: Checkpoint
            do {
                checkpoint = try VerifiedCheckpoint.verify(note, logKey: vkey).checkpoint
            } catch {
                CommandIO.printLine("INCONSISTENT: the checkpoint does not verify with the log key: \(error)")
                throw ExitCode(1)
            }
            var frontier = saved.map { $0.frontier } ?? TreeFrontier()
            if checkpoint.size < frontier.size {
                CommandIO.printLine("INCONSISTENT: the log shrank from \(frontier.size) to \(checkpoint.size) entries (rolled back or forked)")
                throw ExitCode(1)
            }
            let entries = try await client.logEntries(frontier.size ..< checkpoint.size)
            var found: [MonitorState.Seen] = []
            for (offset, bytes) in entries.enumerated() {
                frontier.append(.leaf(bytes))
                let index = checkpoint.size - Int64(entries.count) + Int64(offset)
                guard let event = try? AuditEvent(logEntry: bytes), event.logIndex == index else {
                    CommandIO.printLine("INCONSISTENT: log entry \(index) is not an audit event at that index")
                    throw ExitCode(1)
                }
                if let what = MonitorState.identityEntry(event, member: member) {
                    found.append(.init(index: index, action: event.action, at: Timestamp.format(event.at), actor: event.actor, what: what))
                }
            }
            guard frontier.root == checkpoint.root else {
                CommandIO.printLine(
                    "INCONSISTENT: the log's entries do not rebuild the checkpoint's root: the log of \(checkpoint.size) entries does not extend the one of \(saved?.size ?? 0) checked before (a fork or a rewritten history)")
                throw ExitCode(1)
            }
            let first = saved == nil
            var pending = (saved?.pending ?? []) + (first ? [] : found)
            if acknowledge {
                for seen in pending { CommandIO.printLine("acknowledged: entry \(seen.index) \(seen.action) at \(seen.at) by \(seen.actor): \(seen.what)") }
                pending = []
            }
            let next = MonitorState(
                logKey: vkey.description, member: member, size: frontier.size, frontier: frontier,
                baseline: (saved?.baseline ?? []) + (first ? found : []), pending: pending)
            try next.save(state)
            if first {
                CommandIO.printLine("baseline: \(found.count) identity entr\(found.count == 1 ? "y" : "ies") for \(member) in a log of \(checkpoint.size) entries")
                for seen in found { CommandIO.printLine("  entry \(seen.index) \(seen.action) at \(seen.at): \(seen.what)") }
                return
            }
            guard pending.isEmpty else {
                for seen in pending {
                    CommandIO.printLine("NEW: entry \(seen.index) \(seen.action) at \(seen.at) by \(seen.actor): \(seen.what)")
                }
                CommandIO.printLine("\(pending.count) identity entr\(pending.count == 1 ? "y" : "ies") to look at; if they were you, run again with --acknowledge; if not, cancel the pending operation or revoke the key or passkey")
                throw ExitCode(1)
            }
            CommandIO.printLine("ok: the log of \(checkpoint.size) entries extends the last one checked; nothing new about \(member)")
        }
    }
}

extension Optional where Wrapped == String {
    /// The value, or `fallback`'s.
    func asyncOr(_ fallback: () async throws -> String) async throws -> String {
        if let self { return self }
        return try await fallback()
    }
}
