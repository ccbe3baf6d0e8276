import Foundation
import Testing

/// Locates the shared test vectors at `<package root>/../shared/vectors` (or
/// `$COUNTERSIGN_VECTORS`), as CountersignJOSETests' locator does; test targets cannot share
/// sources, so this is the short copy of it that the JCS suite needs.
enum VectorFiles {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // CountersignJSONTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        return packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/vectors", isDirectory: true).standardizedFileURL
    }()

    /// True if the vector directory exists.
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Why a suite that needs the vectors is disabled.
    static let missingReason: Comment = "shared/vectors not found beside the repository (set COUNTERSIGN_VECTORS)"

    /// The bytes of a vector file given relative to the vector directory, e.g. "jcs/input/arrays.json".
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }
}
