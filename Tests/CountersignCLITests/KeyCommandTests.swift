import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign key list` and `countersign key revoke` (issue 8): a service member lists its key
/// and revokes it with a request that key signs; afterwards the key signs nothing.
@Suite("countersign key list and key revoke")
struct KeyCommandTests {
    @Test("A service member lists and revokes its admin-token key from the command line", arguments: Engine.available)
    func listAndRevoke(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)
            let (_, keyFile, enrolled) = try await cli.enrolService(name: "Ledger", role: "bank")
            let kid = try #require(enrolled["kid"]?.stringValue)

            let listed = try await cli.member(["key", "list", "--json"], key: keyFile)
            #expect(listed.exitCode == 0, "\(listed.output)")
            let keys = try JSONParser().parse(Array(listed.output.utf8)).arrayValue ?? []
            #expect(keys.map { $0.objectValue?["kid"]?.stringValue } == [kid])
            #expect(keys.first?.objectValue?["revokedAt"] == .null)

            let wrong = try await cli.member(["key", "revoke", "not-this-key"], key: keyFile)
            #expect(wrong.exitCode == 1, "\(wrong.output)")
            let revoked = try cli.json(try await cli.member(["key", "revoke", "--json", "--", kid], key: keyFile))
            #expect(revoked["revokedAt"]?.stringValue != nil, "\(revoked)")
            let after = try await cli.member(["key", "list"], key: keyFile)
            #expect(after.exitCode == 1)
            #expect(after.output.contains("member_unauthenticated"), "\(after.output)")
        }
    }
}
