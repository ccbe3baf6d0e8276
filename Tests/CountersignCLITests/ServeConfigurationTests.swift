import Foundation
import Testing
@testable import countersign

/// `countersign serve` settings: flags win over COUNTERSIGN_* variables, variables over the JSON
/// file, the file over the defaults; bad values stop the start with the setting's name.
@Suite("serve configuration")
struct ServeConfigurationTests {
    private func settings(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeSettings {
        let command = try ServeCommand.parse(arguments)
        return try ServeSettings(reader: try await command.configurationReader(environment: environment))
    }

    @Test("Defaults: loopback, port 8080, SQLite in ./countersign-data, RP localhost")
    func defaults() async throws {
        let settings = try await settings([])
        #expect(settings.server.host == "127.0.0.1")
        #expect(settings.server.port == 8080)
        #expect(settings.server.databaseURL == nil)
        #expect(settings.server.rpID == "localhost")
        #expect(settings.server.origins == ["http://localhost:8080"])
        #expect(settings.server.dataDirectory.lastPathComponent == "countersign-data")
    }

    @Test("Flags over variables over the file")
    func precedence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-config-\(UUID().uuidString).json")
        try Data(#"{"port": 7000, "rpId": "file.example", "rpName": "From file", "origin": ["https://file.example"], "sessionIdleTimeout": 90}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ["COUNTERSIGN_PORT": "7100", "COUNTERSIGN_RP_ID": "env.example", "COUNTERSIGN_CONFIG": file.path]
        let fromEnvironment = try await settings([], environment: environment)
        #expect(fromEnvironment.server.port == 7100)
        #expect(fromEnvironment.server.rpID == "env.example")
        #expect(fromEnvironment.server.rpName == "From file")
        #expect(fromEnvironment.server.origins == ["https://file.example"])
        #expect(fromEnvironment.server.sessionIdleTimeout == 90)

        let fromFlags = try await settings(["--port", "7200", "--origin", "https://a.example", "--origin", "https://b.example"], environment: environment)
        #expect(fromFlags.server.port == 7200)
        #expect(fromFlags.server.rpID == "env.example")
        #expect(fromFlags.server.origins == ["https://a.example", "https://b.example"])

        let originList = try await settings([], environment: ["COUNTERSIGN_ORIGIN": "https://x.example,https://y.example"])
        #expect(originList.server.origins == ["https://x.example", "https://y.example"])
    }

    @Test("--web-root and --session-idle-timeout, also as variables")
    func webRootAndIdleTimeout() async throws {
        let defaults = try await settings([])
        #expect(defaults.server.webRoot == nil)
        #expect(defaults.server.sessionIdleTimeout == 1800)
        let flags = try await settings(["--web-root", "/srv/countersign-web", "--session-idle-timeout", "45"])
        #expect(flags.server.webRoot?.path == "/srv/countersign-web")
        #expect(flags.server.sessionIdleTimeout == 45)
        let variables = try await settings([], environment: ["COUNTERSIGN_WEB_ROOT": "/opt/web", "COUNTERSIGN_SESSION_IDLE_TIMEOUT": "60"])
        #expect(variables.server.webRoot?.path == "/opt/web")
        #expect(variables.server.sessionIdleTimeout == 60)
        await #expect(throws: (any Error).self) { try await settings(["--session-idle-timeout", "0"]) }
    }

    @Test("Operation delays: 24h and 72h by default; seconds or 0, 90s, 15m, 24h from flags, variables and the file")
    func delays() async throws {
        let defaults = try await settings([])
        #expect(defaults.server.dangerousOperationDelay == 24 * 3600 && defaults.server.recoveryDelay == 72 * 3600)
        let flags = try await settings(["--dangerous-operation-delay", "0", "--recovery-delay", "15m"])
        #expect(flags.server.dangerousOperationDelay == 0 && flags.server.recoveryDelay == 900)
        let variables = try await settings(
            [], environment: ["COUNTERSIGN_DANGEROUS_OPERATION_DELAY": "90s", "COUNTERSIGN_RECOVERY_DELAY": "3600"])
        #expect(variables.server.dangerousOperationDelay == 90 && variables.server.recoveryDelay == 3600)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-config-\(UUID().uuidString).json")
        try Data(#"{"dangerousOperationDelay": 120, "recoveryDelay": "2d"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await settings(["--config", file.path])
        #expect(fromFile.server.dangerousOperationDelay == 120 && fromFile.server.recoveryDelay == 2 * 86400)
        for bad in ["-5", "1.5h", "24 hours", "", "366d", "99999999999"] {
            await #expect(throws: (any Error).self, "\(bad)") { try await settings(["--dangerous-operation-delay", bad]) }
        }
    }

    @Test("Slow-client limits: a 30 s connection idle timeout and 32 KiB request heads by default; the flag and variables change them")
    func connectionLimits() async throws {
        let defaults = try await settings([])
        #expect(defaults.server.connectionIdleTimeout == 90)
        #expect(defaults.server.maxHeaderBytes == 32 * 1024)
        #expect(try await settings(["--connection-idle-timeout", "5"]).server.connectionIdleTimeout == 5)
        let variables = try await settings([], environment: ["COUNTERSIGN_CONNECTION_IDLE_TIMEOUT": "12", "COUNTERSIGN_MAX_HEADER_BYTES": "8192"])
        #expect(variables.server.connectionIdleTimeout == 12)
        #expect(variables.server.maxHeaderBytes == 8192)
        await #expect(throws: (any Error).self) { try await settings(["--connection-idle-timeout", "0"]) }
        await #expect(throws: (any Error).self) { try await settings([], environment: ["COUNTERSIGN_MAX_HEADER_BYTES": "10"]) }
    }

    @Test("Group commit is on by default; COUNTERSIGN_GROUP_COMMIT=false or the file turns it off")
    func groupCommit() async throws {
        #expect(try await settings([]).server.groupCommit)
        #expect(try await settings([], environment: ["COUNTERSIGN_GROUP_COMMIT": "false"]).server.groupCommit == false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-config-\(UUID().uuidString).json")
        try Data(#"{"groupCommit": false}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try await settings(["--config", file.path]).server.groupCommit == false)
    }

    @Test("--trusted-proxy (repeatable, also COUNTERSIGN_TRUSTED_PROXY) and --metrics-token-file; none by default; a bad value stops the start")
    func proxiesAndMetricsToken() async throws {
        let defaults = try await settings([])
        #expect(defaults.server.trustedProxies.isEmpty && defaults.server.metricsToken == nil)
        let flags = try await settings(["--trusted-proxy", "127.0.0.1/32", "--trusted-proxy", "fd00::/8"])
        #expect(flags.server.trustedProxies.map(\.description) == ["127.0.0.1/32", "fd00::/8"])
        let variable = try await settings([], environment: ["COUNTERSIGN_TRUSTED_PROXY": "10.0.0.0/8,::1/128"])
        #expect(variable.server.trustedProxies.map(\.description) == ["10.0.0.0/8", "::1/128"])
        for bad in ["10.0.0.1", "10.0.0.1/8", "proxy.example/32", "10.0.0.0/40"] {
            await #expect(throws: (any Error).self, "\(bad)") { try await settings(["--trusted-proxy", bad]) }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = folder.appendingPathComponent("metrics.token")
        #expect(FileManager.default.createFile(atPath: token.path, contents: Data("t0ken\n".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(try await settings(["--metrics-token-file", token.path]).server.metricsToken != nil)
        await #expect(throws: (any Error).self) { try await settings(["--metrics-token-file", folder.appendingPathComponent("missing").path]) }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: token.path)
        await #expect(throws: (any Error).self) { try await settings(["--metrics-token-file", token.path]) }
    }

    @Test("A bad value stops the start")
    func refusals() async throws {
        await #expect(throws: (any Error).self) { try await settings(["--port", "70000"]) }
        await #expect(throws: (any Error).self) { try await settings(["--log-level", "loud"]) }
        await #expect(throws: (any Error).self) { try await settings([], environment: ["COUNTERSIGN_SESSION_IDLE_TIMEOUT": "-5"]) }
        await #expect(throws: (any Error).self) { try await settings(["--config", "/nonexistent/countersign.json"]) }
    }
}
