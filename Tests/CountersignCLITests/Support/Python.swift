import Foundation

/// The Python interpreter that runs the interop scripts in Tests/interop.
///
/// scripts/test creates `.venv` with the pinned packages and exports COUNTERSIGN_PYTHON; a bare
/// `swift test` has no such variable, and the suites gated on `isAvailable` skip with a reason.
enum Python {
    /// `COUNTERSIGN_PYTHON`, when it names an executable file.
    static let interpreter: URL? = {
        guard let path = ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }()

    /// True when the interpreter exists and can import both JOSE libraries. Checked once per
    /// test process: every gated suite asks, and starting Python is not free.
    static let isAvailable: Bool = {
        guard let interpreter else { return false }
        let probe = try? ProcessRunner.run(
            interpreter, ["-c", "import joserfc, jwcrypto"], timeout: .seconds(60))
        return probe?.exitCode == 0
    }()

    /// Runs `Tests/interop/<script> arguments...` with the interpreter. Exit codes of the
    /// scripts: 0 verified, 1 not verified, 2 bad usage or unreadable input.
    static func run(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        guard let interpreter else { throw PythonError.unavailable }
        let path = PackagePaths.interopScripts.appendingPathComponent(script).path
        // No __pycache__ litter in the source tree.
        return try ProcessRunner.run(
            interpreter, [path] + arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"])
    }
}

enum PythonError: Error, CustomStringConvertible {
    case unavailable

    var description: String {
        "COUNTERSIGN_PYTHON is not set to a Python with joserfc and jwcrypto (run scripts/test)"
    }
}
