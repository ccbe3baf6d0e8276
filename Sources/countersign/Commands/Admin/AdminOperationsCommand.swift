import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON

/// `countersign admin operations`: the delayed dangerous operations, their due times, and
/// withdrawing one.
struct AdminOperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "List, show and cancel scheduled dangerous operations.",
        subcommands: [List.self, Show.self, Cancel.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operations, newest first.")
        @Option(help: "Only operations in this state: pending, cancelled, done or failed.") var state: String?
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations list") {
                let operations = try await connection.client().operations(state: state)
                if json { return CommandIO.printLine(JCS.canonicalize(.array(operations.map { .object($0.json) }))) }
                if operations.isEmpty { return CommandIO.printLine("No operations.") }
                for operation in operations { CommandIO.printLine(operation.summaryLine) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one operation.")
        @Argument(help: "The operation id (op_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations show") {
                AdminOperationsCommand.show(try await connection.client().operation(id), json: json)
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a pending operation.")
        @Argument(help: "The operation id (op_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations cancel") {
                AdminOperationsCommand.show(try await connection.client().cancelOperation(id), json: json)
            }
        }
    }

    /// Prints an operation as JSON or as its summary line.
    static func show(_ operation: ScheduledOperation, json: Bool) {
        if json { return CommandIO.printLine(JCS.canonicalize(.object(operation.json))) }
        CommandIO.printLine(operation.summaryLine)
    }
}

extension ScheduledOperation {
    var summaryLine: String {
        let due = dueAt.map { "due \(Timestamp.format($0))" } ?? "waiting for registration"
        let decided = decidedAt.map { " at \(Timestamp.format($0))" } ?? ""
        let by = cancelledBy.map { " by \($0)" } ?? ""
        return "\(id)  \(kind)  \(target)  \(state)\(by)\(decided)  \(due)"
    }
}
