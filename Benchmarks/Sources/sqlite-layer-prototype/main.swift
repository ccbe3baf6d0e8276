import BenchmarkOptions
import Countersign
import CountersignStore
import Foundation
import GRDB
import Logging
import Synchronization

// The measured prototype behind the store's choice of SQLite layer (its own thin layer over the
// C API, or GRDB 7.10), run by scripts/bench-sqlite-layer:
//
//     sqlite-layer-prototype --dir DIR [--members 8] [--statements 2000] [--sequential 2000]
//                            [--concurrent 8000] [--tasks 64] [--reads 20000] [--rounds 3]
//                            [--batched 1] [--alternate 1]
//
// Seeds DIR/seed.sqlite through the store's public API, then, in `rounds` rounds, runs each
// workload on side A (the store's own layer, `StoreFactory.openSQLite`) and right after on side
// B (GRDB 7.10's DatabasePool on the same schema, pragmas and SQL), or with --alternate 1 (the
// default) B before A in even rounds. Each vote run starts from a fresh copy of the seed. The
// workloads: a vote transaction one after another; the same votes from `tasks` concurrent tasks
// (and, with --batched 1, GRDB with commits batched by hand); a point read of a statement (GRDB
// through its async API and, to tell its own cost from its async bridge's, its blocking one).
// Prints every run as it ends, then a Markdown table of every run and a summary.

/// The run's settings, from the command line.
struct Settings: Sendable {
    let directory: URL
    let members: Int
    let statements: Int
    /// Vote transactions of the sequential run.
    let sequential: Int
    /// Vote transactions of the concurrent run (a count, not a duration: both sides then cast
    /// the same votes and end with the same database).
    let concurrent: Int
    let tasks: Int
    let reads: Int
    let rounds: Int
    /// Whether to run GRDB with commits batched by hand (`GRDBBatcher`) too.
    let batched: Bool
    /// Whether even rounds run the sides in reverse order (GRDB first).
    let alternate: Bool
    /// Unmeasured vote transactions (and 10× as many reads) before each measured run, to fill
    /// statement caches and the page cache.
    let warmUp = 20

    init(_ arguments: ArraySlice<String>) throws {
        let given = try CommandLineOptions.parse(
            arguments, allowed: ["dir", "members", "statements", "sequential", "concurrent", "tasks", "reads", "rounds", "batched", "alternate"])
        guard let directory = given["dir"] else { throw PrototypeError.setup("--dir DIR is required (an empty scratch folder)") }
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        members = try CommandLineOptions.integer(given, "members", default: 8, range: 1...1_000)
        statements = try CommandLineOptions.integer(given, "statements", default: 2_000, range: 1...1_000_000)
        sequential = try CommandLineOptions.integer(given, "sequential", default: 2_000, range: 1...1_000_000)
        concurrent = try CommandLineOptions.integer(given, "concurrent", default: 8_000, range: 1...10_000_000)
        tasks = try CommandLineOptions.integer(given, "tasks", default: 64, range: 1...4_096)
        reads = try CommandLineOptions.integer(given, "reads", default: 20_000, range: 1...100_000_000)
        rounds = try CommandLineOptions.integer(given, "rounds", default: 3, range: 1...100)
        batched = try CommandLineOptions.integer(given, "batched", default: 1, range: 0...1) == 1
        alternate = try CommandLineOptions.integer(given, "alternate", default: 1, range: 0...1) == 1
        let needed = warmUp + max(sequential, concurrent)
        guard needed <= members * statements else {
            throw PrototypeError.setup("a run needs \(needed) distinct (statement, member) pairs; members × statements is \(members * statements)")
        }
    }
}

/// A counter the concurrent tasks take vote indexes from.
final class Ticket: Sendable {
    private let next: Atomic<Int>
    init(from start: Int) { next = Atomic(start) }
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Runs the rounds and prints the tables.
struct Prototype {
    let settings: Settings
    let logger: Logger

    /// Numbers the copies of the seed.
    let copies = Ticket(from: 1)

    /// A fresh copy of the seed for one run (the WAL too, if the seed left one).
    func freshCopy() throws -> String {
        let seed = settings.directory.appendingPathComponent("seed.sqlite").path
        let copy = settings.directory.appendingPathComponent("run-\(copies.take()).sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: seed + suffix) {
            try FileManager.default.copyItem(atPath: seed + suffix, toPath: copy + suffix)
        }
        return copy
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Casts vote `index`.
    typealias Vote = @Sendable (_ index: Int) async throws -> Void
    /// Opens a side on a database file: its vote and how to close it.
    typealias Opener = (_ path: String) async throws -> (vote: Vote, close: () async throws -> Void)

    /// One measured vote run on a fresh copy of the seed: opens the side, casts the warm-up votes
    /// unmeasured, then measures `body` casting votes with it; closes the side and drops the copy.
    func voteRun(
        _ workload: String, _ side: String, round: Int, open: Opener, _ body: (@escaping Vote) async throws -> Int
    ) async throws -> RunResult {
        let path = try freshCopy()
        let (vote, close) = try await open(path)
        _ = try await Self.sequential(0, settings.warmUp, vote)
        let result = try await measure(workload: workload, side: side, round: round) { try await body(vote) }
        try await close()
        remove(path)
        return result
    }

    /// `count` votes one after another, from index `start`.
    static func sequential(_ start: Int, _ count: Int, _ vote: (Int) async throws -> Void) async throws -> Int {
        for index in start..<(start + count) { try await vote(index) }
        return count
    }

    /// Votes `start..<start + count` cast by `tasks` concurrent tasks, each taking the next index.
    static func concurrent(
        _ start: Int, _ count: Int, tasks: Int, _ vote: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Int {
        let ticket = Ticket(from: start)
        let end = start + count
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var done = 0
                    while true {
                        let index = ticket.take()
                        guard index < end else { return done }
                        try await vote(index)
                        done += 1
                    }
                }
            }
            var done = 0
            for try await part in group { done += part }
            return done
        }
    }

    func run() async throws {
        try FileManager.default.createDirectory(at: settings.directory, withIntermediateDirectories: true)
        let seedPath = settings.directory.appendingPathComponent("seed.sqlite").path
        guard !FileManager.default.fileExists(atPath: seedPath) else { throw PrototypeError.setup("\(seedPath) exists; give an empty folder") }
        let fixture = try await Fixture.seed(
            path: seedPath, memberCount: settings.members, statementCount: settings.statements, logger: logger)
        let needed = settings.warmUp + max(settings.sequential, settings.concurrent)
        let inputs = (0..<needed).map(fixture.vote)
        let ids = fixture.statements.map(\.id)
        let version = try await DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") } ?? "?"
        print("SQLite \(version); \(settings.members) members, \(settings.statements) statements; sequential \(settings.sequential) votes, "
              + "concurrent \(settings.concurrent) votes from \(settings.tasks) tasks, \(settings.reads) point reads; \(settings.rounds) rounds")

        var results: [RunResult] = []
        func record(_ result: RunResult) {
            results.append(result)
            func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
            print("round \(result.round)  \(padded(result.workload, 27))\(padded(result.side, 22))"
                  + String(format: "%7d ops  %7.2f s  wall %8.1f µs/op  CPU %8.1f µs/op  %9.1f ops/s",
                           result.count, result.wallSeconds, result.wallMicrosecondsPerOperation, result.cpuMicrosecondsPerOperation,
                           result.operationsPerSecond))
        }
        let (warmUp, sequentialCount, concurrentCount, tasks, reads) =
            (settings.warmUp, settings.sequential, settings.concurrent, settings.tasks, settings.reads)

        let openOurs: Opener = { [logger] path in
            let ours = try await OurSide.open(path: path, logger: logger)
            return ({ try await ours.vote(inputs[$0]) }, { await ours.close() })
        }
        let openGRDB: Opener = { path in
            let grdb = try GRDBSide.open(path: path)
            return ({ try await grdb.vote(inputs[$0]) }, { try grdb.pool.close() })
        }
        // GRDB with commits batched by hand (GRDBBatcher): the same vote body, run in a batch.
        let openGRDBBatched: Opener = { path in
            let grdb = try GRDBSide.open(path: path)
            let (batcher, directory) = (GRDBBatcher(pool: grdb.pool), grdb.directory)
            return ({ index in
                let input = inputs[index]
                try await batcher.run { db in try GRDBSide.voteBody(db, input, directory: directory) }
            }, { try grdb.pool.close() })
        }
        // Ours with group commit off, to tell what group commit costs a lone transaction.
        let openOursAlone: Opener = { [logger] path in
            let directory = URL(fileURLWithPath: path + ".d", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: path, toPath: directory.appendingPathComponent("countersign.sqlite").path)
            let ours = try await OurSide.openWithoutGroupCommit(directory: directory, logger: logger)
            return ({ try await ours.vote(inputs[$0]) }, {
                await ours.close()
                try FileManager.default.removeItem(at: directory)
            })
        }
        let sides: [(String, Opener)] = [("ours", openOurs), ("GRDB", openGRDB)]
        let sequentialSides = [("ours", openOurs), ("ours, no group commit", openOursAlone), ("GRDB", openGRDB)]
        let concurrentSides = sides + (settings.batched ? [("GRDB batched", openGRDBBatched)] : [])
        func statement(_ index: Int) -> StatementID { ids[index % ids.count] }

        for round in 1...settings.rounds {
            // With --alternate 1, even rounds run GRDB first: a side that always ran first (or
            // second) could carry the other's after-effects (caches, the write-back of the copy
            // just removed) into its figures.
            let grdbFirst = settings.alternate && round % 2 == 0
            func ordered<T>(_ items: [T]) -> [T] { grdbFirst ? items.reversed() : items }

            // Sequential votes: one commit (one fsync) per transaction on both sides.
            for (side, open) in ordered(sequentialSides) {
                record(try await voteRun("vote, sequential", side, round: round, open: open) { vote in
                    try await Self.sequential(warmUp, sequentialCount, vote)
                })
            }
            // Concurrent votes: ours shares commits (group commit); GRDB's `write` commits each.
            for (side, open) in ordered(concurrentSides) {
                record(try await voteRun("vote, \(tasks) tasks", side, round: round, open: open) { vote in
                    try await Self.concurrent(warmUp, concurrentCount, tasks: tasks, vote)
                })
            }
            // Point reads of one statement by id, one after another, both sides open on one copy.
            let path = try freshCopy()
            let ours = try await OurSide.open(path: path, logger: logger)
            let grdb = try GRDBSide.open(path: path)
            for index in 0..<(warmUp * 10) {
                guard try await ours.read(statement(index)) != nil, try await grdb.read(statement(index)) != nil else {
                    throw PrototypeError.missingRow("statement \(statement(index))")
                }
            }
            typealias Read = (StatementID) async throws -> StatementRecord?
            let readRuns: [(String, [(String, Read)])] = [
                ("point read, transaction", [
                    ("ours", { try await ours.read($0) }), ("GRDB", { try await grdb.read($0) }),
                    ("GRDB blocking", { try grdb.readBlocking($0) }),
                ]),
                ("point read, no transaction", [
                    ("ours", { try await ours.readEach($0) }), ("GRDB", { try await grdb.unsafeRead($0) }),
                    ("GRDB blocking", { try grdb.unsafeReadBlocking($0) }),
                ]),
            ]
            for (workload, runs) in readRuns {
                for (side, read) in ordered(runs) {
                    record(try await measure(workload: workload, side: side, round: round) {
                        for index in 0..<reads {
                            guard try await read(statement(index)) != nil else {
                                throw PrototypeError.missingRow("statement \(statement(index))")
                            }
                        }
                        return reads
                    })
                }
            }
            await ours.close()
            try grdb.pool.close()
            remove(path)
        }
        print("\nEvery run, in the order run (each vote run on a fresh copy of the seed; the reads of a round share one):\n")
        print(Report.rawTable(results))
        print("\nSummary over \(settings.rounds) rounds (median, min–max; ratios per round, > 1 = GRDB slower or costlier):\n")
        print(Report.summaryTable(results))
    }
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}
do {
    let prototype = Prototype(settings: try Settings(CommandLine.arguments.dropFirst()), logger: Logger(label: "sqlite-layer-prototype"))
    try await prototype.run()
} catch {
    FileHandle.standardError.write(Data("sqlite-layer-prototype: \(error)\n".utf8))
    exit(1)
}
