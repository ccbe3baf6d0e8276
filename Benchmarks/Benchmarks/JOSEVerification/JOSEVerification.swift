import Benchmark
import BenchmarkFixtures

/// Offline verification of a 3-signature Ed25519 General JWS against the cost of its three raw
/// signature verifications over the same bytes (DESIGN.md section 8: within 10%); the same pair for
/// 1 and 10 signers shows how the overhead scales with the number of signatures.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 100,
        maxDuration: .seconds(4),
        maxIterations: 1_000_000
    )

    guard let fixture = try? EnvelopeFixture() else { fatalError("fixture could not be built") }

    Benchmark("baseline: 3 raw Curve25519 verifications") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyRaw())
        }
    }

    Benchmark("envelope: parse, resolve keys, verify 3 signatures, policy all") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.verifyEnvelope())
        }
    }

    for signers in [1, 10] {
        guard let scaled = try? EnvelopeFixture(signers: signers) else { fatalError("fixture could not be built") }
        Benchmark("baseline \(signers): \(signers) raw Curve25519 verifications") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(scaled.verifyRaw())
            }
        }
        Benchmark("envelope \(signers): parse, resolve keys, verify \(signers) signatures, policy all") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(scaled.verifyEnvelope())
            }
        }
    }
}
