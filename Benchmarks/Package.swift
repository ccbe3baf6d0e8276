// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Benchmarks live in their own package so the product and its tests never build the benchmark
// harness. Run them with scripts/bench (release build, ratios against a baseline in the same run).
/// One ordo-one benchmark executable per folder under Benchmarks/, each run by the plugin.
let benchmarkNames = [
    "JOSEVerification", "WebAuthnAssertion", "CanonicalJSON", "PolicyEvaluation", "CBORDecoding", "HTTPSignatures", "AuditChain",
]

func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchmarkFixtures", "BenchmarkSettings", .product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "countersign-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Only for sqlite-layer-prototype (the measured comparison of GRDB with the store's own
        // SQLite layer); pinned, as the comparison is of this version.
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    ],
    targets: [
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "CountersignJSON", package: rootPackage),
                .product(name: "CountersignJOSE", package: rootPackage),
                .product(name: "CountersignWebAuthn", package: rootPackage),
                .product(name: "Countersign", package: rootPackage),
                .product(name: "CountersignHTTPSignatures", package: rootPackage),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "jose-profile", dependencies: ["BenchmarkFixtures"]),
        .executableTarget(name: "webauthn-profile", dependencies: ["BenchmarkFixtures"]),
        // Writes fixtures as JSON for scripts/bench-compare.py (py_webauthn and joserfc).
        .executableTarget(
            name: "fixture-export",
            dependencies: ["BenchmarkFixtures", .product(name: "CountersignJSON", package: rootPackage)]
        ),
        // The scale setup (scripts/bench-scale): seeds a store with statements and votes, then
        // times listing, fetching and evidence export against a release server on it.
        .executableTarget(
            name: "countersign-scale",
            dependencies: [
                "BenchmarkOptions",
                .product(name: "Countersign", package: rootPackage),
                .product(name: "CountersignJSON", package: rootPackage),
                .product(name: "CountersignJOSE", package: rootPackage),
                .product(name: "CountersignStore", package: rootPackage),
                .product(name: "CountersignServer", package: rootPackage),
                .product(name: "CountersignClient", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP load generator (scripts/bench-load): a client of a running release server.
        .executableTarget(
            name: "countersign-load",
            dependencies: [
                .product(name: "CountersignClient", package: rootPackage),
                .product(name: "CountersignJSON", package: rootPackage),
                .product(name: "CountersignJOSE", package: rootPackage),
                .product(name: "Countersign", package: rootPackage),
                .product(name: "CountersignHTTPSignatures", package: rootPackage),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The measured prototype behind the choice of SQLite layer (scripts/bench-sqlite-layer): one
        // vote's transaction through the store's own layer and through GRDB on the same schema.
        .executableTarget(
            name: "sqlite-layer-prototype",
            dependencies: [
                "BenchmarkOptions",
                .product(name: "Countersign", package: rootPackage),
                .product(name: "CountersignJSON", package: rootPackage),
                .product(name: "CountersignStore", package: rootPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The `--name value` command lines of countersign-scale and sqlite-layer-prototype.
        .target(name: "BenchmarkOptions"),
        // The run settings every benchmark shares; kept out of BenchmarkFixtures so the callgrind
        // profiles above never link the harness and its malloc interposer.
        .target(name: "BenchmarkSettings", dependencies: [.product(name: "Benchmark", package: "benchmark")]),
    ] + benchmarkNames.map(benchmarkTarget),
    swiftLanguageModes: [.v6]
)
