import Benchmark

extension Benchmark.Configuration {
    /// The settings every Countersign benchmark runs with: wall clock, CPU, throughput and
    /// allocations in microseconds, so that a path and its baseline are always measured alike.
    /// Fast paths take more warm-up and time to settle; the defaults suit most.
    public static func countersign(warmupIterations: Int = 10, maxDuration: Duration = .seconds(2)) -> Benchmark.Configuration {
        .init(
            metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: warmupIterations,
            maxDuration: maxDuration,
            maxIterations: 1_000_000
        )
    }
}
