import Countersign
import CountersignClient
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The command line of delayed operations and recovery: `countersign admin operations|keys|
/// passkeys|members remove|members roles|recover` and the member's `countersign operations`, and
/// `serve --dangerous-operation-delay 0`.
@Suite("countersign operations commands", .timeLimit(.minutes(4)))
struct OperationCommandsTests {
    @Test("serve --dangerous-operation-delay 0: `admin members remove` is scheduled and the runner completes it", arguments: Engine.available)
    func removeWithoutDelay(engine: Engine) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = engine == .postgres ? try await PostgresTestDatabase.create() : nil
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        let server = try await ServerProcess.start(
            dataDirectory: data, databaseURL: database?.url, extraArguments: ["--dangerous-operation-delay", "0", "--recovery-delay", "72h"])
        do {
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let removed = try await CLI.run([
                "admin", "members", "remove", alice.id, "--json", "--server", server.baseURL,
                "--admin-key-file", data.appendingPathComponent("admin.key").path,
            ], timeout: .seconds(60))
            #expect(removed.exitCode == 0, "\(removed.output)")
            let operation = try #require(try JSONParser().parse(Array(removed.output.utf8)).objectValue)
            #expect(operation["kind"] == "member.remove" && operation["dueAt"] == operation["scheduledAt"])
            let done = try await AdminClient(server: server).waitForOperation(try #require(operation["id"]?.stringValue))
            #expect(done["result"]?.objectValue?["keys"] == .array([.string(alice.kid)]))
            do {
                _ = try await CountersignClient(server: server.baseURL, credentials: .member(key: alice.signingKey)).statements()
                Issue.record("a removed member's signed request was accepted")
            } catch {
                #expect(error.code == "member_removed")
            }
        } catch {
            server.stop()
            await database?.drop()
            throw error
        }
        server.stop()
        await database?.drop()
    }

    @Test("admin keys|passkeys delete, members roles, operations list|show|cancel, recover, and the member's operations", arguments: Engine.available)
    func adminOperationCommands(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let spare = Base64URL.encode(try await alice.addPasskey(on: server).credentialID)

            let key = try cli.json(try await cli.admin(["keys", "delete", "--json", "--", alice.kid]))
            #expect(key["kind"] == "key.delete" && key["target"] == .string(alice.kid) && key["state"] == "pending")
            let passkey = try cli.json(try await cli.admin(["passkeys", "delete", "--json", "--", spare]))
            #expect(passkey["kind"] == "passkey.delete" && passkey["member"] == .string(alice.id))
            let roles = try cli.json(try await cli.admin(["members", "roles", alice.id, "--role", "observer", "--json"]))
            #expect(roles["kind"] == "member.roles")
            let rolesID = try #require(roles["id"]?.stringValue)

            let pending = try await cli.admin(["operations", "--state", "pending", "--json"])
            let listed = try #require(try JSONParser().parse(Array(pending.output.utf8)).arrayValue, "\(pending.output)")
            #expect(Set(listed.compactMap { $0.objectValue?["id"]?.stringValue }) == Set([key, passkey, roles].compactMap { $0["id"]?.stringValue }))
            let text = try await cli.admin(["operations"])
            #expect(text.exitCode == 0 && text.output.contains(rolesID) && text.output.contains("due "), "\(text.output)")
            let shown = try cli.json(try await cli.admin(["operations", "show", rolesID, "--json"]))
            #expect(shown["details"]?.objectValue?["roles"] == .array(["observer"]))
            let cancelled = try cli.json(try await cli.admin(["operations", "cancel", rolesID, "--json"]))
            #expect(cancelled["state"] == "cancelled" && cancelled["cancelledBy"] == "admin")
            let again = try await cli.admin(["operations", "cancel", rolesID])
            #expect(again.exitCode == 1 && again.output.contains("operation_not_pending"), "\(again.output)")

            let recovery = try await cli.admin(["recover", "--member", alice.id])
            #expect(recovery.exitCode == 0 && recovery.output.contains("/invite#"), "\(recovery.output)")
            let twice = try await cli.admin(["recover", "--member", alice.id, "--json"])
            #expect(twice.exitCode == 1 && twice.output.contains("operation_pending"), "\(twice.output)")

            // The member lists what affects them, signed with their key.
            let keyFile = try cli.writeKey(alice.signingKey, name: "alice.jwk")
            let mine = try await cli.run(["operations", "--server", server.baseURL, "--key", keyFile, "--json"])
            let kinds = try #require(try JSONParser().parse(Array(mine.output.utf8)).arrayValue, "\(mine.output)")
                .compactMap { $0.objectValue?["kind"]?.stringValue }
            #expect(Set(kinds) == ["key.delete", "passkey.delete", "member.recover"])
            let mineText = try await cli.run(["operations", "--server", server.baseURL, "--key", keyFile])
            #expect(mineText.exitCode == 0 && mineText.output.contains("waiting for registration"), "\(mineText.output)")
        }
    }
}
