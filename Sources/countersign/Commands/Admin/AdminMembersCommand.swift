import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin members`: create, list, show, change roles (scheduled), suspend, reinstate
/// and remove (scheduled) members.
struct AdminMembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "List and manage members.",
        subcommands: [List.self, Create.self, Show.self, Roles.self, Suspend.self, Reinstate.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List members, oldest first.")
        @Option(help: "Only members with this status: invited, active, suspended or removed.") var status: String?
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members list") {
                let members = try await connection.client().members(status: status)
                if json { return CommandIO.printLine(JCS.canonicalize(.array(members.map { .object($0.json) }))) }
                if members.isEmpty { return CommandIO.printLine("No members.") }
                for member in members { CommandIO.printLine(member.summaryLine) }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a member without an invitation (a service that will enrol a key with `admin token`).")
        @Option(help: "The member's name.") var name: String
        @Option(name: .customLong("role"), help: "A role (repeatable).") var roles: [String] = []
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members create") {
                let member = try await connection.client().createMember(name: name, roles: roles)
                AdminMembersCommand.show(member, json: json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a member with their keys.")
        @Argument(help: "The member id (mem_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members show") {
                AdminMembersCommand.show(try await connection.client().member(id), json: json)
            }
        }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule the replacement of a member's roles (runs after the delay unless the member cancels).")
        @Argument(help: "The member id (mem_…).") var id: String
        @Option(name: .customLong("role"), help: "A role (repeatable); none removes every role.") var roles: [String] = []
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members roles") {
                AdminOperationsCommand.show(try await connection.client().setRoles(of: id, to: roles), json: json)
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suspend a member: sessions end; logins, votes and signed requests are refused.")
        @Argument(help: "The member id (mem_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members suspend") {
                AdminMembersCommand.show(try await connection.client().suspendMember(id), json: json)
            }
        }
    }

    struct Reinstate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a member's suspension.")
        @Argument(help: "The member id (mem_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members reinstate") {
                AdminMembersCommand.show(try await connection.client().reinstateMember(id), json: json)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule a member's removal: keys revoked, passkeys and sessions deleted; past votes stay in evidence.")
        @Argument(help: "The member id (mem_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin members remove") {
                AdminOperationsCommand.show(try await connection.client().removeMember(id), json: json)
            }
        }
    }

    static func show(_ member: AdminMember, json: Bool) {
        if json { return CommandIO.printLine(JCS.canonicalize(.object(member.json))) }
        CommandIO.printLine(member.summaryLine)
        CommandIO.printLine("  created \(Timestamp.format(member.createdAt)), \(member.passkeys) passkey(s)")
        for key in member.keys {
            let revoked = key.revokedAt.map { ", revoked \(Timestamp.format($0))" } ?? ""
            CommandIO.printLine("  key \(key.kid) (\(key.method)) valid from \(Timestamp.format(key.validFrom))\(revoked)")
        }
    }
}

extension AdminMember {
    var summaryLine: String {
        let roleList = roles.isEmpty ? "no roles" : roles.joined(separator: ", ")
        return "\(id)  \(name)  [\(roleList)]  \(status)"
    }
}
