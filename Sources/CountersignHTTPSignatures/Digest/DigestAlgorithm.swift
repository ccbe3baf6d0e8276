import Crypto

/// A Content-Digest hash algorithm (RFC 9530 section 5, the "active" ones only).
///
/// md5, sha, adler, crc32c and the unix checksums are deprecated or insecure: a Content-Digest
/// naming only those is treated as naming no supported algorithm.
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha256 = "sha-256"
    case sha512 = "sha-512"

    /// The digest of `body`.
    public func digest(_ body: some Sequence<UInt8>) -> [UInt8] {
        let bytes = Array(body)
        return switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}
