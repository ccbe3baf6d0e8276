import CountersignJOSE
import Foundation
import Testing

/// Checks evidence the way an outsider would: the built `countersign verify` binary and joserfc
/// (Tests/interop/joserfc_verify.py in the test venv), each as a separate process on files.
enum OfflineVerification {
    struct Outcome {
        let exitCode: Int32
        let output: String
    }

    /// `<root>/Tests/CountersignServerTests/Support/OfflineVerification.swift` -> `<root>`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The countersign binary SwiftPM built beside the test runner (or COUNTERSIGN_BIN).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["COUNTERSIGN_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments.first ?? "").resolvingSymlinksInPath()
        let beside = runner.deletingLastPathComponent().appendingPathComponent("countersign")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/countersign")
    }

    static var python: URL? {
        guard let path = ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }

    static func verify(bundle: [UInt8]) throws -> Outcome {
        try withFile(bundle) { path in try run(binary, ["verify", path]) }
    }

    /// Verifies every signature of a General JWS with joserfc against `keys`. Without the test
    /// venv (a bare `swift test`) this records nothing and returns: scripts/test always has it,
    /// and CI=true makes its absence a failure.
    static func verifyWithJoserfc(envelope: [UInt8], keys: [JSONValue], expectedSignatures: Int) throws {
        let parsed = try JSONParser().parse(envelope)
        #expect(parsed.objectValue?["signatures"]?.arrayValue?.count == expectedSignatures)
        guard let python else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must run the joserfc check (COUNTERSIGN_PYTHON unset)")
            return
        }
        let jwks = JCS.canonicalize(.object(["keys": .array(keys)]))
        try withFile(envelope) { envelopePath in
            try withFile(jwks) { jwksPath in
                let script = packageRoot.appendingPathComponent("Tests/interop/joserfc_verify.py").path
                let outcome = try run(python, [script, envelopePath, jwksPath])
                #expect(outcome.exitCode == 0, "joserfc: \(outcome.output)")
            }
        }
    }

    private static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-\(UUID().uuidString).json")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// Runs a program to completion (at most a minute), output to a file so a full pipe never blocks it.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Outcome {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONDONTWRITEBYTECODE": "1"]) { $1 }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Outcome(exitCode: process.terminationStatus, output: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self))
    }
}
