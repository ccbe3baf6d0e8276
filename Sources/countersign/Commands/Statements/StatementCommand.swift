import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign statement`: create, list, show and cancel statements as a member.
struct StatementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement", abstract: "Create, list, show and cancel statements (signed with your key).",
        subcommands: [StatementCreateCommand.self, StatementListCommand.self, StatementShowCommand.self, StatementCancelCommand.self])
}

/// `countersign statement create`: freezes a statement with an inline or stored policy.
struct StatementCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a statement for others to approve.")

    @Option(help: "The statement's title.") var title: String
    @Option(help: "JSON file with the content to approve, or - for standard input.") var content: String
    @Option(help: "JSON file with the approval policy (docs/policies.md).") var policy: String?
    @Option(name: .customLong("policy-id"), help: "The id of a stored policy (pol_…) instead of --policy.") var policyID: String?
    @Option(help: "When the statement expires (RFC 3339), if not approved by then.") var expires: String?
    @Option(help: "The template (tpl_…) the content started from: recorded by the server, not signed.") var template: String?
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the server's JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("statement create") {
            guard (policy == nil) != (policyID == nil) else { throw CommandFailure("give exactly one of --policy FILE and --policy-id ID") }
            let contentJSON = try Self.readContent(content)
            var statementPolicy = CountersignClient.StatementPolicy.stored(id: policyID ?? "")
            if let policy { statementPolicy = .inline(try Self.readJSON(policy)) }
            let expiry = try expires.map { text in
                guard let date = Timestamp.parse(text) else { throw CommandFailure("--expires \(text) is not an RFC 3339 date-time") }
                return date
            }
            let view = try await connection.client().createStatement(
                title: title, content: contentJSON, policy: statementPolicy, expiresAt: expiry, template: template)
            if json { printStatement(view, json: true) } else { CommandIO.printLine("created \(view.id): \(view.title)") }
        }
    }

    /// The content file, read by the same strict reading the server applies to the web form's
    /// text (StatementContent): what is signed is exactly what the file says.
    static func readContent(_ path: String) throws -> JSONValue {
        let bytes = try CommandIO.read(path)
        do throws(StatementError) { return try StatementContent.parse(bytes) } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        do { return try JSONParser(limits: .init(maxBytes: 2 << 20, maxDepth: 64)).parse(try CommandIO.read(path)) } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}

/// `countersign statement list`: one page of statements, newest first.
struct StatementListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List statements, newest first.")

    @Option(help: "Only statements in this state (pending, timelocked, approved, rejected, expired, cancelled; several with commas).")
    var state: String?
    @Option(help: "Only statements created by this member (mem_…).") var creator: String?
    @Option(help: "Only statements whose title, content or creator's name contains this text.") var search: String?
    @Flag(help: "Only statements you created.") var mine = false
    @Flag(help: "Only open statements waiting for your decision.") var waiting = false
    @Option(help: "Only statements created at or after this date-time (RFC 3339).") var createdFrom: String?
    @Option(help: "Only statements created before this date-time (RFC 3339).") var createdBefore: String?
    @Flag(inversion: .prefixedNo, help: "Only archived statements (--archived), or none of them (--no-archived).") var archived: Bool?
    @Option(help: "How many statements (1 to 200).") var limit: Int?
    @Option(help: "The cursor printed after the previous page.") var cursor: String?
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the server's JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("statement list") {
            let filter = StatementListFilter(
                state: state, creator: creator, mine: mine, waiting: waiting, search: search,
                createdFrom: try createdFrom.map { try Self.instant("--created-from", $0) },
                createdBefore: try createdBefore.map { try Self.instant("--created-before", $0) }, archived: archived)
            let page = try await connection.client().statements(filter, cursor: cursor, limit: limit)
            if json { return CommandIO.printLine(JCS.canonicalize(.object(page.json))) }
            if page.statements.isEmpty { CommandIO.printLine("no statements") }
            for summary in page.statements { CommandIO.printLine(StatementText.line(summary)) }
            if let next = page.nextCursor { CommandIO.printLine("more: --cursor \(next)") }
        }
    }
}

extension StatementListCommand {
    static func instant(_ option: String, _ text: String) throws -> Date {
        guard let date = Timestamp.parse(text) else { throw CommandFailure("\(option) must be an RFC 3339 date-time, such as 2026-12-01T00:00:00Z") }
        return date
    }
}

/// `countersign statement show`: the statement as a signer sees it.
struct StatementShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a statement: content, policy, evaluation and votes.")

    @OptionGroup var target: StatementTarget

    func run() async throws {
        try await CommandFailure.reporting("statement show") {
            let client = try target.connection.client()
            let view = try await client.statement(target.id)
            let names: MemberNames = if target.json { .none } else { try await MemberNames.directory(client) }
            printStatement(view, json: target.json, names: names)
        }
    }
}

/// `countersign statement cancel`: the creator withdraws a pending statement.
struct StatementCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a statement you created.")

    @OptionGroup var target: StatementTarget

    func run() async throws {
        try await CommandFailure.reporting("statement cancel") {
            target.printResult(try await target.connection.client().cancelStatement(target.id), "cancelled")
        }
    }
}
