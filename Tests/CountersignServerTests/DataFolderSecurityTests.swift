import CountersignJOSE
import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Secret files and the start-up order: the ADMIN_KEY and the server key are created owner-only
/// and atomically, a data folder or secret file open to others is refused with the chmod that
/// fixes it, and a start that cannot bind its port creates and prints nothing.
@Suite("Data folder security", .timeLimit(.minutes(3)))
struct DataFolderSecurityTests {
    static func mode(_ url: URL) throws -> Int {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { throw SpawnedProcess.SpawnFailed(description: "stat \(url.path) failed") }
        return Int(status.st_mode & 0o777)
    }

    /// Runs `countersign serve` with `arguments` until it exits (it is expected to refuse to
    /// start); returns its status and everything it printed.
    static func serveUntilExit(_ arguments: [String], in folder: URL) async throws -> (status: Int32?, output: String) {
        let log = folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = try SpawnedProcess.spawn(
            CLI.path.path, ["serve"] + arguments, environment: ProcessInfo.processInfo.environment,
            stdout: log.path, stderr: log.path)
        let status = await process.wait(until: .now + .seconds(90))
        if status == nil {
            process.signal(SIGKILL)
            _ = await process.wait(until: .now + .seconds(10))
        }
        return (status, String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))
    }

    @Test("A busy port prints a fresh ADMIN_KEY: the start fails before any secret is created or printed")
    func busyPortPrintsAdminKey() async throws {
        let folder = try TemporaryDirectory().url
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestServer.with(.sqlite) { busy in
            let port = try #require(busy.baseURL.split(separator: ":").last.map(String.init))
            let data = folder.appendingPathComponent("data")
            let (status, output) = try await Self.serveUntilExit(
                ["--data-dir", data.path, "--host", "127.0.0.1", "--port", port], in: folder)
            #expect(status != nil && status != 0, "serve on a busy port exited with \(String(describing: status)): \(output)")
            #expect(output.contains("cannot listen on 127.0.0.1:\(port)"), "\(output)")
            #expect(!output.contains("ADMIN_KEY="), "a key was printed: \(output)")
            #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("admin.key").path), "admin.key was created")
            #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("server-key.jwk").path))
        }
    }

    @Test("Secret files readable by others: a 0755 data folder and a 0644 key file are refused with the path and the chmod that fixes it")
    func secretFilesReadableByOthers() async throws {
        let folder = try TemporaryDirectory().url
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        _ = try ServerSecrets.loadOrCreate(in: data)

        // The folder opened to others: the binary refuses to start and says how to fix it.
        #expect(chmod(data.path, 0o755) == 0)
        let (status, output) = try await Self.serveUntilExit(["--data-dir", data.path, "--port", "0"], in: folder)
        #expect(status != nil && status != 0, "serve with a 0755 data folder exited with \(String(describing: status)): \(output)")
        #expect(output.contains(data.path) && output.contains("chmod 700 \(data.path)"), "\(output)")
        #expect(throws: ServerSecretsError.self) { _ = try ServerSecrets.loadOrCreate(in: data) }
        #expect(chmod(data.path, 0o700) == 0)

        // Each secret file opened to others, in turn.
        for name in ["admin.key", "server-key.jwk"] {
            let file = data.appendingPathComponent(name)
            #expect(chmod(file.path, 0o644) == 0)
            let (status, output) = try await Self.serveUntilExit(["--data-dir", data.path, "--port", "0"], in: folder)
            #expect(status != nil && status != 0, "serve with a 0644 \(name) exited with \(String(describing: status)): \(output)")
            #expect(output.contains("chmod 600 \(file.path)"), "\(output)")
            do {
                _ = try ServerSecrets.loadOrCreate(in: data)
                Issue.record("a 0644 \(name) was accepted")
            } catch {
                #expect("\(error)".contains("chmod 600 \(file.path)"), "\(error)")
            }
            #expect(chmod(file.path, 0o600) == 0)
        }
        // Fixed as told, the folder is accepted again.
        _ = try ServerSecrets.loadOrCreate(in: data)
    }

    @Test("New secret files are created 0600 in a 0700 data folder, with no temporary file left")
    func newSecretFileModes() throws {
        let folder = try TemporaryDirectory().url
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let secrets = try ServerSecrets.loadOrCreate(in: data)
        #expect(secrets.createdAdminKey)
        #expect(try Self.mode(data) == 0o700)
        for name in ["admin.key", "log-key.jwk", "server-key.jwk"] {
            #expect(try Self.mode(data.appendingPathComponent(name)) == 0o600, "\(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["admin.key", "log-key.jwk", "server-key.jwk"])
        // A second start reads the same secrets and creates nothing.
        let again = try ServerSecrets.loadOrCreate(in: data)
        #expect(!again.createdAdminKey && again.adminKey == secrets.adminKey)
        #expect(again.logKey.thumbprint == secrets.logKey.thumbprint, "the log's identity survives a restart")
    }
}
