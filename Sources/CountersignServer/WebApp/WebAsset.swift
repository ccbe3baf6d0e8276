import CountersignJSON
import Crypto

/// One file of the web app, held in memory: its bytes, its media type and an entity tag.
struct WebAsset: Sendable {
    let bytes: [UInt8]
    let contentType: String
    /// A strong validator: the first 16 bytes of the content's SHA-256, base64url, quoted.
    let etag: String

    init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        contentType = Self.contentType(of: fileName)
        etag = "\"" + Base64URL.encode(Array(SHA256.hash(data: bytes).prefix(16))) + "\""
    }

    /// The media type by file extension; files of any other kind are not served at all.
    static func contentType(of fileName: String) -> String {
        let lowered = fileName.lowercased()
        return knownTypes.first { lowered.hasSuffix($0.key) }?.value ?? "application/octet-stream"
    }

    /// The kinds of file the web app consists of.
    static let knownTypes: [String: String] = [
        ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
        ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".woff2": "font/woff2",
        ".txt": "text/plain; charset=utf-8",
    ]

    static func isServable(_ fileName: String) -> Bool {
        let lowered = fileName.lowercased()
        return knownTypes.keys.contains { lowered.hasSuffix($0) }
    }
}
