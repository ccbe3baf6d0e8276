import Benchmark
import BenchmarkFixtures

/// ES256 passkey assertion verification from AuthenticationResponseJSON bytes against one raw
/// P-256 verification of the same signature (bar: at least 80% of the raw throughput).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 100,
        maxDuration: .seconds(4),
        maxIterations: 1_000_000
    )

    guard let fixture = try? AssertionFixture(), fixture.verifyRaw(), fixture.verifyAssertion() else {
        fatalError("assertion fixture could not be built or does not verify")
    }

    Benchmark("p256: raw P-256 verification of the digest") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyRaw())
        }
    }

    Benchmark("assertion: parse response JSON, check client and authenticator data, verify ES256") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyAssertion())
        }
    }
}
