import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Offline verification of a General JWS with 1, 3 and 10 Ed25519 signers against the cost of its
/// raw signature verifications over the same bytes (docs/PERFORMANCE.md: within 10% for 3).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign(warmupIterations: 100, maxDuration: .seconds(3))

    for signers in [1, 3, 10] {
        guard let fixture = try? EnvelopeFixture(signers: signers), fixture.verifyRaw(), fixture.verifyEnvelope() else {
            fatalError("envelope fixture could not be built or does not verify")
        }
        Benchmark("JWS General \(signers) signers | baseline: \(signers) raw Curve25519 verifications") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verifyRaw())
            }
        }
        Benchmark("JWS General \(signers) signers | path: parse, resolve keys, verify, policy all") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verifyEnvelope())
            }
        }
    }
}
