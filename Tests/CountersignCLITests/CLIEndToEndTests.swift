import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The administrator and every signer work from the command line only: the admin creates a
/// service member and gives it a user token made offline; the service enrols its Ed25519 key; two
/// people, whose keys their passkeys attested, and the service approve a statement with
/// `countersign sign`; the evidence bundle downloaded with `countersign evidence` verifies offline.
@Suite("Command line end to end")
struct CLIEndToEndTests {
    @Test("A service member with an admin-enrolled key and two passkey members approve through the CLI", arguments: Engine.available)
    func approveFromTheCommandLine(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)

            // Two people: invited from the CLI, each registers a passkey in a browser (here the
            // software authenticator) that attests the signing key they keep in a file.
            var people: [(member: TestMember, keyFile: String)] = []
            for name in ["alice", "bob"] {
                let invite = try cli.json(try await cli.admin(["invite", "--name", name, "--role", "partner", "--json"]))
                let member = try TestMember(name: name, server: server)
                try await member.register(invite: try #require(invite["token"]?.stringValue))
                try expectStatus(try await member.attestKey(), 201)
                people.append((member, try cli.writeKey(member.signingKey, name: name)))
            }

            // The service: created by the admin, key generated locally, token made offline, key enrolled.
            let (serviceID, serviceKey, enrolled) = try await cli.enrolService(name: "Ledger", role: "bank")
            #expect(enrolled["method"] == "admin-token")
            let shown = try cli.json(try await cli.admin(["members", "show", serviceID, "--json"]))
            #expect(shown["status"] == "active")

            // alice proposes; all three approve from the command line.
            let policy = try cli.write(#"{"threshold":3,"signers":[{"role":"partner","weight":1},{"role":"bank","weight":1}]}"#, name: "policy.json")
            let content = try cli.write(#"{"transfer":{"amount":250000,"currency":"EUR","to":"DE89370400440532013000"}}"#, name: "content.json")
            let created = try cli.json(try await cli.member(
                ["statement", "create", "--title", "Wire 250k", "--content", content, "--policy", policy, "--json"], key: people[0].keyFile))
            let id = try #require(created["statement"]?.objectValue?["id"]?.stringValue ?? created["id"]?.stringValue, "\(created)")
            for keyFile in [people[0].keyFile, serviceKey, people[1].keyFile] {
                let signed = try await cli.member(["sign", id, "--yes"], key: keyFile)
                #expect(signed.exitCode == 0, "\(signed.output)")
            }
            let statement = try cli.json(try await cli.member(["statement", "show", id, "--json"], key: serviceKey))
            #expect(statement["state"] == "approved", "\(statement)")

            // The evidence, fetched by the service, verifies offline with no server.
            let bundle = folder.appendingPathComponent("evidence.json").path
            let fetched = try await cli.member(["evidence", id, "--out", bundle], key: serviceKey)
            #expect(fetched.exitCode == 0, "\(fetched.output)")
            let serverKey = folder.appendingPathComponent("server-key.json")
            try Data(try await OfflineVerification.fetchServerKey(server)).write(to: serverKey)
            // The service's key was enrolled with an admin token: offline, without the ADMIN_KEY,
            // it rests on the server's word, which fails unless accepted.
            let onServerWord = try await cli.run(["verify", bundle, "--server-key", serverKey.path])
            #expect(onServerWord.exitCode == 1, "\(onServerWord.output)")
            #expect(onServerWord.output.contains("rest on the server's word"), "\(onServerWord.output)")
            let accepted = try await cli.run(["verify", bundle, "--server-key", serverKey.path, "--accept-server-attested-keys"])
            #expect(accepted.exitCode == 0, "\(accepted.output)")
            #expect(accepted.output.contains("rest on the server's word"), "\(accepted.output)")
            let adminKeyFile = server.dataDirectory.appendingPathComponent("admin.key").path
            let verified = try await cli.run(["verify", bundle, "--server-key", serverKey.path, "--admin-key-file", adminKeyFile])
            #expect(verified.exitCode == 0, "\(verified.output)")
            let methods = Set(try await server.store.read { try await $0.votes(statement: .init(id)) }.map(\.keyMethod))
            #expect(methods == ["passkey", "admin-token"])
        }
    }
}

/// Runs the built `countersign` binary against one server, with the admin key from its data folder.
struct CountersignCLI {
    let server: TestServer
    let folder: URL

    func run(_ arguments: [String]) async throws -> ProcessResult {
        try await CLI.run(arguments, timeout: .seconds(60))
    }

    func admin(_ arguments: [String]) async throws -> ProcessResult {
        let keyFile = server.dataDirectory.appendingPathComponent("admin.key").path
        let offline = arguments.first == "token"
        return try await run(["admin"] + Self.adding((offline ? [] : ["--server", server.baseURL]) + ["--admin-key-file", keyFile], to: arguments))
    }

    /// `options` added to `arguments`, before a `--` if there is one: ids in base64url (kids,
    /// invitation ids) may begin with "-", so commands take them after `--`.
    static func adding(_ options: [String], to arguments: [String]) -> [String] {
        guard let end = arguments.firstIndex(of: "--") else { return arguments + options }
        return Array(arguments[..<end]) + options + Array(arguments[end...])
    }

    /// A service member created by the admin, its Ed25519 key generated into a file, a user token
    /// made offline and the key enrolled: the member id, the key file and `key enrol --json`.
    func enrolService(name: String, role: String) async throws -> (member: String, keyFile: String, enrolled: JSONObject) {
        let service = try json(try await admin(["members", "create", "--name", name, "--role", role, "--json"]))
        let member = try #require(service["id"]?.stringValue)
        let keyFile = folder.appendingPathComponent("\(name.lowercased()).jwk").path
        let generated = try json(try await run(["keygen", "--alg", "Ed25519", "--out", keyFile, "--json"]))
        let token = try json(try await admin([
            "token", "--member", member, "--public-key", try #require(generated["publicKeyHex"]?.stringValue), "--json",
        ]))
        let enrolled = try json(try await self.member(["key", "enrol", "--token", try #require(token["token"]?.stringValue), "--json"], key: keyFile))
        return (member, keyFile, enrolled)
    }

    func member(_ arguments: [String], key: String) async throws -> ProcessResult {
        try await run(Self.adding(["--server", server.baseURL, "--key", key], to: arguments))
    }

    /// The command's standard output as a JSON object; fails the test with its output otherwise.
    func json(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONObject {
        try #require(result.exitCode == 0, "\(result.output)", sourceLocation: sourceLocation)
        return try #require(try JSONParser().parse(Array(result.output.utf8)).objectValue, "\(result.output)", sourceLocation: sourceLocation)
    }

    func write(_ text: String, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func writeKey(_ key: JWK, name: String) throws -> String {
        let url = folder.appendingPathComponent("\(name).jwk")
        try Data(JCS.canonicalize(.object(key.jsonObject(includePrivate: true)))).write(to: url)
        return url.path
    }
}
