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
    .enabled(if: Browser.shouldRun, Comment(rawValue: Browser.unavailableReason ?? ""))
)
struct BrowserAccountTests {
    @Test("A key copy sealed by the passkey's PRF holds no private key material and restores the key on a new device")
    func keyCopyRestores() async throws {
        try await Browser.expectScenarioPasses("keycopy_scenario.py", deadline: 240)
    }

    @Test("The admin page announces a removal, the member's account page shows it live and cancels it; an admin-enrolled key waits for the member's confirmation; a recovery link stays pending")
    func lifecycleInTheBrowser() async throws {
        try await Browser.expectScenarioPasses("lifecycle_scenario.py", deadline: 240)
    }
}
