// swift-tools-version:6.1
import PackageDescription

// Countersign: multi-party approval with passkeys. The modules are layered as
// docs/architecture.md shows; dependency arrows point down only:
//   countersign (CLI) -> ... -> CountersignJOSE -> CountersignJSON
let package = Package(
    name: "countersign",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CountersignJSON", targets: ["CountersignJSON"]),
        .library(name: "CountersignJOSE", targets: ["CountersignJOSE"]),
        .library(name: "CountersignTLog", targets: ["CountersignTLog"]),
        .library(name: "CountersignWebAuthn", targets: ["CountersignWebAuthn"]),
        .library(name: "Countersign", targets: ["Countersign"]),
        .library(name: "CountersignHTTPSignatures", targets: ["CountersignHTTPSignatures"]),
        .library(name: "CountersignStore", targets: ["CountersignStore"]),
        .library(name: "CountersignServer", targets: ["CountersignServer"]),
        .library(name: "CountersignClient", targets: ["CountersignClient"]),
        .executable(name: "countersign", targets: ["countersign"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-http-structured-headers.git", from: "1.7.0"),
        // Imported directly (not only through Hummingbird, AsyncHTTPClient and the drivers), so
        // declared: a module uses only what its own target names.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // TLS for the SMTP client (smtps:// and STARTTLS); already in the graph through AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Strict JSON (I-JSON parsing with limits and exact numbers, RFC 8785 canonicalization) and
        // the text encodings of bytes in JSON documents (base64url, hex). The lowest module, under
        // CountersignJOSE: no dependencies, pure.
        .target(name: "CountersignJSON"),
        // JWS in all three serializations with verification policies, and JWK (thumbprints, Ed25519,
        // P-256, ML-DSA), on swift-crypto and CountersignJSON.
        .target(
            name: "CountersignJOSE",
            dependencies: [
                "CountersignJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The transparency log's formats and proofs (C2SP signed-note, tlog-checkpoint, tlog-tiles,
        // tlog-cosignature, tlog-proof; RFC 9162 hashing): pure, no I/O.
        .target(
            name: "CountersignTLog",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "CountersignWebAuthn",
            dependencies: [
                "CountersignJSON",
                "CountersignJOSE",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            // The public list of passkey providers' AAGUIDs with their names and icons
            // (PasskeyProviders.swift), compiled in.
            resources: [.embedInCode("Resources/passkey-providers.json")]
        ),
        .target(
            name: "Countersign",
            dependencies: [
                "CountersignJSON",
                "CountersignJOSE",
                "CountersignTLog",
                "CountersignWebAuthn",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CountersignHTTPSignatures",
            dependencies: [
                "CountersignJSON",
                "CountersignJOSE",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "RawStructuredFieldValues", package: "swift-http-structured-headers"),
            ]
        ),
        // The system's SQLite C library (libsqlite3-dev), the one copy of SQLite in the process.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "CountersignStore",
            dependencies: [
                "Countersign",
                "CountersignTLog",
                "CountersignJSON",
                "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CountersignServer",
            dependencies: [
                "Countersign",
                "CountersignTLog",
                "CountersignJSON",
                "CountersignJOSE",
                "CountersignWebAuthn",
                "CountersignHTTPSignatures",
                "CountersignStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The web app (pages, styles, modules), served as is: no build step. The API's
            // description is compiled in (API/OpenAPIDocument.swift).
            resources: [.copy("WebApp/Web"), .embedInCode("API/openapi.yaml")]
        ),
        .target(
            name: "CountersignClient",
            dependencies: [
                "Countersign",
                "CountersignTLog",
                "CountersignJSON",
                "CountersignJOSE",
                "CountersignHTTPSignatures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "countersign",
            dependencies: [
                "CountersignJSON",
                "CountersignJOSE",
                "CountersignTLog",
                "CountersignWebAuthn",
                "Countersign",
                "CountersignHTTPSignatures",
                "CountersignClient",
                "CountersignServer",
                "CountersignStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "CountersignJSONTests",
            dependencies: [
                "CountersignJSON",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CountersignJOSETests",
            dependencies: ["CountersignJOSE", "CountersignJSON"]
        ),
        .testTarget(
            name: "CountersignTLogTests",
            dependencies: ["CountersignTLog", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "CountersignWebAuthnTests",
            dependencies: [
                "CountersignWebAuthn",
                "CountersignJOSE",
                "CountersignJSON",
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
                "CountersignWebAuthn",
                "CountersignJOSE",
                "CountersignJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CountersignHTTPSignaturesTests",
            dependencies: ["CountersignHTTPSignatures", "CountersignJOSE", "CountersignJSON", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "CountersignStoreTests",
            dependencies: ["CountersignStore", "Countersign", "CountersignJSON", "CountersignTLog", .product(name: "Logging", package: "swift-log")]
        ),
        // The helpers the server, CLI, browser and interop tests share: an in-process server over
        // real HTTP (TestServer), its clients, software passkeys, the built binary (CLI), child
        // processes that never block a thread (ProcessRunner), the test venv's Python. Not a test
        // target: it holds no tests.
        .target(
            name: "CountersignTestSupport",
            dependencies: [
                "CountersignJSON",
                "Countersign",
                "CountersignHTTPSignatures",
                "CountersignJOSE",
                "CountersignServer",
                "CountersignStore",
                "CountersignTLog",
                "CountersignWebAuthn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/CountersignTestSupport"
        ),
        // The server through HTTP: in-process servers (TestServer), and `countersign serve` as a child
        // process where a test kills or starts it (the binary is run, not imported).
        .testTarget(
            name: "CountersignServerTests",
            dependencies: [
                "countersign",
                "CountersignTestSupport",
                "CountersignJSON",
                "Countersign",
                "CountersignClient",
                "CountersignHTTPSignatures",
                "CountersignJOSE",
                "CountersignServer",
                "CountersignStore",
                "CountersignTLog",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The command line: the built binary run as a user runs it, against in-process servers where
        // a command needs one, and the `serve` settings (@testable import countersign).
        .testTarget(
            name: "CountersignCLITests",
            dependencies: [
                "countersign",
                "CountersignTestSupport",
                "CountersignJSON",
                "Countersign",
                "CountersignClient",
                "CountersignJOSE",
                "CountersignServer",
                "CountersignTLog",
            ]
        ),
        // The web app and WebAuthn in a real browser: Debian's chromium with its virtual authenticator,
        // driven by selenium (Tests/browser), against the built binary.
        .testTarget(
            name: "CountersignBrowserTests",
            dependencies: ["countersign", "CountersignTestSupport"]
        ),
        // Agreement with independent implementations run through the test venv's Python: joserfc and
        // jwcrypto on Countersign's envelopes, the C2SP witness and verifier on the transparency log
        // (Tests/interop).
        .testTarget(
            name: "CountersignInteropTests",
            dependencies: [
                "countersign",
                "CountersignTestSupport",
                "CountersignJSON",
                "Countersign",
                "CountersignJOSE",
                "CountersignServer",
                "CountersignTLog",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
