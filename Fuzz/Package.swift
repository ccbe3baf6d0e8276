// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// libFuzzer targets for the WebAuthn parsers. They live in their own package (and build folder,
// Fuzz/.build) because they are compiled with -sanitize=fuzzer,address, which must never reach
// the product or its tests. Build and run them with scripts/fuzz (docs/testing.md).
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
        .executableTarget(
            name: "FuzzCBOR",
            dependencies: ["LibFuzzerEntry", .product(name: "CountersignWebAuthn", package: rootPackage)]
        ),
        .executableTarget(
            name: "FuzzAttestationObject",
            dependencies: ["LibFuzzerEntry", .product(name: "CountersignWebAuthn", package: rootPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
