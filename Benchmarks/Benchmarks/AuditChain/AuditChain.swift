import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Audit chain verification of 100 events (divide by 100 for the cost per event) against SHA-256
/// over the same events' canonical bytes, and the checkpoint's verification against its raw
/// Ed25519 verification.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign()

    guard let fixture = try? AuditFixture(count: 100), fixture.verifyChain(), fixture.verifyCheckpoint(),
          fixture.verifyCheckpointRaw()
    else { fatalError("audit fixture could not be built or does not verify") }

    Benchmark("Audit chain 100 events | baseline: SHA-256 of each event's bytes") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.hashEvents())
        }
    }
    Benchmark("Audit chain 100 events | path: recompute every hash, check every link") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyChain())
        }
    }
    Benchmark("Audit checkpoint | baseline: raw Ed25519 verification") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyCheckpointRaw())
        }
    }
    Benchmark("Audit checkpoint | path: parse compact JWS, verify, read size, head, time") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyCheckpoint())
        }
    }
}
