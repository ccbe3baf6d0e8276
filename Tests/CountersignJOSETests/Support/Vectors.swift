import CountersignJOSE
import Testing
import Foundation

/// The shared test vectors (../shared/vectors beside the repository, or $COUNTERSIGN_VECTORS).
enum Vectors {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        // Tests/CountersignJOSETests/Support/Vectors.swift -> package root -> ../shared/vectors
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/vectors")
    }()

    /// True when the vectors folder is present; suites that need it are disabled otherwise.
    static let available = FileManager.default.fileExists(atPath: directory.path)

    static let missingReason: Comment = "shared/vectors not found beside the repository (set COUNTERSIGN_VECTORS)"

    /// The bytes of a vector file.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    /// A vector file parsed with Countersign's own strict parser.
    static func json(_ relativePath: String) throws -> JSONObject {
        let value = try JSONParser(limits: .init(maxBytes: 32 << 20, maxDepth: 64)).parse(try bytes(relativePath))
        guard case .object(let object) = value else { throw VectorError.notAnObject(relativePath) }
        return object
    }

    /// The names of the files in a vector sub-folder.
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path).sorted()
    }

    enum VectorError: Error { case notAnObject(String), missing(String) }
}

extension JSONObject {
    /// A member that a vector file must have, as a string.
    func requiredString(_ name: String) throws -> String {
        guard let value = self[name]?.stringValue else { throw Vectors.VectorError.missing(name) }
        return value
    }

    /// A member that a vector file must have, as an object.
    func requiredObject(_ name: String) throws -> JSONObject {
        guard let value = self[name]?.objectValue else { throw Vectors.VectorError.missing(name) }
        return value
    }
}
