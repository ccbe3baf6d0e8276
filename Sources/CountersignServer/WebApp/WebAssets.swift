import Foundation

/// The web app's files, read once at startup from a folder (the resource bundle's `Web`, or the
/// folder of `serve --web-root`) into an immutable table keyed by URL path.
///
/// Serving is a lookup of the request path in that table, so no request path is ever joined to
/// a file path: `..`, encoded dots, symbolic links and directories cannot reach anything that
/// was not loaded, and a directory is never listed. Only regular files of known kinds
/// (`WebAsset.knownTypes`), whose every path segment is made of letters, digits, `-`, `_` and
/// `.` without a leading dot, are loaded; the whole set is bounded in size.
public struct WebAssets: Sendable {
    /// Files by URL path ("/assets/app.css", "/index.html").
    let files: [String: WebAsset]

    /// Largest total size loaded; the web app is a few hundred kilobytes.
    static let maxTotalBytes = 32 << 20

    public enum LoadError: Error, CustomStringConvertible {
        case notAFolder(String)
        case tooLarge(String)
        case missingPage(String)
        case noBundle

        public var description: String {
            switch self {
            case .notAFolder(let path): "the web root \(path) is not a readable folder"
            case .tooLarge(let path): "the web root \(path) holds more than \(WebAssets.maxTotalBytes >> 20) MiB of files"
            case .missingPage(let name): "the web root has no \(name)"
            case .noBundle:
                "the web app's files (\(WebAssets.bundleNames[0])) are not next to the binary; copy them along, or pass --web-root DIR"
            }
        }
    }

    /// No files: every page path falls through to 404 (for servers that serve the API only).
    public static let empty = WebAssets(files: [:])

    init(files: [String: WebAsset]) {
        self.files = files
    }

    /// Loads the folder `root`; it must hold at least the dashboard (index.html), a check that
    /// `--web-root` names the right folder.
    public static func load(from root: URL) throws -> WebAssets {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError.notAFolder(root.path)
        }
        var files: [String: WebAsset] = [:]
        var total = 0
        try collect(root, urlPath: "", into: &files, total: &total, root: root)
        guard files["/index.html"] != nil else { throw LoadError.missingPage("index.html") }
        return WebAssets(files: files)
    }

    /// The web app shipped in the server's resource bundle, which SwiftPM puts next to the binary.
    public static func bundled() throws -> WebAssets {
        // Bundle.module stops the process when the bundle is missing (a binary copied without
        // it), so its presence is checked first, to fail with advice instead.
        let folders = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()].compactMap { $0 }
        let present = folders.contains { folder in
            bundleNames.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        }
        guard present, let url = Bundle.module.url(forResource: "Web", withExtension: nil) else { throw LoadError.noBundle }
        return try load(from: url)
    }

    /// The resource bundle's name on Linux and on Apple platforms.
    static let bundleNames = ["countersign_CountersignServer.resources", "countersign_CountersignServer.bundle"]

    private static func collect(_ folder: URL, urlPath: String, into files: inout [String: WebAsset], total: inout Int, root: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for name in names where isSafeSegment(name) {
            let url = folder.appendingPathComponent(name)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory {
                try collect(url, urlPath: urlPath + "/" + name, into: &files, total: &total, root: root)
            } else if type == .typeRegular, WebAsset.isServable(name) {
                let data = try Data(contentsOf: url)
                total += data.count
                guard total <= maxTotalBytes else { throw LoadError.tooLarge(root.path) }
                files[urlPath + "/" + name] = WebAsset(bytes: Array(data), fileName: name)
            }
        }
    }

    /// A path segment the table may hold: no leading dot, only [A-Za-z0-9._-], at most 100.
    static func isSafeSegment(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 100, !name.hasPrefix(".") else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    /// The file for a request path: a page path maps to its HTML file, /assets/... to itself.
    func asset(forPath path: String) -> WebAsset? {
        if let page = WebPages.page(forPath: path) { return files["/" + page] }
        guard path.hasPrefix("/assets/") else { return nil }
        return files[path]
    }
}
