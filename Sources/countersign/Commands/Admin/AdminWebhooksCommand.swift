import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin webhooks`: register, list and remove webhooks, and see their deliveries.
struct AdminWebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Register, list and remove webhooks; see deliveries.",
        subcommands: [List.self, Add.self, Remove.self, Deliveries.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Registered webhooks.")
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin webhooks list") {
                let webhooks = try await connection.client().webhooks()
                if json { return CommandIO.printLine(JCS.canonicalize(.array(webhooks.map { .object($0.json) }))) }
                if webhooks.isEmpty { return CommandIO.printLine("No webhooks.") }
                for webhook in webhooks { CommandIO.printLine(webhook.summaryLine) }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a URL for audit events (deliveries are signed with the server key).")
        @Option(help: "The https URL to POST events to.") var url: String
        @Option(name: .customLong("event"), help: "An audit action to deliver, e.g. statement.approved (repeatable; * for all).")
        var events: [String] = []
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin webhooks add") {
                guard !events.isEmpty else { throw CommandFailure("name at least one --event (or --event '*')") }
                let webhook = try await connection.client().createWebhook(url: url, events: events)
                CommandIO.printLine(json ? String(decoding: JCS.canonicalize(.object(webhook.json)), as: UTF8.self) : webhook.summaryLine)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a webhook; nothing more is delivered to it.")
        @Argument(help: "The webhook id.") var id: String
        @OptionGroup var connection: AdminConnection

        func run() async throws {
            try await CommandFailure.reporting("admin webhooks remove") {
                try await connection.client().deleteWebhook(id)
                CommandIO.printLine("Removed \(id).")
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A webhook's deliveries, newest first, with every attempt.")
        @Argument(help: "The webhook id.") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin webhooks deliveries") {
                let deliveries = try await connection.client().deliveries(ofWebhook: id)
                if json { return CommandIO.printLine(JCS.canonicalize(.array(deliveries.map { .object($0.json) }))) }
                if deliveries.isEmpty { return CommandIO.printLine("No deliveries yet.") }
                for delivery in deliveries {
                    CommandIO.printLine("\(delivery.id)  event \(delivery.event) \(delivery.action)  \(delivery.state)")
                    for attempt in delivery.attempts {
                        let outcome = attempt.status.map { "HTTP \($0)" } ?? attempt.error ?? "no answer"
                        CommandIO.printLine("  \(Timestamp.format(attempt.at))  \(outcome)")
                    }
                    if let next = delivery.nextAttemptAt { CommandIO.printLine("  next attempt \(Timestamp.format(next))") }
                }
            }
        }
    }
}

extension Webhook {
    var summaryLine: String { "\(id)  \(url)  \(events.joined(separator: ","))" }
}
