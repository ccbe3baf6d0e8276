import Foundation
import Testing

/// The independent C2SP witness of Tests/interop/tlog/c2sp_witness.py (written from the C2SP
/// texts, not from the server's code), run as a child process on a loopback port.
final class IndependentWitness: Sendable {
    let name: String
    let vkey: String
    let url: String
    let folder: URL
    private let process: SpawnedProcess

    static let scripts = OfflineVerification.packageRoot.appendingPathComponent("Tests/interop/tlog")

    /// Starts a witness that trusts the log with `logVKey`, keeping its key and state in `folder`
    /// (a restart with the same folder keeps what it cosigned).
    static func start(logVKey: String, name: String = "witness.test/w1", folder: URL? = nil) async throws -> IndependentWitness {
        let python = try #require(PythonTool.interpreter, "COUNTERSIGN_PYTHON is needed for the independent witness")
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
    func stop() async {
        kill(process.pid, SIGTERM)
        _ = await process.wait(until: .now + .seconds(30))
    }

    /// What the witness logged (one line per request).
    var logText: String { (try? String(contentsOf: folder.appendingPathComponent("witness.log"), encoding: .utf8)) ?? "" }

    /// Runs Tests/interop/tlog/c2sp_log_verify.py with `arguments`.
    static func verify(_ arguments: [String]) async throws -> ProcessResult {
        let python = try #require(PythonTool.interpreter)
        return try await ProcessRunner.run(
            python, [scripts.appendingPathComponent("c2sp_log_verify.py").path] + arguments,
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(120))
    }
}
