import BenchmarkOptions
import Foundation
import Logging

// The scale setup of docs/PERFORMANCE.md ("Scale: 1,000,000 statements"), run by scripts/bench-scale:
//
//     countersign-scale seed --data-dir DIR [--database-url postgres://...] [--count 1000000] [--batch 5000]
//     countersign-scale measure --data-dir DIR --server http://127.0.0.1:PORT [--requests 2000] [--concurrency 16]
//
// `seed` fills an empty store (SQLite in DIR, or the PostgreSQL database) with statements, votes
// and audit events, and leaves in DIR the server's secrets, the members' keys (scale-team.json)
// and a sample of statement ids (scale-sample.json). `measure` times the read routes of a
// release `countersign serve` started on that data and prints a Markdown table.

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .notice
    return handler
}
let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "seed":
        let given = try CommandLineOptions.parse(arguments.dropFirst(2), allowed: ["data-dir", "database-url", "count", "batch"])
        guard let directory = given["data-dir"] else { throw ScaleError.usage("seed --data-dir DIR") }
        try await ScaleSeeder(
            dataDirectory: URL(fileURLWithPath: directory, isDirectory: true), databaseURL: given["database-url"],
            count: try CommandLineOptions.integer(given, "count", default: 1_000_000, range: 100...100_000_000),
            batch: try CommandLineOptions.integer(given, "batch", default: 5_000, range: 1...1_000_000), logger: Logger(label: "countersign.scale")
        ).run()
    case "measure":
        let given = try CommandLineOptions.parse(arguments.dropFirst(2), allowed: ["data-dir", "server", "requests", "concurrency"])
        guard let directory = given["data-dir"], let server = given["server"] else {
            throw ScaleError.usage("measure --data-dir DIR --server URL")
        }
        try await ScaleMeasurer(
            server: server, dataDirectory: URL(fileURLWithPath: directory, isDirectory: true),
            requests: try CommandLineOptions.integer(given, "requests", default: 2_000, range: 1...1_000_000),
            concurrency: try CommandLineOptions.integer(given, "concurrency", default: 16, range: 1...1_024)
        ).run()
    default:
        throw ScaleError.usage("countersign-scale seed|measure --data-dir DIR ...")
    }
} catch {
    FileHandle.standardError.write(Data("countersign-scale: \(error)\n".utf8))
    exit(1)
}
