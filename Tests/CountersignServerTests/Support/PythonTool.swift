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
        let child = try? SpawnedProcess.spawn(
            interpreter.path, ["-c", "import schemathesis.cli"], environment: ProcessInfo.processInfo.environment,
            stdout: "/dev/null", stderr: "/dev/null")
        guard let child else { return false }
        // Probed once, before any server runs: a short blocking wait harms nothing here.
        var status: Int32? = nil
        while status == nil {
            status = child.exitStatus()
            if status == nil { usleep(20_000) }
        }
        return status == 0
    }()

    static let schemathesisMissing: Comment =
        "COUNTERSIGN_PYTHON is not set to a Python with schemathesis (run scripts/test, which installs scripts/requirements-test.txt)"
}
