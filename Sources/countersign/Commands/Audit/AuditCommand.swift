import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign audit`: the tamper-evident audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify or export the hash-chained audit log.",
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self])
}

/// Pages through the server's audit log with a member's key, handing each page on.
struct AuditLogReader {
    let client: CountersignClient

    func forEachPage(_ body: ([AuditEvent]) throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let page = try await client.auditPage(after: after, limit: 1000)
            try body(page.events)
            guard let next = page.next, next > after else { return }
            after = next
        }
    }
}

/// `countersign audit export`: the whole log and its latest checkpoint, to a file.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the whole audit log and its latest checkpoint to a file.")

    @Option(help: "File to write; must not exist yet; - for standard output.") var out: String
    @OptionGroup var connection: MemberConnection

    func run() async throws {
        try await CommandFailure.reporting("audit export") {
            let client = try connection.client()
            let checkpoint = try await client.auditCheckpoint()
            var events: [AuditEvent] = []
            try await AuditLogReader(client: client).forEachPage { events.append(contentsOf: $0) }
            let file = AuditExportFile(events: events, checkpoints: [checkpoint.checkpoint], serverKey: checkpoint.serverKey)
            let destination = OutputDestination(out)
            try destination.write(JCS.canonicalize(file.json))
            if case .file(let path) = destination {
                CommandIO.printLine("wrote \(events.count) events and 1 checkpoint to \(path); check it with: countersign audit verify --file \(path)")
            }
        }
    }
}
