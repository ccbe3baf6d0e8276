import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON

/// `countersign key`: signing keys of CLI and service members.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage your signing key.",
        subcommands: [KeyEnrolCommand.self, KeyListCommand.self, KeyRevokeCommand.self])
}

/// `countersign key enrol`: binds the key to a member with a user token from the admin.
struct KeyEnrolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol", abstract: "Enrol your key's public part with a user token (from `countersign admin token`).")

    @Option(help: "The user token the admin gave you.") var token: String
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the key record as JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("key enrol") {
            let key = try connection.signingKey()
            let client = CommandLineHTTP.countersign(server: connection.serverURL, credentials: .anonymous)
            let record = try await client.enrolKey(token: token, key: key)
            if json {
                CommandIO.printLine(JCS.canonicalize(.object([
                    "kid": .string(record.kid), "member": .string(record.member), "method": .string(record.method),
                    "validFrom": .string(Timestamp.format(record.validFrom)),
                    "operation": record.pendingOperation.map { .string($0) } ?? .null,
                ])))
            } else if let operation = record.pendingOperation {
                CommandIO.printLine(
                    "enrolled key \(record.kid) for \(record.member); it is valid from \(Timestamp.format(record.validFrom)) "
                        + "(operation \(operation)): the member has a passkey, so the enrolment is announced to them and they can "
                        + "confirm it now from the account page, or cancel it")
            } else {
                CommandIO.printLine("enrolled key \(record.kid) for \(record.member)")
            }
        }
    }
}
