import Crypto
import Foundation

/// The bearer token that protects GET /metrics when the operator sets `--metrics-token-file`.
///
/// Metrics describe the traffic (routes, statuses, webhook outcomes); an operator who exposes the
/// server beyond a private network may not want anyone to read them. The token is read from a file
/// (never a flag: command lines are visible to every user of the machine) that must be its owner's
/// alone and hold a non-empty line. A presented token is compared with the configured one in
/// constant time: both are hashed with SHA-256 first, so neither their contents nor their lengths
/// shape the comparison's timing.
public struct MetricsToken: Sendable {
    private let digest: [UInt8]

    /// The token in `file`, surrounding whitespace ignored. Refuses a missing, unreadable or empty
    /// file, and one that group or others can read or write (with the chmod that fixes it).
    public init(file: URL) throws(ServerSecretsError) {
        guard FileManager.default.fileExists(atPath: file.path) else { throw .unusable(file.path, "the metrics token file does not exist") }
        try OwnerOnlyCheck.require(file, isFolder: false)
        guard let data = FileManager.default.contents(atPath: file.path) else { throw .unusable(file.path, "cannot read the metrics token file") }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .unusable(file.path, "the metrics token file is empty") }
        self.init(token: token)
    }

    /// A token given directly (tests).
    public init(token: String) {
        digest = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether an Authorization field value is `Bearer <this token>`, compared in constant time.
    func authorizes(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        let scheme = "bearer "
        guard authorization.count > scheme.count, authorization.prefix(scheme.count).lowercased() == scheme else { return false }
        let presented = Array(SHA256.hash(data: Array(authorization.dropFirst(scheme.count).utf8)))
        var difference: UInt8 = 0
        for (left, right) in zip(presented, digest) { difference |= left ^ right }
        return difference == 0
    }
}
