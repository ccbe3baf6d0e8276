import ArgumentParser
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign templates`: the statement templates a member can start from. `show --content`
/// prints the content skeleton's exact text, to edit and give to `statement create --content`
/// (with `--template`, so that readers see what differs from the template).
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "List and show the statement templates.", subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The current templates.")
        @OptionGroup var connection: MemberConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("templates list") {
                let templates = try await connection.client().templates()
                if json { return CommandIO.printLine(JCS.string(.array(templates.map { .object($0.json) }))) }
                if templates.isEmpty { return CommandIO.printLine("No templates.") }
                for template in templates { CommandIO.printLine("\(template.id)  \(template.name)  \(template.fields.count) field(s)") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A template: its fields, content and default policy.")
        @Argument(help: "The template id (tpl_…).") var id: String
        @Flag(help: "Print only the content's exact JSON text (to edit and create a statement from).") var content = false
        @OptionGroup var connection: MemberConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("templates show") {
                let template = try await connection.client().template(id)
                if content { return CommandIO.printLine(template.contentText) }
                if json { return CommandIO.printLine(JCS.string(.object(template.json))) }
                CommandIO.printLine("\(template.id)  \(template.name)" + (template.removedAt == nil ? "" : "  (removed)"))
                if !template.title.isEmpty { CommandIO.printLine("Title: \(template.title)") }
                for field in template.fields { CommandIO.printLine("  \(field.pointer)  \(field.label)") }
                CommandIO.printLine(template.contentText)
                if let policy = template.policy { CommandIO.printLine("Default policy: \(JCS.string(policy))") }
            }
        }
    }
}
