import CountersignTestSupport
import Foundation
import Testing

/// The README's commands run as written.
///
/// Which blocks: every shell block (`MarkdownShellBlocks`) from the heading "A five-minute tour"
/// to the end of README.md, in order. The blocks above it are the two commands of "Run it" (a
/// server in the foreground, which never returns) and "Test it" (this very suite).
///
/// How (`ShellTour`): in one bash, in a fresh empty folder, with `set -e`, aliases expanded as at
/// a prompt, and an environment of a fresh login: PATH, HOME, the locale and nothing of the test
/// process's COUNTERSIGN_* variables. The tour begins with `swift build` and
/// `alias countersign=.build/debug/countersign`; to keep both verbatim, the folder holds
/// `.build/debug/countersign`, a symbolic link to the binary under test, and the shell has a
/// `swift` function (defined before the first block) that accepts `swift build` as done (the
/// binary is built already) and refuses anything else. A function, not a script on PATH: a
/// script the test had just written could not be executed while another test's child process
/// still held it open for writing ("Text file busy"). The tour starts its server with `&` and waits for it in the block itself; the
/// test gives it a free port through COUNTERSIGN_PORT (the README's default is 8080, which a
/// developer's own server may hold) and checks afterwards that the server was stopped.
@Suite(
    "README tour", .serialized,
    .enabled(if: ReadmeTools.available, "bash, setsid, curl and python3 are needed to run the README's commands"))
struct ReadmeTourTests {
    static let readme = PackagePaths.root.appendingPathComponent("README.md")
    static let tourHeading = "A five-minute tour"

    @Test("Every shell block of the README from the tour on runs verbatim, in order, in an empty folder")
    func readmeRuns() async throws {
        let markdown = try String(contentsOf: Self.readme, encoding: .utf8)
        let blocks = try #require(
            MarkdownShellBlocks(markdown: markdown).blocks(fromHeading: Self.tourHeading),
            "README.md has no heading \"\(Self.tourHeading)\"")
        #expect(blocks.count >= 10, "only \(blocks.count) shell blocks found from the tour on")
        let binary = try #require(CLI.binary, "the countersign binary was not found: \(CLI.candidates.map(\.path))")

        try await TemporaryDirectory.with { folder in
            try Self.provideBuild(binary, in: folder.url)
            let port = try LocalPort.closed()
            let outcome = try await ShellTour(blocks: blocks, prelude: Self.swiftBuildDone).run(
                in: folder.url, environment: Self.environment(port: port), timeout: .seconds(900))
            if let failed = outcome.failedBlock(of: blocks.count) {
                Issue.record(Comment(rawValue: Self.report(failed, of: blocks, outcome)))
            }
            #expect(!LocalPort.isListening(port), "the tour's server still listens on \(port) after the run")
        }
    }

    @Test("A failing block fails the run, is named, and stops the blocks after it; background jobs are stopped")
    func failingBlockIsReported() async throws {
        let markdown = """
            # Tour

            ```sh
            sleep 600 & echo $! > sleeper.pid
            echo one
            ```

            Some text.

                false
                echo not reached

            ```text
            this is output, not a command
            ```

            ```bash
            echo three
            ```
            """
        let blocks = MarkdownShellBlocks(markdown: markdown).blocks
        #expect(blocks.map(\.line) == [4, 10, 18], "\(blocks)")
        #expect(blocks.map(\.heading) == ["Tour", "Tour", "Tour"])
        try await TemporaryDirectory.with { folder in
            let outcome = try await ShellTour(blocks: blocks).run(
                in: folder.url, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], timeout: .seconds(60))
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.failedBlock(of: blocks.count) == 2, "\(outcome)")
            #expect(outcome.stdout == "one\n", "\(outcome.stdout)")
            let pid = try #require(Int32(String(decoding: try folder.read("sleeper.pid"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
            try await eventually("the background job stopped", within: 30) { !Self.isRunning(pid) }
        }
    }

    /// `.build/debug/countersign` in `folder`: a symbolic link to the binary under test.
    static func provideBuild(_ binary: URL, in folder: URL) throws {
        let debug = folder.appendingPathComponent(".build/debug", isDirectory: true)
        try FileManager.default.createDirectory(at: debug, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: debug.appendingPathComponent("countersign"), withDestinationURL: binary)
    }

    /// The tour's `swift build`: the binary under test is built already, so it has nothing to do.
    static let swiftBuildDone = """
        swift() {
            if [ "$*" = build ]; then return 0; fi
            echo "ReadmeTourTests provides only 'swift build', not: swift $*" >&2
            return 1
        }

        """

    /// A fresh login's environment, with the server's port.
    static func environment(port: Int) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "COUNTERSIGN_PORT": String(port)]
        for name in ["HOME", "LANG", "LC_ALL", "TMPDIR", "PYENV_ROOT"] { environment[name] = inherited[name] }
        return environment
    }

    /// Which block failed, where it is in the README, its text and the end of the output.
    static func report(_ failed: Int, of blocks: [MarkdownShellBlocks.Block], _ outcome: ShellTour.Outcome) -> String {
        let block = blocks[min(failed, blocks.count) - 1]
        let status = outcome.exitCode.map { "exit status \($0)" } ?? "still running at the timeout"
        func tail(_ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).joined(separator: "\n") }
        return """
            README block \(failed) of \(blocks.count) failed (\(status)): README.md line \(block.line), under "\(block.heading)":
            \(block.text)
            --- standard output (end) ---
            \(tail(outcome.stdout))
            --- standard error (end) ---
            \(tail(outcome.stderr))
            """
    }

    /// Whether `pid` is a live process (a zombie is not: it has ended and waits to be reaped).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}

/// The programs the README's commands and their runner need, looked up on PATH.
enum ReadmeTools {
    static let available: Bool = ["bash", "setsid", "curl", "python3"].allSatisfy { tool in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }
}
