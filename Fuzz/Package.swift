// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One libFuzzer target per parser of outside input (docs/fuzzing.md); each depends on the shared
/// checks and the product modules it exercises.
func fuzzTarget(_ name: String, _ modules: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + modules.map { .product(name: $0, package: rootPackage) }
    )
}

// libFuzzer targets for every parser of outside input. They live in their own package (and build
// folder, Fuzz/.build) because they are compiled with -sanitize=fuzzer,address, which must never
// reach the product or its tests. Build and run them with scripts/fuzz (docs/fuzzing.md).
let package = Package(
    name: "countersign-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // Hands the process to libFuzzer: SwiftPM gives every executable its own entry point, so
        // libFuzzer's main cannot be the one that runs.
        .target(name: "LibFuzzerEntry"),
        // The entry point wrapper and the properties several targets check.
        .target(
            name: "FuzzSupport",
            dependencies: [
                "LibFuzzerEntry",
                .product(name: "CountersignJSON", package: rootPackage),
                .product(name: "CountersignJOSE", package: rootPackage),
                .product(name: "CountersignWebAuthn", package: rootPackage),
            ]
        ),
        fuzzTarget("FuzzCBOR", ["CountersignWebAuthn"]),
        fuzzTarget("FuzzAttestationObject", ["CountersignWebAuthn"]),
        fuzzTarget("FuzzCOSEKey", ["CountersignWebAuthn"]),
        fuzzTarget("FuzzAuthenticatorData", ["CountersignWebAuthn"]),
        fuzzTarget("FuzzClientData", ["CountersignWebAuthn", "CountersignJSON"]),
        fuzzTarget("FuzzWebAuthnResponse", ["CountersignWebAuthn"]),
        fuzzTarget("FuzzJSON", ["CountersignJSON"]),
        fuzzTarget("FuzzJWS", ["CountersignJOSE"]),
        fuzzTarget("FuzzJWK", ["CountersignJOSE", "CountersignJSON"]),
        fuzzTarget("FuzzPolicy", ["Countersign", "CountersignJSON"]),
        fuzzTarget("FuzzStatement", ["Countersign"]),
        fuzzTarget("FuzzEvidenceBundle", ["Countersign"]),
        fuzzTarget("FuzzKeyAttestationRecord", ["Countersign", "CountersignJOSE"]),
        fuzzTarget("FuzzUserToken", ["Countersign", "CountersignJOSE", "CountersignJSON"]),
        fuzzTarget("FuzzHTTPSignature", ["CountersignHTTPSignatures"]),
    ],
    swiftLanguageModes: [.v6]
)
