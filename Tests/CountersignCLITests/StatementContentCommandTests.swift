import CountersignTestSupport
import Foundation
import Testing

/// Issue 18, hole 2, in the CLI: `countersign statement create --content FILE` reads the file with
/// the same strict reading as the server applies to the web form's text (StatementContent), so the
/// three inputs of the review are refused with their reason and line and column before anything
/// is sent (the server given here does not exist). Before the fix 12345678901234567890 was
/// accepted and sent rounded, and the other refusals named only a byte offset.
@Suite("countersign statement create: content as typed")
struct StatementContentCommandTests {
    @Test("signedContentIsExactlyWhatWasTyped: the CLI refuses what the server would change, with reason and position", arguments: [
        (#"{"x":1e400}"#, "does not fit an IEEE 754 double", "line 1, column 6 (byte 5)"),
        ("12345678901234567890", "would be signed as 12345678901234567000", "line 1, column 1 (byte 0)"),
        ("{\n  \"dup\": 1,\n  \"dup\": 2\n}", #"duplicate member name "dup""#, "line 3, column 3 (byte 16)"),
    ])
    func signedContentIsExactlyWhatWasTyped(text: String, reason: String, position: String) async throws {
        try await TemporaryDirectory.with { dir in
            let content = try dir.write("content.json", Data(text.utf8))
            let policy = try dir.write("policy.json", Data(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#.utf8))
            let result = try await CLI.run([
                "statement", "create", "--title", "As typed", "--content", content, "--policy", policy,
                "--server", "http://127.0.0.1:9", "--key", dir.url.appendingPathComponent("no-key.json").path,
            ])
            #expect(result.exitCode != 0)
            #expect(result.stderr.contains(reason) && result.stderr.contains(position), "\(text): \(result.stderr)")
        }
    }
}
