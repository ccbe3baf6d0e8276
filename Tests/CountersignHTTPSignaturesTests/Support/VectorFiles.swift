import Foundation
import Testing

/// Locates the shared test vectors at `<package root>/../shared/vectors` (or
/// `$COUNTERSIGN_VECTORS`), as CountersignJOSETests' locator does; test targets cannot share
/// sources, so this is the short copy of it that this suite needs.
enum VectorFiles {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // CountersignHTTPSignaturesTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        return packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/vectors", isDirectory: true).standardizedFileURL
    }()

    /// True if the vector directory exists.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Why a suite that needs the vectors is disabled.
    static let missingReason: Comment = "shared/vectors not found beside the repository (set COUNTERSIGN_VECTORS)"

    /// A vector file decoded with `JSONDecoder`.
    static func decode<Value: Decodable>(_ type: Value.Type, from relativePath: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }
}
