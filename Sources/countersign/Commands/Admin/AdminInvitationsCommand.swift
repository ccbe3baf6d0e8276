import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin invitations`: list invitations with their state, revoke a pending one.
/// (`countersign admin invite` creates them.)
struct AdminInvitationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invitations", abstract: "List and revoke invitations.", subcommands: [List.self, Revoke.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List invitations, newest first.")
        @Option(help: "Only this member's invitations.") var member: String?
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin invitations list") {
                let invitations = try await connection.client().invitations(member: member)
                if json { return CommandIO.printLine(JCS.canonicalize(.array(invitations.map { .object($0.json) }))) }
                if invitations.isEmpty { return CommandIO.printLine("No invitations.") }
                for invitation in invitations { CommandIO.printLine(invitation.summaryLine) }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a pending invitation.")
        @Argument(help: "The invitation id (from `admin invitations list`).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin invitations revoke") {
                let invitation = try await connection.client().revokeInvitation(id)
                CommandIO.printLine(json ? String(decoding: JCS.canonicalize(.object(invitation.json)), as: UTF8.self) : invitation.summaryLine)
            }
        }
    }
}

extension Invitation {
    var summaryLine: String {
        "\(id)  \(member)  \(state)  expires \(Timestamp.format(expiresAt))"
    }
}
