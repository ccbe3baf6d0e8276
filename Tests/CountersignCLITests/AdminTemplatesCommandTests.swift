import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign admin templates add|list|show|remove` against a running server (docs/cli.md).
@Suite("countersign admin templates")
struct AdminTemplatesCommandTests {
    @Test("Add from a file (numbers exact), list, show, remove; an inexact number is refused before anything is sent", arguments: Engine.available)
    func templates(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)
            let file = try cli.write(#"""
                {"name": "Capital call", "title": "Capital call",
                 "content": {"amount": 0, "cap": 1e21, "dueDate": "2026-01-31"},
                 "fields": [{"pointer": "/amount", "label": "Amount called"}, {"pointer": "/dueDate", "label": "Due date"}],
                 "policy": {"threshold": 2, "signers": [{"role": "director", "weight": 1}]}}
                """#, name: "template.json")
            let added = try cli.json(try await cli.admin(["templates", "add", "--file", file, "--json"]))
            let id = try #require(added["id"]?.stringValue)
            #expect(added["contentText"] == #"{"amount":0,"cap":1e+21,"dueDate":"2026-01-31"}"#)

            // A member starts from it with the CLI: the exact content text, edited, then a
            // statement created with --template (the link recorded, the content its own).
            let (_, keyFile, _) = try await cli.enrolService(name: "Treasury", role: "director")
            let memberList = try await cli.member(["templates", "list"], key: keyFile)
            #expect(memberList.exitCode == 0 && memberList.output.contains(id), "\(memberList.output)")
            let skeleton = try await cli.member(["templates", "show", id, "--content"], key: keyFile)
            #expect(skeleton.output.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"amount":0,"cap":1e+21,"dueDate":"2026-01-31"}"#)
            let content = try cli.write(skeleton.output.replacingOccurrences(of: #""amount":0"#, with: #""amount":2500000.75"#), name: "content.json")
            let policy = try cli.write(#"{"threshold":1,"signers":[{"role":"director","weight":1}]}"#, name: "policy.json")
            let created = try cli.json(try await cli.member(
                ["statement", "create", "--title", "Call", "--content", content, "--policy", policy, "--template", id, "--json"], key: keyFile))
            let statement = try #require(created["statement"]?.objectValue?["id"]?.stringValue)
            let link = try await AdminClient(server: server).get("/api/admin/audit?after=0&limit=1000")
            #expect(link.text.contains(#""template":"\#(id)""#) && link.text.contains(statement), "\(link)")

            let listed = try await cli.admin(["templates", "list"])
            #expect(listed.exitCode == 0 && listed.output.contains(id) && listed.output.contains("2 field(s)"), "\(listed.output)")
            let shown = try await cli.admin(["templates", "show", id])
            #expect(shown.exitCode == 0 && shown.output.contains("/amount  Amount called"), "\(shown.output)")

            let removed = try cli.json(try await cli.admin(["templates", "remove", id, "--json"]))
            #expect(removed["removedAt"]?.stringValue != nil)
            let again = try await cli.admin(["templates", "remove", id])
            #expect(again.exitCode == 1 && again.output.contains("template_removed"), "\(again.output)")
            #expect(try await cli.admin(["templates", "list"]).output.contains("(removed "))

            let inexact = try cli.write(#"{"name": "Big", "content": {"n": 12345678901234567890}}"#, name: "inexact.json")
            let refused = try await cli.admin(["templates", "add", "--file", inexact])
            #expect(refused.exitCode == 1, "\(refused.output)")
            #expect(try await cli.admin(["templates", "list", "--json"]).output.contains("Big") == false)
        }
    }
}
