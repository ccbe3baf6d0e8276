import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, its output in files.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1, `Process.run()` reads past a buffer
/// while it lists /proc/self/fd (swift-corelibs-foundation PR 5472) and, in a test process holding
/// a thousand descriptors (servers, database pools, webhook receivers), crashed the whole run
/// with SIGSEGV now and then. posix_spawn does no such listing.
package struct SpawnedProcess: Sendable {
    package let pid: pid_t

    package struct SpawnFailed: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) {
            self.description = description
        }
    }

    /// Starts `executable` with `arguments` and the given environment; stdin is read from the named
    /// file (/dev/null by default) and stdout and stderr are appended to the named files (the same
    /// file for both is fine). With `currentDirectory`, the child starts there (through `env -C`).
    package static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], currentDirectory: String? = nil,
        stdin: String = "/dev/null", stdout: String, stderr: String
    ) throws -> SpawnedProcess {
        var program = executable
        var argv = [executable] + arguments
        if let currentDirectory {
            program = "/usr/bin/env"
            argv = ["env", "-C", currentDirectory, executable] + arguments
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        // Nothing else of this process reaches the child. NIO accepts connections without
        // SOCK_CLOEXEC, so a child would otherwise hold every in-process server's open
        // connections, and a connection a server closes would stay open until the child ended (a
        // slow-client test once waited 120 s for a schemathesis run started beside it).
        guard let closeFrom = Self.addCloseFrom, closeFrom(&actions, 3) == 0 else {
            throw SpawnFailed(description: "posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later) is not available")
        }

        // The child starts with default signal handling and nothing blocked, whatever the test
        // process set up (NIO ignores SIGPIPE, for one).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in variables { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, program, &actions, &attributes, arguments, variables)
        guard result == 0 else {
            throw SpawnFailed(description: "posix_spawn \(executable) failed: \(String(cString: strerror(result)))")
        }
        return SpawnedProcess(pid: pid)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not
    /// declare: looked up once in the process's own symbols.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// The exit status once the child has ended (reaping it), nil while it runs. A child killed
    /// by a signal reports the signal's number, as Foundation's `terminationStatus` does.
    package func exitStatus() -> Int32? {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        guard reaped == pid else { return reaped == -1 ? -1 : nil }
        return Self.exitCode(status)
    }

    /// Waits, sleeping as a task (never blocking a thread), until the child ends or `deadline`.
    /// Returns nil when the deadline passed first.
    package func wait(until deadline: ContinuousClock.Instant) async -> Int32? {
        while true {
            if let status = exitStatus() { return status }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits, blocking the calling thread, until the child ends (reaping it); its exit status as
    /// `exitStatus()` reports it. Only for a child known to end at once (one just killed).
    package func waitBlocking() -> Int32 {
        var status: Int32 = 0
        guard waitpid(pid, &status, 0) == pid else { return -1 }
        return Self.exitCode(status)
    }

    /// A wait status as an exit code, or the number of the signal that ended the child.
    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    package func signal(_ signal: Int32) {
        _ = kill(pid, signal)
    }
}
