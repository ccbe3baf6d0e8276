import CountersignTestSupport
import Foundation
import Testing

// The account, admin and key-copy pages in a real browser: Debian's chromium with Chrome's
// virtual authenticator (PRF on), driven by the scenario scripts in Tests/browser/webapp/ against
// the built `countersign serve`. Each script bounds itself (--deadline) and the runner kills it
// after a little more, so a hung browser fails one test instead of hanging the suite. Without a
// browser the suite is skipped with the reason, except in CI (CI=true), where that fails.

@Suite(
    "Account, admin and key copy pages in chromium",
    .serialized,
    .enabled(if: Browser.isAvailable || BrowserScenario.isCI, Comment(rawValue: Browser.unavailableReason ?? ""))
)
struct BrowserAccountTests {
    @Test("A key copy sealed by the passkey's PRF holds no private key material and restores the key on a new device")
    func keyCopyRestores() async throws {
        try await BrowserScenario.expectPass("keycopy_scenario.py")
    }

    @Test("The admin page announces a removal, the member's account page shows it live and cancels it; an admin-enrolled key waits for the member's confirmation; a recovery link stays pending")
    func lifecycleInTheBrowser() async throws {
        try await BrowserScenario.expectPass("lifecycle_scenario.py")
    }
}

/// Runs one scenario script of Tests/browser/webapp with the built binary.
enum BrowserScenario {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func expectPass(_ script: String, deadline: Int = 240, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try #require(Browser.unavailableReason == nil, "\(Browser.unavailableReason ?? "")", sourceLocation: sourceLocation)
        guard let interpreter = Python.interpreter, let chromium = Browser.chromium, let chromedriver = Browser.chromedriver else {
            Issue.record("the browser is unavailable", sourceLocation: sourceLocation)
            return
        }
        let binary = try #require(CLI.binary, "the countersign binary was not found", sourceLocation: sourceLocation)
        let path = PackagePaths.root.appendingPathComponent("Tests/browser/webapp/\(script)").path
        let result = try await ProcessRunner.run(
            interpreter,
            [path, "--countersign", binary.path, "--chromium", chromium.path, "--chromedriver", chromedriver.path, "--deadline", "\(deadline)"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"],
            timeout: .seconds(deadline + 60))
        #expect(result.exitCode == 0, "\(script) exited \(result.exitCode):\n\(result.stdout)\n\(result.stderr)", sourceLocation: sourceLocation)
    }
}
