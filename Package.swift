// swift-tools-version:6.1
import PackageDescription

// Countersign: multi-party approval with passkeys. The modules are layered as in
// DESIGN.md section 2; dependency arrows point down only:
//   countersign (CLI) -> ... -> CountersignJOSE
let package = Package(
    name: "countersign",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CountersignJOSE", targets: ["CountersignJOSE"]),
        .library(name: "CountersignWebAuthn", targets: ["CountersignWebAuthn"]),
        .library(name: "Countersign", targets: ["Countersign"]),
        .executable(name: "countersign", targets: ["countersign"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "CountersignJOSE",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CountersignWebAuthn",
            dependencies: [
                "CountersignJOSE",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "Countersign",
            dependencies: [
                "CountersignJOSE",
                "CountersignWebAuthn",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "countersign",
            dependencies: [
                "CountersignJOSE",
                "CountersignWebAuthn",
                "Countersign",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CountersignJOSETests",
            dependencies: [
                "CountersignJOSE",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CountersignWebAuthnTests",
            dependencies: [
                "CountersignWebAuthn",
                "CountersignJOSE",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CountersignTests",
            dependencies: [
                "Countersign",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CountersignCLITests",
            dependencies: ["countersign", "CountersignJOSE", "Countersign", .product(name: "Crypto", package: "swift-crypto")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
