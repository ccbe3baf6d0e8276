import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import CountersignServer
import Foundation

/// `countersign admin`: administration with the ADMIN_KEY, every request signed (RFC 9421).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administer a server with the ADMIN_KEY.", subcommands: [
            AdminMembersCommand.self, AdminInviteCommand.self, AdminInvitationsCommand.self, AdminTokenCommand.self,
            AdminPoliciesCommand.self, AdminTemplatesCommand.self, AdminWebhooksCommand.self, AdminAuditCommand.self, AdminOperationsCommand.self,
            AdminKeysCommand.self, AdminPasskeysCommand.self, AdminRecoverCommand.self,
        ])
}

/// Where the server is and which ADMIN_KEY signs: flags, else COUNTERSIGN_SERVER and
/// COUNTERSIGN_ADMIN_KEY (the 64 hex digits), else the defaults of `serve`.
struct AdminConnection: ParsableArguments {
    @Option(help: "Server URL (default: COUNTERSIGN_SERVER or http://localhost:8080).") var server: String?
    @Option(name: .customLong("admin-key-file"), help: "File holding the ADMIN_KEY (default: COUNTERSIGN_ADMIN_KEY or countersign-data/admin.key).")
    var adminKeyFile: String?

    var serverURL: String {
        let environment = ProcessInfo.processInfo.environment
        let url = server ?? environment["COUNTERSIGN_SERVER"] ?? "http://localhost:8080"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    func adminKey() throws -> [UInt8] {
        do {
            if let adminKeyFile { return try ServerSecrets.readAdminKey(at: URL(fileURLWithPath: adminKeyFile)) }
            if let text = ProcessInfo.processInfo.environment["COUNTERSIGN_ADMIN_KEY"], !text.isEmpty {
                return try ServerSecrets.parseAdminKey(text, source: "COUNTERSIGN_ADMIN_KEY")
            }
            return try ServerSecrets.readAdminKey(at: URL(fileURLWithPath: "countersign-data/admin.key"))
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// A client that signs every request with the ADMIN_KEY.
    func client() throws -> CountersignClient {
        CommandLineHTTP.countersign(server: serverURL, credentials: .admin(key: try adminKey()))
    }
}

/// `countersign admin invite`: creates a member and an invitation; prints the link.
struct AdminInviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Create a member and an invitation link to register their passkey (or, with --member, a new link for a member without one).")

    @Option(help: "The member's name as others will see it.") var name: String?
    @Option(name: .customLong("role"), help: "A role (repeatable), e.g. --role investor.") var roles: [String] = []
    @Option(help: "An existing member who has no passkey yet (instead of --name).") var member: String?
    @Option(help: "Mail the invitation to this address, stored (unconfirmed) as the member's address for notifications.")
    var email: String?
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print {\"member\",\"token\",\"link\",\"mailed\"} as JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("admin invite") {
            let invitee: CountersignClient.Invitee
            switch (name, member) {
            case (let name?, nil): invitee = .newMember(name: name, roles: roles)
            case (nil, let member?) where roles.isEmpty: invitee = .existingMember(id: member)
            default: throw CommandFailure("give either --name (and --role) for a new member, or --member for an existing one")
            }
            let invitation = try await connection.client().invite(invitee, email: email)
            for warning in invitation.warnings {
                // The server's text, shown without control characters (no terminal escapes).
                let shown = String(String.UnicodeScalarView(warning.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
                }))
                CommandIO.printError("warning: \(shown)")
            }
            if json {
                CommandIO.printLine(JCS.canonicalize(.object([
                    "member": .string(invitation.member), "token": .string(invitation.token), "link": .string(invitation.link),
                    "mailed": .bool(invitation.mailed),
                ])))
            } else {
                CommandIO.printLine("Invited \(name ?? invitation.member) as \(invitation.member).")
                if let email, invitation.mailed { CommandIO.printLine("The invitation is on its way to \(email).") }
                CommandIO.printLine("Send this link (valid until \(Timestamp.format(invitation.expiresAt))):")
                CommandIO.printLine(invitation.link)
            }
        }
    }
}
