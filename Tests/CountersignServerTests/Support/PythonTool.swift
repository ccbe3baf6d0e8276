import Foundation
import Testing

/// The test venv's Python (scripts/test exports COUNTERSIGN_PYTHON) with schemathesis installed.
/// A bare `swift test` has no such variable; the suites that need it are disabled with a reason.
enum PythonTool {
    /// `COUNTERSIGN_PYTHON`, when it names an executable file.
    static let interpreter: URL? = {
        guard let path = ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }()

    /// True when the interpreter exists and can import schemathesis; probed once per process.
    static let hasSchemathesis: Bool = {
        guard let interpreter else { return false }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = ["-c", "import schemathesis.cli"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let schemathesisMissing: Comment =
        "COUNTERSIGN_PYTHON is not set to a Python with schemathesis (run scripts/test, which installs scripts/requirements-test.txt)"
}
