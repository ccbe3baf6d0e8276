import Foundation

/// A fresh directory for one test's files, removed when the test is done with it.
struct TemporaryDirectory: Sendable {
    let url: URL

    /// Creates a directory, passes it to `body`, and removes it afterwards, whether `body`
    /// returned or threw.
    static func with<Result>(_ body: (TemporaryDirectory) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("countersign-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(TemporaryDirectory(url: url))
    }

    /// The path of `name` inside this directory, as the CLI takes it.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let path = path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(name))
    }
}
