import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Passkey assertion verification from AuthenticationResponseJSON bytes against one raw
/// verification of the same signature, for ES256 (bar: at least 80% of the raw P-256 throughput)
/// and Ed25519 (COSE OKP) credentials.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign(warmupIterations: 100, maxDuration: .seconds(3))

    for (name, algorithm) in [("ES256", AssertionFixture.Algorithm.es256), ("Ed25519", .ed25519)] {
        guard let fixture = try? AssertionFixture(algorithm: algorithm), fixture.verifyRaw(), fixture.verifyAssertion() else {
            fatalError("\(name) assertion fixture could not be built or does not verify")
        }
        Benchmark("\(name) assertion | baseline: one raw signature verification") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verifyRaw())
            }
        }
        Benchmark("\(name) assertion | path: parse response JSON, check client and authenticator data, verify") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verifyAssertion())
            }
        }
    }
}
