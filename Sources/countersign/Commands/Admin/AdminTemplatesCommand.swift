import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign admin templates`: add, list, show and remove statement templates.
struct AdminTemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "Add, list, show and remove statement templates.",
        subcommands: [List.self, Show.self, Add.self, Remove.self], defaultSubcommand: List.self)

    static func line(_ template: StoredTemplate) -> String {
        let removed = template.removedAt.map { "  (removed \(Timestamp.format($0)))" } ?? ""
        return "\(template.id)  \(template.name)  \(template.fields.count) field(s)\(removed)"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every template, removed ones marked.")
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin templates list") {
                let templates = try await connection.client().adminTemplates()
                if json { return CommandIO.printLine(JCS.string(.array(templates.map { .object($0.json) }))) }
                if templates.isEmpty { return CommandIO.printLine("No templates.") }
                for template in templates { CommandIO.printLine(AdminTemplatesCommand.line(template)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A template: its title, fields, content and default policy.")
        @Argument(help: "The template id (tpl_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin templates show") {
                let template = try await connection.client().adminTemplate(id)
                if json { return CommandIO.printLine(JCS.string(.object(template.json))) }
                CommandIO.printLine(AdminTemplatesCommand.line(template))
                if !template.title.isEmpty { CommandIO.printLine("Title: \(template.title)") }
                for field in template.fields { CommandIO.printLine("  \(field.pointer)  \(field.label)") }
                CommandIO.printLine(PrettyJSON.text(template.content))
                if let policy = template.policy { CommandIO.printLine("Default policy: \(JCS.string(policy))") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a template from a JSON file {\"name\",\"title\",\"content\",\"fields\":[{\"pointer\",\"label\"}],\"policy\"}.")
        @Option(help: "The template JSON file (docs/api.md, \"Templates\").") var file: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin templates add") {
                // Exact numbers: the content is pre-filled into what members sign, so a number a
                // double would round is refused here rather than changed.
                let value = try JSONParser(numbers: .exact).parse(try CommandIO.read(file))
                guard let object = value.objectValue else { throw CommandFailure("\(file) must hold a JSON object") }
                let stored = try await connection.client().storeTemplate(object)
                if json { return CommandIO.printLine(JCS.string(.object(stored.json))) }
                CommandIO.printLine("Stored template \(stored.id) (\(stored.name)).")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a template: members no longer start from it; statements made from it keep the comparison.")
        @Argument(help: "The template id (tpl_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin templates remove") {
                let removed = try await connection.client().removeTemplate(id)
                if json { return CommandIO.printLine(JCS.string(.object(removed.json))) }
                CommandIO.printLine("Removed template \(removed.id) (\(removed.name)).")
            }
        }
    }
}
