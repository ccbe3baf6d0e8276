import ArgumentParser
import Countersign
import CountersignClient

/// `countersign admin keys delete KID`: schedules the deletion (revocation) of a member's key.
struct AdminKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Delete members' signing keys (delayed).", subcommands: [Delete.self])

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule the deletion of a signing key: revoked when due, kept in evidence; the member can cancel.")
        @Argument(help: "The key's kid.") var kid: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin keys delete") {
                AdminOperationsCommand.show(try await connection.client().deleteKey(kid), json: json)
            }
        }
    }
}

/// `countersign admin passkeys delete ID`: schedules the deletion of a member's passkey.
struct AdminPasskeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passkeys", abstract: "Delete members' passkeys (delayed).", subcommands: [Delete.self])

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schedule the deletion of a passkey; the member can cancel.")
        @Argument(help: "The passkey's credential id (base64url).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin passkeys delete") {
                AdminOperationsCommand.show(try await connection.client().deletePasskey(id), json: json)
            }
        }
    }
}
