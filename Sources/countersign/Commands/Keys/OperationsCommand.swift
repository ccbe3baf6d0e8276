import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON

/// `countersign operations`: the pending operations that affect the signing member.
struct OperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "List pending admin operations that affect you (cancel them in the web app with your passkey).")
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("operations") {
            let operations = try await connection.client().myOperations()
            if json { return CommandIO.printLine(JCS.canonicalize(.array(operations.map { .object($0.json) }))) }
            if operations.isEmpty { return CommandIO.printLine("No pending operations.") }
            for operation in operations { CommandIO.printLine(operation.summaryLine) }
        }
    }
}
