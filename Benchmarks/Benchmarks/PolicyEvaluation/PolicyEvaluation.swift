import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Full policy evaluation of a flat majority policy with 10, 100 and 1,000 signers, all approving,
/// against a loop over the same votes summing weights: the least any evaluator must do. (The
/// votes' signature verifications, about one raw Ed25519 verification each, are measured in
/// JOSEVerification; evaluation is compared with the counting loop so its own cost stays visible.)
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign()

    for signers in [10, 100, 1_000] {
        guard let fixture = try? PolicyFixture(signers: signers), fixture.evaluate(), fixture.countWeights() else {
            fatalError("policy fixture with \(signers) signers could not be built or is not approved")
        }
        Benchmark("Policy \(signers) signers | baseline: loop summing the votes' weights") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.countWeights())
            }
        }
        Benchmark("Policy \(signers) signers | path: full evaluation with timeline and explanation") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.evaluate())
            }
        }
    }
}
