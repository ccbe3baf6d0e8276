import CountersignJSON
import Foundation
import Testing

/// Locates the shared third-party test vectors (Wycheproof, ed25519-speccheck, …).
///
/// The vectors live next to the package checkout, at `<package root>/../shared/vectors`; the
/// package root is three directories above this file
/// (`Tests/CountersignJOSETests/Support/VectorFiles.swift`). The environment variable
/// `COUNTERSIGN_VECTORS` overrides the location. Suites that need the files use
/// `.enabled(if: VectorFiles.isAvailable, …)`, so a checkout without them skips those suites
/// with a reason instead of failing.
enum VectorFiles {
    /// The vector directory: `$COUNTERSIGN_VECTORS` if set, else `<root>/../shared/vectors`.
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // CountersignJOSETests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        return packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared", isDirectory: true)
            .appendingPathComponent("vectors", isDirectory: true)
            .standardizedFileURL
    }()

    /// True if the vector directory exists.
    static var isAvailable: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Why a suite that needs the vectors is disabled.
    static let missingReason: Comment = "shared/vectors not found beside the repository (set COUNTERSIGN_VECTORS)"

    /// The URL of a file given relative to the vector directory, e.g. "wycheproof/ed25519_test.json".
    static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The bytes of a vector file.
    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The bytes of a vector file as an array.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try data(relativePath))
    }

    /// A vector file parsed with Countersign's own strict parser.
    static func json(_ relativePath: String) throws -> JSONObject {
        let value = try JSONParser(limits: .init(maxBytes: 32 << 20, maxDepth: 64)).parse(try bytes(relativePath))
        guard case .object(let object) = value else { throw VectorFileError.notAnObject(relativePath) }
        return object
    }

    /// A vector file decoded with `JSONDecoder`.
    static func decode<Value: Decodable>(_ type: Value.Type, from relativePath: String) throws -> Value {
        try JSONDecoder().decode(type, from: data(relativePath))
    }

    /// A vector file parsed with `JSONSerialization` (for files whose members vary in type).
    static func jsonObject(_ relativePath: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data(relativePath)) as? [String: Any] else {
            throw VectorFileError.notAnObject(relativePath)
        }
        return object
    }
}

/// A vector file that does not have the expected shape.
enum VectorFileError: Error, CustomStringConvertible {
    case notAnObject(String)
    case malformed(String)

    var description: String {
        switch self {
        case .notAnObject(let path): "\(path): top level is not a JSON object"
        case .malformed(let reason): "malformed vector file: \(reason)"
        }
    }
}

extension JSONObject {
    /// A member that a vector file must have, as a string.
    func requiredString(_ name: String) throws -> String {
        guard let value = self[name]?.stringValue else { throw VectorFileError.malformed("missing string \(name)") }
        return value
    }

    /// A member that a vector file must have, as an object.
    func requiredObject(_ name: String) throws -> JSONObject {
        guard let value = self[name]?.objectValue else { throw VectorFileError.malformed("missing object \(name)") }
        return value
    }
}

/// Hex decoding for vector fields; a malformed field is a broken vector file, not a test result.
func vectorHex(_ text: String, _ field: String = "hex field") throws -> [UInt8] {
    guard let bytes = Hex.decode(text) else { throw VectorFileError.malformed("\(field) is not hex: \(text.prefix(40))") }
    return bytes
}
