import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's CPU time so far (user plus system, every thread), in microseconds: the cost
/// of a run is the difference across it, whichever threads (ours, GRDB's dispatch queues,
/// the concurrency pool) did the work.
func processCPUMicroseconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { fatalError("getrusage(RUSAGE_SELF) failed: errno \(errno)") }
    func micros(_ time: timeval) -> Double { Double(time.tv_sec) * 1_000_000 + Double(time.tv_usec) }
    return micros(usage.ru_utime) + micros(usage.ru_stime)
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// What one run of one workload on one side cost.
struct RunResult: Sendable {
    /// The workload's row in the table ("sequential vote", …).
    let workload: String
    /// "ours", "ours, no group commit", "GRDB", "GRDB batched" or "GRDB blocking".
    let side: String
    let round: Int
    /// Operations completed (transactions or reads).
    let count: Int
    let wallSeconds: Double
    let cpuMicroseconds: Double

    var wallMicrosecondsPerOperation: Double { wallSeconds * 1_000_000 / Double(max(count, 1)) }
    var cpuMicrosecondsPerOperation: Double { cpuMicroseconds / Double(max(count, 1)) }
    var operationsPerSecond: Double { Double(count) / max(wallSeconds, 1e-9) }
}

/// Times `work`, which reports how many operations it completed: wall time on the continuous
/// clock, CPU time from getrusage, both as differences across the call.
func measure(
    workload: String, side: String, round: Int, _ work: () async throws -> Int
) async throws -> RunResult {
    let clock = ContinuousClock()
    let cpuBefore = processCPUMicroseconds()
    let start = clock.now
    let count = try await work()
    let wall = (clock.now - start).seconds
    let cpu = processCPUMicroseconds() - cpuBefore
    return RunResult(workload: workload, side: side, round: round, count: count, wallSeconds: wall, cpuMicroseconds: cpu)
}

/// The Markdown tables of a run: every round's figures, then per workload and side the median
/// and the spread (min–max) across rounds, and GRDB's ratio to ours.
enum Report {
    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }

    /// One line per run, in the order the runs happened.
    static func rawTable(_ results: [RunResult]) -> String {
        var lines = [
            "| round | workload | side | count | wall s | wall µs/op | CPU µs/op | ops/s |",
            "|---:|---|---|---:|---:|---:|---:|---:|",
        ]
        for result in results {
            lines.append(
                "| \(result.round) | \(result.workload) | \(result.side) | \(result.count) | \(String(format: "%.2f", result.wallSeconds)) | "
                    + "\(format(result.wallMicrosecondsPerOperation)) | \(format(result.cpuMicrosecondsPerOperation)) | "
                    + "\(format(result.operationsPerSecond)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Median, min and max of `values` (not empty).
    static func spread(_ values: [Double]) -> (median: Double, min: Double, max: Double) {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return (median, sorted[0], sorted[sorted.count - 1])
    }

    /// Per workload and side: the median with min–max of wall µs/op, CPU µs/op and ops/s; and each
    /// GRDB side's per-round ratios to ours (the rounds pair up: they ran back to back).
    static func summaryTable(_ results: [RunResult]) -> String {
        var lines = [
            "| workload | side | wall µs/op median (min–max) | CPU µs/op median (min–max) | ops/s median (min–max) | GRDB/ours wall per round | GRDB/ours CPU per round |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        var workloads: [String] = []
        for result in results where !workloads.contains(result.workload) { workloads.append(result.workload) }
        for workload in workloads {
            let runs = results.filter { $0.workload == workload }
            var sides: [String] = []
            for run in runs where !sides.contains(run.side) { sides.append(run.side) }
            let ours = runs.filter { $0.side == "ours" }
            for side in sides {
                let mine = runs.filter { $0.side == side }
                let wall = spread(mine.map(\.wallMicrosecondsPerOperation))
                let cpu = spread(mine.map(\.cpuMicrosecondsPerOperation))
                let rate = spread(mine.map(\.operationsPerSecond))
                var wallRatios = "–"
                var cpuRatios = "–"
                if side.hasPrefix("GRDB") {
                    let paired = mine.compactMap { run in ours.first { $0.round == run.round }.map { (run, $0) } }
                    wallRatios = paired.map { ratio($0.0.wallMicrosecondsPerOperation / $0.1.wallMicrosecondsPerOperation) }.joined(separator: ", ")
                    cpuRatios = paired.map { ratio($0.0.cpuMicrosecondsPerOperation / $0.1.cpuMicrosecondsPerOperation) }.joined(separator: ", ")
                }
                lines.append(
                    "| \(workload) | \(side) | \(format(wall.median)) (\(format(wall.min))–\(format(wall.max))) | "
                        + "\(format(cpu.median)) (\(format(cpu.min))–\(format(cpu.max))) | "
                        + "\(format(rate.median)) (\(format(rate.min))–\(format(rate.max))) | \(wallRatios) | \(cpuRatios) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
