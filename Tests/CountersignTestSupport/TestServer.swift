import Countersign
import CountersignServer
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Which database a test runs on.
package enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    package var testDescription: String { rawValue }

    /// The engines this machine can run: PostgreSQL when the test command started one.
    package static var available: [Engine] {
        PostgresTestDatabase.serverURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// A real Countersign server on a loopback port, in this process, with its own data folder and
/// database, reached over real HTTP.
package final class TestServer: Sendable {
    package static let rpID = "countersign.test"
    package static let origin = "https://countersign.test"

    package let environment: ServerEnvironment
    /// The server's time source: advance it to cross a timeout without sleeping.
    package let clock: TestClock
    package let baseURL: String
    package let dataDirectory: URL
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    package let database: PostgresTestDatabase?
    private let ownsDataDirectory: Bool

    private init(
        environment: ServerEnvironment, clock: TestClock, baseURL: String, dataDirectory: URL, group: ServiceGroup, task: Task<Void, any Error>,
        database: PostgresTestDatabase?, ownsDataDirectory: Bool
    ) {
        self.ownsDataDirectory = ownsDataDirectory
        self.environment = environment
        self.clock = clock
        self.baseURL = baseURL
        self.dataDirectory = dataDirectory
        self.group = group
        self.task = task
        self.database = database
    }

    package var store: any Store { environment.store }

    /// Runs `body` against a fresh server on `engine`, and stops it afterwards whatever happens.
    package static func with<T>(
        _ engine: Engine, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(engine, configure: configure)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts a server. `sharing` another server makes a second instance on the same data folder
    /// (secrets) and the same database: what several stateless instances behind a balancer are.
    package static func start(
        _ engine: Engine, sharing other: TestServer? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        try await start(engine, sharing: other, takingOver: false, configure: configure)
    }

    /// Stops this server gracefully, keeping its data folder and database, and starts a new one
    /// on them (a restart): the new server owns both, and this one must not be stopped again.
    /// `whileStopped` runs between the stop and the start (to copy or restore the database files).
    package func restarted(
        _ engine: Engine, configure: (inout ServerConfiguration) -> Void = { _ in }, whileStopped: () throws -> Void = {}
    ) async throws -> TestServer {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await environment.store.shutdown()
        try whileStopped()
        return try await Self.start(engine, sharing: self, takingOver: true, configure: configure)
    }

    private static func start(
        _ engine: Engine, sharing other: TestServer?, takingOver: Bool, configure: (inout ServerConfiguration) -> Void
    ) async throws -> TestServer {
        let directory = other?.dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("countersign-server-\(UUID().uuidString)")
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory
        configuration.rpID = rpID
        configuration.origins = [origin]
        configuration.eventPollInterval = 0.2
        // Tests set up many members from one address; the rate-limit test lowers this again.
        configuration.ceremonyRequestsPerMinute = 100_000
        // Dangerous operations run at once (the scheduler wakes the runner) unless a test sets a
        // delay (Operations.configure). The runner otherwise looks every second, as in production:
        // a hundred servers in one test process polling faster starve each other.
        configuration.dangerousOperationDelay = 0
        configure(&configuration)
        var logger = Logger(label: "countersign-test")
        logger.logLevel = .warning
        var database: PostgresTestDatabase? = takingOver ? other?.database : nil
        if let other {
            configuration.databaseURL = other.environment.configuration.databaseURL
        } else if engine == .postgres {
            let created = try await PostgresTestDatabase.create()
            database = created
            configuration.databaseURL = created.url
        }
        let secrets = try ServerSecrets.loadOrCreate(in: directory)
        // A PostgreSQL test server keeps a small pool: dozens of servers run at once in one test
        // process, all on one cluster (max_connections 1000), and at 20 connections each a busy
        // machine ran it out of connections (53300 "too many clients") at the suite's start.
        let store = if let url = configuration.databaseURL, !url.isEmpty {
            try await StoreFactory.openPostgres(url: url, maxConnections: Self.postgresPoolSize, logger: logger)
        } else {
            try await StoreFactory.open(databaseURL: configuration.databaseURL, dataDirectory: directory, logger: logger)
        }
        let clock = TestClock()
        let environment = try ServerEnvironment(
            configuration: configuration, store: store, secrets: secrets, clock: { clock.now }, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = CountersignServer.application(environment: environment) { port in portContinuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var port: Int?
        for await bound in ports {
            port = bound
            break
        }
        guard let port else { throw TestServerFailure("the server did not start") }
        return TestServer(
            environment: environment, clock: clock, baseURL: "http://127.0.0.1:\(port)", dataDirectory: directory, group: group, task: task,
            database: database, ownsDataDirectory: other == nil || takingOver)
    }

    /// The connection pool of a PostgreSQL test server.
    static let postgresPoolSize = 10

    /// Stops the server and drops its database (unless `keepingDatabase`: another instance shares it).
    package func stop(keepingDatabase: Bool = false) async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await environment.store.shutdown()
        if !keepingDatabase { await database?.drop() }
        if ownsDataDirectory { try? FileManager.default.removeItem(at: dataDirectory) }
    }

    /// The ADMIN_KEY as the data folder holds it.
    package var adminKey: [UInt8] { environment.secrets.adminKey }
}

/// The system clock plus an offset that only grows: a test moves the server past a timeout
/// at once, so expiry tests neither sleep nor depend on how loaded the machine is.
package final class TestClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    package var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    package func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

package struct TestServerFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
