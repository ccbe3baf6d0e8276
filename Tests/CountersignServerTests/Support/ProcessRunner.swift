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

/// Runs a child process (posix_spawn, see `SpawnedProcess`) to completion or until a deadline,
/// output captured in files (a chatty child cannot block on a full pipe), stdin from /dev/null. The wait sleeps as a task, so the
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
        let child = try SpawnedProcess.spawn(
            executable.path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            currentDirectory: currentDirectory?.path, stdout: outURL.path, stderr: errURL.path)
        var status = await child.wait(until: ContinuousClock.now + timeout)
        let timedOut = status == nil
        if timedOut {
            child.signal(SIGKILL)
            status = await child.wait(until: ContinuousClock.now + .seconds(10))
        }
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        if timedOut {
            throw ProcessTimedOut(
                command: ([executable.lastPathComponent] + arguments).joined(separator: " "), after: timeout, stdout: stdout, stderr: stderr)
        }
        return ProcessResult(exitCode: status ?? -1, stdout: stdout, stderr: stderr)
    }
}
