import Foundation
import Testing

/// The test venv's Python, which runs the interop scripts (Tests/interop), the independent
/// transparency-log witness and verifier (Tests/interop/tlog), schemathesis and selenium.
///
/// scripts/test creates `.venv` with the pinned packages (scripts/requirements-test.txt) and exports
/// COUNTERSIGN_PYTHON; a bare `swift test` has no such variable, and the suites gated on what the
/// venv holds skip with a reason.
package enum Python {
    /// `COUNTERSIGN_PYTHON`, when it names an executable file.
    package static let interpreter: URL? = {
        guard let path = ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }()

    /// True when the interpreter exists and can import both JOSE libraries. Checked once per
    /// test process: every gated suite asks, and starting Python is not free.
    package static let isAvailable: Bool = canImport("joserfc, jwcrypto")

    /// True when the interpreter can import schemathesis; checked once per test process.
    package static let hasSchemathesis: Bool = canImport("schemathesis.cli")

    package static let schemathesisMissing: Comment =
        "COUNTERSIGN_PYTHON is not set to a Python with schemathesis (run scripts/test, which installs scripts/requirements-test.txt)"

    /// Whether the interpreter runs `import <modules>` with exit status 0. A blocking wait of at most
    /// two minutes: the suites ask from their traits, before any test (and any server) runs.
    package static func canImport(_ modules: String) -> Bool {
        guard let interpreter,
            let child = try? SpawnedProcess.spawn(
                interpreter.path, ["-c", "import \(modules)"], environment: ProcessInfo.processInfo.environment,
                stdout: "/dev/null", stderr: "/dev/null")
        else { return false }
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let status = child.exitStatus() { return status == 0 }
            usleep(20_000)
        }
        child.signal(SIGKILL)
        _ = child.waitBlocking()
        return false
    }

    /// Runs `Tests/interop/<script> arguments...` with the interpreter. Exit codes of the
    /// scripts: 0 verified, 1 not verified, 2 bad usage or unreadable input.
    package static func run(_ script: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ProcessResult {
        guard let interpreter else { throw PythonError.unavailable }
        let path = PackagePaths.interopScripts.appendingPathComponent(script).path
        // No __pycache__ litter in the source tree.
        return try await ProcessRunner.run(
            interpreter, [path] + arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: timeout)
    }
}

package enum PythonError: Error, CustomStringConvertible {
    case unavailable

    package var description: String {
        "COUNTERSIGN_PYTHON is not set to a Python with joserfc and jwcrypto (run scripts/test)"
    }
}

/// Debian's chromium and chromium-driver, driven by selenium from the Python venv, for the browser
/// tests (Tests/browser/webauthn_ceremonies.py).
///
/// scripts/test installs both and exports COUNTERSIGN_CHROMIUM and COUNTERSIGN_CHROMEDRIVER; without
/// those variables the executables are looked up on PATH. A variable that is set must name an
/// executable: a wrong path is reported, not silently replaced by whatever PATH holds.
package enum Browser {
    package static let chromium: URL? = locate(variable: "COUNTERSIGN_CHROMIUM", names: ["chromium", "chromium-browser"])
    package static let chromedriver: URL? = locate(variable: "COUNTERSIGN_CHROMEDRIVER", names: ["chromedriver"])

    /// The driver script.
    package static let ceremoniesScript: URL = PackagePaths.root.appendingPathComponent("Tests/browser/webauthn_ceremonies.py")

    /// The web app scenarios (Tests/browser/webapp, harness.py their shared harness).
    package static let scenarios: URL = PackagePaths.root.appendingPathComponent("Tests/browser/webapp")

    /// Why the browser suites cannot run here, in one line; nil when they can. Checked once per
    /// test process.
    package static let unavailableReason: String? = {
        guard chromium != nil else {
            return "chromium not found (COUNTERSIGN_CHROMIUM or PATH; scripts/test installs Debian's chromium)"
        }
        guard chromedriver != nil else {
            return "chromedriver not found (COUNTERSIGN_CHROMEDRIVER or PATH; scripts/test installs chromium-driver)"
        }
        guard let interpreter = Python.interpreter else {
            return "COUNTERSIGN_PYTHON is not set to the test venv (run scripts/test), so selenium is unavailable"
        }
        guard Python.canImport("selenium") else { return "selenium is not importable by \(interpreter.path) (run scripts/test)" }
        return nil
    }()

    package static var isAvailable: Bool { unavailableReason == nil }

    /// Whether a browser suite runs: when the browser is available, and always in CI (CI=true),
    /// where a missing browser must fail rather than skip.
    package static var shouldRun: Bool {
        isAvailable || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Runs the scenario `Tests/browser/webapp/<script>` (harness.py) with the built binary and
    /// expects exit 0, showing its output otherwise. The script bounds itself with `deadline`
    /// seconds (SIGALRM); the runner kills it a minute later, so a hung browser fails one test
    /// instead of hanging the suite. Screenshots go to $COUNTERSIGN_SCREENSHOT_DIR (the harness
    /// reads it).
    package static func expectScenarioPasses(
        _ script: String, deadline: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try #require(isAvailable, "\(unavailableReason ?? "")", sourceLocation: sourceLocation)
        let interpreter = try #require(Python.interpreter, sourceLocation: sourceLocation)
        let chromium = try #require(chromium, sourceLocation: sourceLocation)
        let chromedriver = try #require(chromedriver, sourceLocation: sourceLocation)
        let binary = try #require(CLI.binary, "the countersign binary was not built", sourceLocation: sourceLocation)
        let result = try await ProcessRunner.run(
            interpreter,
            [
                scenarios.appendingPathComponent(script).path, "--countersign", binary.path, "--chromium", chromium.path,
                "--chromedriver", chromedriver.path, "--deadline", "\(deadline)",
            ],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(deadline + 60))
        #expect(
            result.exitCode == 0, "\(script) exited \(result.exitCode)\nstdout: \(result.stdout)\nstderr: \(result.stderr)",
            sourceLocation: sourceLocation)
    }

    /// Runs the ceremonies script, writing into `directory`. Exit codes: 0 every ceremony done,
    /// 1 a ceremony failed (reasons in ceremonies.json and on stderr), 2 bad usage or no browser,
    /// 3 the script crashed.
    package static func runCeremonies(into directory: URL, extraArguments: [String] = []) async throws -> ProcessResult {
        guard let interpreter = Python.interpreter, let chromium, let chromedriver else {
            throw BrowserError.unavailable(unavailableReason ?? "unknown")
        }
        // The script bounds itself (--deadline); the runner's limit is the backstop.
        return try await ProcessRunner.run(
            interpreter,
            [
                ceremoniesScript.path, directory.path, "--chromium", chromium.path, "--chromedriver", chromedriver.path,
                "--deadline", "240",
            ] + extraArguments,
            environment: ["PYTHONDONTWRITEBYTECODE": "1"],
            timeout: .seconds(300))
    }

    private static func locate(variable: String, names: [String]) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[variable], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where !directory.isEmpty {
                let path = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
            }
        }
        return nil
    }
}

package enum BrowserError: Error, CustomStringConvertible {
    case unavailable(String)

    package var description: String {
        switch self {
        case .unavailable(let reason): "the browser tests cannot run: \(reason)"
        }
    }
}
