import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Strict parse and JCS canonicalisation of 1 KiB and 100 KiB statements against SHA-256 of the
/// same bytes, with Foundation's plain parse beside them as a second reference.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign()

    for (name, size) in [("1 KiB", 1 << 10), ("100 KiB", 100 << 10)] {
        let fixture = CanonicalJSONFixture(bytes: size)
        guard fixture.canonicalize() > 0, fixture.foundationParse() else { fatalError("\(name) document does not parse") }
        Benchmark("JCS \(name) | baseline: SHA-256 of the bytes") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.hash())
            }
        }
        Benchmark("JCS \(name) | path: strict parse and JCS canonicalisation") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.canonicalize())
            }
        }
        Benchmark("JCS \(name) | reference: Foundation JSONSerialization parse") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.foundationParse())
            }
        }
    }
}
