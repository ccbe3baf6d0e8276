import CountersignTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The tests' child processes (`ProcessRunner`, `SpawnedProcess`) get standard input, output and
/// error and nothing else of the test process. The test process holds in-process servers whose
/// accepted connections are not close-on-exec (NIO accepts without SOCK_CLOEXEC): a child that
/// inherited them would keep each connection open after its server closed it, for as long as the
/// child runs.
@Suite("Child processes")
struct ChildProcessTests {
    @Test("a descriptor of the test process without close-on-exec does not reach a child")
    func noInheritedDescriptors() async throws {
        let opened = open("/dev/null", O_RDONLY)
        try #require(opened >= 0)
        defer { close(opened) }
        // Far above what the child opens itself, and without FD_CLOEXEC (F_DUPFD never sets it).
        let descriptor = fcntl(opened, F_DUPFD, 900)
        try #require(descriptor >= 900)
        defer { close(descriptor) }
        #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC == 0)
        let script = "if [ -e /proc/$$/fd/\(descriptor) ]; then echo open; else echo closed; fi"
        let result = try await ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: .seconds(60))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "closed")
    }
}
