import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// Strict CBOR decoding of attestation objects ("none", and "packed" with a 1 KiB certificate)
/// against SHA-256 of the same bytes.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign(warmupIterations: 100)

    for (name, certificate) in [("none", 0), ("packed", 1_024)] {
        let fixture = CBORFixture(certificateBytes: certificate)
        guard fixture.decode() else { fatalError("\(name) attestation object does not decode") }
        let label = "CBOR \(name) attestation \(fixture.bytes.count) B"
        Benchmark("\(label) | baseline: SHA-256 of the bytes") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.hash())
            }
        }
        Benchmark("\(label) | path: strict bounded decoding") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.decode())
            }
        }
    }
}
