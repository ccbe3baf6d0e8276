import Foundation

/// What one child process produced. Output is captured whole, so tests can both parse stdout and
/// show stderr when an expectation fails.
package struct ProcessResult: Sendable {
    package let exitCode: Int32
    package let stdoutData: Data
    package let stderrData: Data

    package var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    package var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// Standard output followed by standard error.
    package var output: String { stdout + stderr }
}

package struct ProcessTimedOut: Error, CustomStringConvertible {
    package let command: String
    package let after: Duration
    package let stdout: String
    package let stderr: String

    package var description: String { "\(command) did not finish within \(after); killed\n\(stdout)\n\(stderr)" }
}

/// Runs a child process (posix_spawn, see `SpawnedProcess`) to completion or until a deadline.
///
/// stdout and stderr go to files rather than pipes, so a chatty child can never fill a pipe buffer
/// and deadlock against us; stdin is a file (or /dev/null) for the same reason, and so that a child
/// that reads stdin never waits on a terminal. The wait sleeps as a task, never blocking a thread of
/// the cooperative pool: in-process servers keep their threads while a long child runs, and a child
/// that talks to one of them can finish. A child still running after `timeout` is killed and the
/// run throws, so a hung child fails one test instead of hanging the suite.
package enum ProcessRunner {
    package static func run(
        _ executable: URL, _ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil,
        environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> ProcessResult {
        try await TemporaryDirectory.with { scratch in
            let outURL = scratch.url.appendingPathComponent("stdout")
            let errURL = scratch.url.appendingPathComponent("stderr")
            var inPath = "/dev/null"
            if let stdin { inPath = try scratch.write("stdin", stdin) }
            let child = try SpawnedProcess.spawn(
                executable.path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                currentDirectory: currentDirectory?.path, stdin: inPath, stdout: outURL.path, stderr: errURL.path)
            var status = await child.wait(until: ContinuousClock.now + timeout)
            let timedOut = status == nil
            if timedOut {
                child.signal(SIGKILL)
                status = await child.wait(until: ContinuousClock.now + .seconds(10))
            }
            let stdout = (try? Data(contentsOf: outURL)) ?? Data()
            let stderr = (try? Data(contentsOf: errURL)) ?? Data()
            if timedOut {
                throw ProcessTimedOut(
                    command: ([executable.lastPathComponent] + arguments).joined(separator: " "), after: timeout,
                    stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
            }
            return ProcessResult(exitCode: status ?? -1, stdoutData: stdout, stderrData: stderr)
        }
    }
}
