import CountersignTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of the test's own, for tests that restart or starve the database: never
/// the shared server the other suites use. initdb runs as the `postgres` user in a fresh temporary
/// folder; the cluster listens on a free port on 127.0.0.1 only, is kept small (16MB shared
/// buffers) and `destroy` stops it and deletes its folder.
struct PostgresCluster: Sendable {
    static let binaries = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")

    let folder: URL
    let port: Int

    var dataDirectory: URL { folder.appendingPathComponent("data") }

    /// The URL of database `name` in this cluster.
    func url(database name: String = "postgres") -> String { "postgres://postgres@127.0.0.1:\(port)/\(name)" }

    /// Whether this machine can run one: root (to become `postgres`) and the PostgreSQL 15 binaries.
    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("initdb").path)
    }

    struct CommandFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates and starts a cluster; its data folder lives under `parent` (a tmpfs, say) when given.
    static func start(under parent: URL? = nil) async throws -> PostgresCluster {
        let base = parent ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("countersign-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.ownerAccountName: "postgres", .posixPermissions: 0o700], ofItemAtPath: folder.path)
        let cluster = PostgresCluster(folder: folder, port: try freePort())
        do {
            try await cluster.asPostgres(
                "initdb", ["-D", cluster.dataDirectory.path, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
            try await cluster.pgctl(["start", "-w", "-t", "60", "-o", cluster.serverOptions])
        } catch {
            await cluster.destroy()
            throw error
        }
        return cluster
    }

    private var serverOptions: String {
        "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(folder.path) -c shared_buffers=16MB -c max_connections=100"
    }

    /// `pg_ctl restart -m fast`: every connection is cut, the server is back when this returns.
    func restart() async throws {
        try await pgctl(["restart", "-m", "fast", "-w", "-t", "60", "-o", serverOptions])
    }

    /// `pg_ctl stop -m fast`: the database is gone until `startAgain`.
    func stop() async throws {
        try await pgctl(["stop", "-m", "fast", "-w", "-t", "60"])
    }

    /// Starts the cluster again after `stop`, on the same port.
    func startAgain() async throws {
        try await pgctl(["start", "-w", "-t", "60", "-o", serverOptions])
    }

    /// Stops the cluster (fast) and deletes its folder. Safe after a failure.
    func destroy() async {
        try? await pgctl(["stop", "-m", "immediate", "-w", "-t", "30"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `sql` through psql on database `database` and returns its output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") async throws -> String {
        try await asPostgres("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-tAc", sql])
    }

    private func pgctl(_ arguments: [String]) async throws {
        try await asPostgres("pg_ctl", ["-D", dataDirectory.path, "-l", folder.appendingPathComponent("server.log").path] + arguments)
    }

    @discardableResult
    private func asPostgres(_ tool: String, _ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/sbin/runuser"), ["-u", "postgres", "--", Self.binaries.appendingPathComponent(tool).path] + arguments,
            currentDirectory: URL(fileURLWithPath: "/tmp"), timeout: .seconds(120))
        guard result.exitCode == 0 else {
            throw CommandFailed(description: "\(tool) \(arguments.joined(separator: " ")) failed (\(result.exitCode)): \(result.stderr) \(result.stdout)")
        }
        return result.stdout
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CommandFailed(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CommandFailed(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
