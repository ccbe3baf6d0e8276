import Foundation

/// What one child process produced.
struct ProcessResult: Sendable {
    let exitCode: Int32
    let stdout: String
    let stderr: String
}

struct ProcessTimedOut: Error, CustomStringConvertible {
    let command: String
    let after: Duration
    let stdout: String
    let stderr: String

    var description: String { "\(command) did not finish within \(after); killed\n\(stdout)\n\(stderr)" }
}

/// Runs a child process to completion or until a deadline, output captured in files (a chatty
/// child cannot block on a full pipe), stdin from /dev/null. The wait sleeps as a task, so the
/// in-process server keeps its threads while a long child runs.
enum ProcessRunner {
    static func run(
        _ executable: URL, _ arguments: [String], currentDirectory: URL? = nil, environment: [String: String] = [:],
        timeout: Duration
    ) async throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        if timedOut {
            throw ProcessTimedOut(
                command: ([executable.lastPathComponent] + arguments).joined(separator: " "), after: timeout, stdout: stdout, stderr: stderr)
        }
        return ProcessResult(exitCode: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
