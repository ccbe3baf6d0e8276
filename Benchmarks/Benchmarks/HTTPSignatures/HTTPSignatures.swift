import Benchmark
import BenchmarkFixtures
import BenchmarkSettings

/// RFC 9421 verification of a signed POST with a 1 KiB body, a member's Ed25519 signature and the
/// admin's hmac-sha256, against the raw primitive over the same signature base.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .countersign(warmupIterations: 100)

    for (name, signer) in [("member ed25519", HTTPSignatureFixture.Signer.member), ("admin hmac-sha256", .admin)] {
        guard let fixture = try? HTTPSignatureFixture(signer), fixture.verify(), fixture.verifyRaw() else {
            fatalError("\(name) request fixture could not be built or does not verify")
        }
        Benchmark("RFC 9421 \(name) | baseline: raw primitive over the signature base") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verifyRaw())
            }
        }
        Benchmark("RFC 9421 \(name) | path: parse fields, check coverage and time, rebuild base, verify, check digest") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.verify())
            }
        }
    }
}
