import Foundation

/// What one child process produced. Output is captured whole, so tests can
/// both parse stdout and show stderr when an expectation fails.
struct ProcessResult: Sendable {
    let exitCode: Int32
    let stdoutData: Data
    let stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
}

enum ProcessRunnerError: Error, CustomStringConvertible {
    case timedOut(command: String, after: Duration)

    var description: String {
        switch self {
        case .timedOut(let command, let after): "\(command) did not finish within \(after); killed"
        }
    }
}

/// Runs a program to completion with Foundation's `Process`.
enum ProcessRunner {
    /// Runs `executable` and waits for it. stdout and stderr go to files rather than pipes, so a
    /// chatty child can never fill a pipe buffer and deadlock against us; stdin is a file (or
    /// /dev/null) for the same reason, and so that a child that reads stdin never waits on a
    /// terminal. A child still running after `timeout` is terminated and the run throws, so a
    /// hung CLI fails one test instead of hanging the suite.
    static func run(
        _ executable: URL,
        _ arguments: [String],
        stdin: Data? = nil,
        currentDirectory: URL? = nil,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) throws -> ProcessResult {
        try TemporaryDirectory.with { scratch in
            let outURL = scratch.url.appendingPathComponent("stdout")
            let errURL = scratch.url.appendingPathComponent("stderr")
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
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            }
            process.standardOutput = out
            process.standardError = err
            if let stdin {
                let inURL = scratch.url.appendingPathComponent("stdin")
                try stdin.write(to: inURL)
                process.standardInput = try FileHandle(forReadingFrom: inURL)
            } else {
                process.standardInput = FileHandle.nullDevice
            }

            try process.run()
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now >= deadline {
                    process.terminate()
                    process.waitUntilExit()
                    let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
                    throw ProcessRunnerError.timedOut(command: command, after: timeout)
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            process.waitUntilExit()

            return ProcessResult(
                exitCode: process.terminationStatus,
                stdoutData: try Data(contentsOf: outURL),
                stderrData: try Data(contentsOf: errURL)
            )
        }
    }
}

/// Paths inside this package's checkout, derived from this file's location so tests work from
/// any working directory.
enum PackagePaths {
    /// `<root>/Tests/CountersignCLITests/Support/CLIRunner.swift` -> `<root>`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // CountersignCLITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The Python interop scripts (Tests/interop).
    static let interopScripts: URL = root.appendingPathComponent("Tests/interop")
}

enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound(searched: [String])

    var description: String {
        switch self {
        case .binaryNotFound(let searched):
            "the countersign binary was not found (build it with `swift build`, or set COUNTERSIGN_BIN); looked at: "
                + searched.joined(separator: ", ")
        }
    }
}

/// The built `countersign` executable, run as a user would run it.
enum CLI {
    /// Where the binary may be, best first:
    /// 1. `COUNTERSIGN_BIN`, for testing an installed or release build;
    /// 2. next to the test runner: SwiftPM puts the `.xctest` runner and the executables it
    ///    built in the same directory, whatever `--scratch-path` or configuration was used;
    /// 3. `<package root>/.build/debug/countersign`, for runners launched from elsewhere
    ///    (Xcode, `xctest` on macOS, where the process is the host tool).
    static let candidates: [URL] = {
        var urls: [URL] = []
        if let path = ProcessInfo.processInfo.environment["COUNTERSIGN_BIN"], !path.isEmpty {
            urls.append(URL(fileURLWithPath: path))
        }
        if let runner = ProcessInfo.processInfo.arguments.first, !runner.isEmpty {
            urls.append(
                URL(fileURLWithPath: runner).resolvingSymlinksInPath()
                    .deletingLastPathComponent().appendingPathComponent("countersign"))
        }
        urls.append(PackagePaths.root.appendingPathComponent(".build/debug/countersign"))
        return urls
    }()

    static let binary: URL? = candidates.first { url in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Runs `countersign arguments...`; throws only when it cannot be run at all.
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws -> ProcessResult {
        guard let binary else { throw CLIError.binaryNotFound(searched: candidates.map(\.path)) }
        return try ProcessRunner.run(binary, arguments, stdin: stdin, currentDirectory: directory)
    }
}
