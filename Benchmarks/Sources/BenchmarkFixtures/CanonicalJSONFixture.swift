import CountersignJSON
import Crypto
import Foundation

/// A statement-shaped JSON document of about `bytes` bytes, written non-canonically (members out of
/// order, spaces), and the three things done with such bytes: Countersign's parse and JCS
/// canonicalisation, Foundation's plain parse, and a SHA-256 of the same bytes.
public struct CanonicalJSONFixture: Sendable {
    public let bytes: [UInt8]
    let data: Data

    public init(bytes target: Int) {
        var lines: [String] = []
        var size = 0
        var index = 0
        while size < target {
            let line = "{\"note\": \"line \(index) of the change, with some text to approve\", \"amount\": \(index * 37 % 1000).25, \"ok\": true}"
            lines.append(line)
            size += line.utf8.count + 2
            index += 1
        }
        let text = "{\"title\": \"Quarterly release\", \"countersign\": \"statement/v1\", \"items\": [\(lines.joined(separator: ", "))]}"
        bytes = Array(text.utf8)
        data = Data(bytes)
    }

    /// The path: strict parse into a JSON value, then its JCS bytes (what a statement goes through).
    public func canonicalize() -> Int {
        guard let value = try? JSONParser().parse(bytes) else { return 0 }
        return JCS.canonicalize(value).count
    }

    /// A baseline: SHA-256 of the same bytes (the digest every statement also gets).
    public func hash() -> Int {
        SHA256.hash(data: bytes).withUnsafeBytes { Int($0[0]) }
    }

    /// A baseline: Foundation's parse of the same bytes, without canonicalisation.
    public func foundationParse() -> Bool {
        (try? JSONSerialization.jsonObject(with: data)) != nil
    }
}
