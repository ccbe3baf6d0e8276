import Foundation

/// Paths inside this package's checkout, derived from this file's location so tests work from
/// any working directory.
package enum PackagePaths {
    /// `<root>/Tests/CountersignTestSupport/CLI.swift` -> `<root>`.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CountersignTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The Python interop scripts (Tests/interop).
    package static let interopScripts: URL = root.appendingPathComponent("Tests/interop")
}

package enum CLIError: Error, CustomStringConvertible {
    case binaryNotFound(searched: [String])

    package var description: String {
        switch self {
        case .binaryNotFound(let searched):
            "the countersign binary was not found (build it with `swift build`, or set COUNTERSIGN_BIN); looked at: "
                + searched.joined(separator: ", ")
        }
    }
}

/// The built `countersign` executable, run as a user would run it.
package enum CLI {
    /// Where the binary may be, best first:
    /// 1. `COUNTERSIGN_BIN`, for testing an installed or release build; when set, the only place
    ///    looked at, so that a wrong path fails instead of testing another binary;
    /// 2. next to the test runner: SwiftPM puts the `.xctest` runner and the executables it
    ///    built in the same directory, whatever `--scratch-path` or configuration was used;
    /// 3. `<package root>/.build/debug/countersign`, for runners launched from elsewhere
    ///    (Xcode, `xctest` on macOS, where the process is the host tool).
    package static let candidates: [URL] = {
        if let path = ProcessInfo.processInfo.environment["COUNTERSIGN_BIN"], !path.isEmpty {
            return [URL(fileURLWithPath: path)]
        }
        var urls: [URL] = []
        if let runner = ProcessInfo.processInfo.arguments.first, !runner.isEmpty {
            urls.append(
                URL(fileURLWithPath: runner).resolvingSymlinksInPath()
                    .deletingLastPathComponent().appendingPathComponent("countersign"))
        }
        urls.append(PackagePaths.root.appendingPathComponent(".build/debug/countersign"))
        return urls
    }()

    /// The first candidate that is an executable file.
    package static let binary: URL? = candidates.first { url in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// The binary, or where it should have been: starting that fails with its path.
    package static var path: URL { binary ?? candidates[0] }

    /// Runs `countersign arguments...`; throws only when it cannot be run at all (or ran past
    /// `timeout`).
    package static func run(
        _ arguments: [String], stdin: Data? = nil, in directory: URL? = nil, environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> ProcessResult {
        guard let binary else { throw CLIError.binaryNotFound(searched: candidates.map(\.path)) }
        return try await ProcessRunner.run(
            binary, arguments, stdin: stdin, currentDirectory: directory, environment: environment, timeout: timeout)
    }
}
