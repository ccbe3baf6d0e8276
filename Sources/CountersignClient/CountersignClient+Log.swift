import Countersign
import CountersignTLog
import Foundation
import NIOHTTP1

/// The transparency log over HTTP (docs/transparency.md): the checkpoint, entry bundles, and
/// the log's vkey as /readyz publishes it.
extension CountersignClient {
    /// Largest entry bundle read: 256 entries of at most 65,535 bytes with their lengths.
    static let maxBundleBytes = 256 * 65_537

    /// GET /log/checkpoint (public), parsed as a signed note; not verified here.
    public func logCheckpoint() async throws(CountersignClientError) -> SignedNote {
        let bytes = try await send(.GET, "/log/checkpoint", signed: false)
        do {
            return try SignedNote(parsing: bytes)
        } catch {
            throw .invalidResponse("GET /log/checkpoint: \(error)")
        }
    }

    /// The log's vkey as the server's /readyz states it (trust on first use only: pin it).
    public func logVerifierKey() async throws(CountersignClientError) -> String {
        let bytes = try await send(.GET, "/readyz", expected: [200, 503], signed: false)
        let response = try ResponseObject(parsing: bytes, what: "GET /readyz")
        return try response.child("log").string("vkey")
    }

    /// The entries with indexes in `range`, from the entry bundles (signed requests, unless the
    /// client is anonymous: tiles are for members and the admin unless the log is public). Each bundle is checked for its exact length.
    public func logEntries(_ range: Range<Int64>) async throws(CountersignClientError) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        guard !range.isEmpty else { return entries }
        var bundle = range.lowerBound / TileGeometry.width
        while bundle * TileGeometry.width < range.upperBound {
            let start = bundle * TileGeometry.width
            let width = Int(min(TileGeometry.width, range.upperBound - start))
            let path = "/log/" + TilePath(level: nil, index: bundle, width: width).description
            let signed: Bool
            if case .anonymous = credentials { signed = false } else { signed = true }
            let bytes = try await send(.GET, path, limit: Self.maxBundleBytes, signed: signed)
            var offset = 0
            var read: [[UInt8]] = []
            while offset < bytes.count {
                guard offset + 2 <= bytes.count else { throw .invalidResponse("GET \(path): a truncated entry length") }
                let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
                guard offset + 2 + length <= bytes.count else { throw .invalidResponse("GET \(path): a truncated entry") }
                read.append(Array(bytes[offset + 2 ..< offset + 2 + length]))
                offset += 2 + length
            }
            guard read.count == width else { throw .invalidResponse("GET \(path): \(read.count) entries, not \(width)") }
            let skip = Int(max(0, range.lowerBound - start))
            entries += read.dropFirst(skip)
            bundle += 1
        }
        return entries
    }
}
