import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON

/// `countersign admin recover --member ID`: starts account recovery and prints the recovery link.
struct AdminRecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Start account recovery for a member who lost their passkeys; prints the recovery invitation link.")
    @Option(help: "The member id (mem_…).") var member: String
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("admin recover") {
            let recovery = try await connection.client().recoverMember(member)
            if json { return CommandIO.printLine(JCS.canonicalize(.object(recovery.json))) }
            CommandIO.printLine(recovery.invitation.link)
            CommandIO.printLine(
                "\(recovery.operation.id): the member registers a new passkey with this link (expires "
                    + "\(Timestamp.format(recovery.invitation.expiresAt))); it replaces the old ones after the recovery delay unless cancelled.")
        }
    }
}
