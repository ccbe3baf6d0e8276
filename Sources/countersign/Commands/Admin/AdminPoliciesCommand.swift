import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin policies`: store named policies and their versions, list and show them.
struct AdminPoliciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies", abstract: "Store, version, list and show named policies.",
        subcommands: [List.self, Show.self, Store.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest version of every stored policy.")
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin policies list") {
                let policies = try await connection.client().policies()
                if json { return CommandIO.printLine(JCS.canonicalize(.array(policies.map { .object($0.json) }))) }
                if policies.isEmpty { return CommandIO.printLine("No stored policies.") }
                for policy in policies { CommandIO.printLine("\(policy.id)  v\(policy.version)  \(policy.name)") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A stored policy: its latest version in words, and its versions.")
        @Argument(help: "The policy id (pol_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin policies show") {
                let policy = try await connection.client().policy(id)
                if json { return CommandIO.printLine(JCS.canonicalize(.object(policy.json))) }
                CommandIO.printLine("\(policy.id)  v\(policy.version)  \(policy.name)")
                CommandIO.printLine(PrettyJSON.text(policy.policy))
                for version in policy.versions {
                    CommandIO.printLine("  v\(version.version)  \(Timestamp.format(version.createdAt))  \(version.name)")
                }
            }
        }
    }

    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a policy from a JSON file; with --id, schedule it as the next version of that policy.")
        @Option(help: "A name people will recognise.") var name: String
        @Option(help: "The policy JSON file (docs/policies.md; `countersign policy check` explains one).") var file: String
        @Option(help: "An existing policy id: store a new version of it.") var id: String?
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin policies store") {
                let policy = try JSONParser().parse(try CommandIO.read(file))
                let client = try connection.client()
                if let id {
                    // A new version replaces a policy statements use: a scheduled operation.
                    return AdminOperationsCommand.show(try await client.storePolicyVersion(id, name: name, policy: policy), json: json)
                }
                let stored = try await client.storePolicy(name: name, policy: policy)
                if json { return CommandIO.printLine(JCS.canonicalize(.object(stored.json))) }
                CommandIO.printLine("Stored \(stored.id) version \(stored.version) (\(stored.name)).")
            }
        }
    }
}
