import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin audit`: read the audit log with the ADMIN_KEY, newest events last, with
/// each member's name beside their id (from the admin's member list).
/// (`countersign audit verify` checks the whole chain and its checkpoints.)
struct AdminAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Read the audit log.")

    @Option(help: "Show events after this sequence number (default: the last --limit events).") var after: Int64?
    @Option(help: "How many events (1 to 1000).") var limit = 50
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print JSON (one array of events).") var json = false

    func run() async throws {
        try await CommandFailure.reporting("admin audit") {
            guard (1...1000).contains(limit) else { throw CommandFailure("--limit must be between 1 and 1000") }
            let client = try connection.client()
            var start = after ?? 0
            if after == nil {
                // The tail: find the head by paging with the largest pages, then step back.
                var cursor: Int64 = 0
                var last: Int64 = 0
                while true {
                    let page = try await client.adminAuditPage(after: cursor, limit: 1000)
                    last = page.events.last?.seq ?? last
                    guard let next = page.next else { break }
                    cursor = next
                }
                start = max(0, last - Int64(limit))
            }
            let events = try await client.adminAuditPage(after: start, limit: limit).events
            if json { return CommandIO.printLine(JCS.canonicalize(.array(events.map { .object($0.jsonObject) }))) }
            let names = try await MemberNames.administered(client)
            for event in events {
                CommandIO.printLine(
                    "\(event.seq)  \(Timestamp.format(event.at))  \(names.label(event.actor))  \(event.action)  \(names.label(event.subject))")
            }
        }
    }
}
