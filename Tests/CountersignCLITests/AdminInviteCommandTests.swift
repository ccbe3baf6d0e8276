import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign admin invite` against a running server: the signed request creates a member and an
/// invitation that registers a passkey; a wrong ADMIN_KEY is refused with exit 1.
@Suite("countersign admin invite")
struct AdminInviteCommandTests {
    @Test("The invitation from the command registers a passkey", arguments: Engine.available)
    func invite(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let keyFile = server.dataDirectory.appendingPathComponent("admin.key").path
            let result = try await CLI.run(
                ["admin", "invite", "--name", "Dana Reyes", "--role", "investor", "--server", server.baseURL, "--admin-key-file", keyFile, "--json"],
                timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.output)")
            let reply = try #require(try JSONParser().parse(Array(result.output.utf8)).objectValue)
            let token = try #require(reply["token"]?.stringValue)
            #expect(reply["link"]?.stringValue?.hasSuffix("/invite#" + token) == true)
            let member = try TestMember(name: "dana", server: server)
            try await member.register(invite: token)
            #expect(member.id == reply["member"]?.stringValue)

            let wrongKey = server.dataDirectory.appendingPathComponent("wrong.key")
            try Data((String(repeating: "ab", count: 32) + "\n").utf8).write(to: wrongKey)
            let refused = try await CLI.run(
                ["admin", "invite", "--name", "Mallory", "--server", server.baseURL, "--admin-key-file", wrongKey.path],
                timeout: .seconds(60))
            #expect(refused.exitCode == 1)
            #expect(refused.output.contains("not valid"))
        }
    }

    @Test("--email mails the invitation through the server's SMTP server; the member who registers with the mailed link confirms the address from the same mail", .enabled(if: MailSink.isAvailable, MailSink.unavailable), arguments: Engine.available)
    func inviteByEmail(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: MailTesting.configure(port: sink.port)) { server in
                let keyFile = server.dataDirectory.appendingPathComponent("admin.key").path
                let result = try await CLI.run(
                    ["admin", "invite", "--name", "Erin", "--role", "partner", "--email", "erin@example.org", "--server", server.baseURL,
                     "--admin-key-file", keyFile],
                    timeout: .seconds(60))
                #expect(result.exitCode == 0, "\(result.output)")
                #expect(result.output.contains("The invitation is on its way to erin@example.org."))
                let mail = try await sink.waitForMail(to: "erin@example.org", subject: "Countersign: you are invited")
                let link = try #require(mail.body.split(whereSeparator: \.isWhitespace).first { $0.contains("/invite#") })
                let token = String(try #require(link.split(separator: "#").last))
                let member = try TestMember(name: "erin", server: server)
                try await member.register(invite: token)
                let confirmLink = try #require(mail.link("confirm-email="))
                let confirmToken = String(try #require(confirmLink.split(separator: "=").last))
                let confirmed = try await member.client.post("/api/account/email/confirm", ["token": .string(confirmToken)])
                #expect(confirmed.status == 200, "\(confirmed)")
                #expect(confirmed.object["address"] == "erin@example.org" && confirmed.object["confirmed"] == true)

                let refused = try await CLI.run(
                    ["admin", "invite", "--name", "Mallory", "--email", "m@example.org\r\nBcc: all@example.org", "--server", server.baseURL,
                     "--admin-key-file", keyFile],
                    timeout: .seconds(60))
                #expect(refused.exitCode == 1)
                #expect(refused.output.contains("email address"), "\(refused.output)")
            }
        }
    }
}
