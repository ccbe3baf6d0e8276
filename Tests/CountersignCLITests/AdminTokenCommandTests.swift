import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign admin token` makes the user token offline with the ADMIN_KEY; the server accepts
/// it for exactly the member and key it names.
@Suite("countersign admin token")
struct AdminTokenCommandTests {
    @Test("A token from the command enrols the key it names, and no other", arguments: Engine.available)
    func token(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let keyFile = server.dataDirectory.appendingPathComponent("admin.key").path
            let member = try #require(try await AdminClient(server: server).post("/api/admin/members", ["name": "ci"]).object["id"]?.stringValue)
            let key = try JWK.generate(for: .ed25519)
            let hex = Hex.encode(try #require(key.publicKey.jsonObject()["x"]?.base64URLBytes))
            let result = try await CLI.run(
                ["admin", "token", "--member", member, "--public-key", hex, "--expires", "10m", "--admin-key-file", keyFile, "--json"],
                timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.output)")
            let reply = try #require(try JSONParser().parse(Array(result.output.utf8)).objectValue)
            let token = try #require(reply["token"]?.stringValue)

            let other = try JWK.generate(for: .ed25519)
            expectError(try await KeyEnrolment.enrol(server, token: token, key: other), 400, "enrolment_key_mismatch")
            let enrolled = try await KeyEnrolment.enrol(server, token: token, key: key)
            try expectStatus(enrolled, 201)
            #expect(enrolled.object["method"] == "admin-token")

            for (publicKey, expires) in [("abcd", "1h"), (hex, "45d"), (hex, "soon")] {
                let arguments = [
                    "admin", "token", "--member", member, "--public-key", publicKey, "--expires", expires, "--admin-key-file", keyFile,
                ]
                let refused = try await CLI.run(arguments, timeout: .seconds(60))
                #expect(refused.exitCode != 0, "\(publicKey) \(expires): \(refused.output)")
            }
        }
    }
}
