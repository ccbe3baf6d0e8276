import CountersignTestSupport
import Foundation
import Testing

/// A small tmpfs mounted on a fresh temporary folder, for tests that fill a disk. Needs root (the
/// test run and CI run as root). Mounted and unmounted through child processes, never blocking a
/// thread; `unmount` is safe to call after a failure.
struct Tmpfs: Sendable {
    let mountPoint: URL

    struct CommandFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Mounts a tmpfs of `megabytes` on a new folder under the temporary directory.
    static func mount(megabytes: Int) async throws -> Tmpfs {
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        do {
            try await run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", point.path])
        } catch {
            try? FileManager.default.removeItem(at: point)
            throw error
        }
        return Tmpfs(mountPoint: point)
    }

    /// Writes zeros into `name` until the file system has no free block left (dd stops at ENOSPC).
    func fill(_ name: String = "filler") async throws -> URL {
        let filler = mountPoint.appendingPathComponent(name)
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/dd"), ["if=/dev/zero", "of=\(filler.path)", "bs=64k"], timeout: .seconds(60))
        guard result.stderr.contains("No space left") else {
            throw CommandFailed(description: "dd did not fill \(mountPoint.path): \(result.stderr)")
        }
        return filler
    }

    /// Unmounts (lazily, so that a server still holding files cannot keep it busy) and removes the folder.
    func unmount() async {
        try? await Self.run("/usr/bin/umount", ["-l", mountPoint.path])
        try? FileManager.default.removeItem(at: mountPoint)
    }

    private static func run(_ command: String, _ arguments: [String]) async throws {
        let result = try await ProcessRunner.run(URL(fileURLWithPath: command), arguments, timeout: .seconds(60))
        guard result.exitCode == 0 else {
            throw CommandFailed(description: "\(command) \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
    }
}
