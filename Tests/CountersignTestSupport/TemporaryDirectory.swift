import Foundation

/// A fresh directory for one test's files, readable by this user only (0700, files 0600: the
/// private keys a test hands to the CLI are no one else's business).
package struct TemporaryDirectory: Sendable {
    package let url: URL

    /// Creates the directory; `remove()` deletes it.
    package init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("countersign-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    /// Creates a directory, passes it to `body`, and removes it afterwards, whether `body`
    /// returned or threw.
    package static func with<Result>(_ body: (TemporaryDirectory) async throws -> Result) async throws -> Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try await body(directory)
    }

    /// The path of `name` inside this directory, as the CLI takes it.
    package func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `name` (mode 0600); its path.
    @discardableResult
    package func write(_ name: String, _ data: Data) throws -> String {
        let path = path(name)
        try data.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @discardableResult
    package func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try write(name, Data(bytes))
    }

    package func read(_ name: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(name))
    }

    package func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
