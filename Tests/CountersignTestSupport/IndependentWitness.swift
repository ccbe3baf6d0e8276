import CountersignServer
import CountersignTLog
import Foundation
import Testing

/// The independent C2SP witness of Tests/interop/tlog/c2sp_witness.py (written from the C2SP
/// texts, not from the server's code), run as a child process on a loopback port.
package final class IndependentWitness: Sendable {
    package let name: String
    package let vkey: String
    package let url: String
    package let folder: URL
    private let process: SpawnedProcess

    package static let scripts = PackagePaths.root.appendingPathComponent("Tests/interop/tlog")

    /// Starts a witness that trusts the log with `logVKey`, keeping its key and state in `folder`
    /// (a restart with the same folder keeps what it cosigned).
    package static func start(logVKey: String, name: String = "witness.test/w1", folder: URL? = nil) async throws -> IndependentWitness {
        let python = try #require(Python.interpreter, "COUNTERSIGN_PYTHON is needed for the independent witness")
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("countersign-witness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyFile = folder.appendingPathComponent("witness.key").path
        let script = scripts.appendingPathComponent("c2sp_witness.py").path
        if !FileManager.default.fileExists(atPath: keyFile) {
            let made = try await ProcessRunner.run(python, [script, "keygen", "--name", name, "--key-file", keyFile], timeout: .seconds(60))
            #expect(made.exitCode == 0, "\(made.stderr)")
        }
        let vkeyRun = try await ProcessRunner.run(python, [script, "vkey", "--name", name, "--key-file", keyFile], timeout: .seconds(60))
        let vkey = vkeyRun.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let portFile = folder.appendingPathComponent("port")
        try? FileManager.default.removeItem(at: portFile)
        let log = folder.appendingPathComponent("witness.log").path
        let process = try SpawnedProcess.spawn(
            python.path,
            [script, "serve", "--name", name, "--key-file", keyFile, "--state", folder.appendingPathComponent("state.json").path,
             "--log-vkey", logVKey, "--port-file", portFile.path],
            environment: ["PYTHONDONTWRITEBYTECODE": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
            stdout: log, stderr: log)
        var port: String?
        try await eventually("the witness to listen") {
            port = (try? String(contentsOf: portFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            return port?.isEmpty == false
        }
        return IndependentWitness(name: name, vkey: vkey, url: "http://127.0.0.1:\(port ?? "0")", folder: folder, process: process)
    }

    private init(name: String, vkey: String, url: String, folder: URL, process: SpawnedProcess) {
        self.name = name
        self.vkey = vkey
        self.url = url
        self.folder = folder
        self.process = process
    }

    /// Stops the witness process (its folder stays for a restart).
    package func stop() async {
        kill(process.pid, SIGTERM)
        _ = await process.wait(until: .now + .seconds(30))
    }

    /// What the witness logged (one line per request).
    package var logText: String { (try? String(contentsOf: folder.appendingPathComponent("witness.log"), encoding: .utf8)) ?? "" }

    /// Runs Tests/interop/tlog/c2sp_log_verify.py with `arguments`.
    package static func verify(_ arguments: [String]) async throws -> ProcessResult {
        let python = try #require(Python.interpreter)
        return try await ProcessRunner.run(
            python, [scripts.appendingPathComponent("c2sp_log_verify.py").path] + arguments,
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(120))
    }
}

extension IndependentWitness {
    /// The server settings that have this witness cosign the server's log (parsed as
    /// `--witness "VKEY URL"` is), with the log public.
    package func cosigning() throws -> (inout ServerConfiguration) -> Void {
        let configured = try WitnessConfiguration(line: "\(vkey) \(url)")
        return { configuration in
            configuration.logPublic = true
            configuration.witnesses = [configured]
        }
    }

    /// A server whose log the independent witness cosigns: the server starts once so that its log
    /// key exists, the witness is configured with that key, and the server restarts with the
    /// witness (as an operator sets up a witness before going live). Stop both when done.
    package static func witnessedServer(_ engine: Engine) async throws -> (TestServer, IndependentWitness, vkey: String) {
        let first = try await TestServer.start(engine)
        let vkey = first.environment.log.verifierKey.description
        let witness = try await IndependentWitness.start(logVKey: vkey)
        return (try await first.restarted(engine, configure: try witness.cosigning()), witness, vkey)
    }
}

/// Standard base64, as the independent verifier writes entries.
package enum Base64Standard {
    package static func decode(_ text: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw TestServerFailure("not base64: \(text.prefix(40))") }
        return Array(data)
    }
}
